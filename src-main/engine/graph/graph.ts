// The graph builder: typed symbolic tensors, nodes with build-time shape inference, named inputs/outputs,
// initializers, and nested subgraphs (Loop bodies). Serialisation lives in serialize.ts.
import { type AnyTypedArray, type DType, dtypeOfArray, isFloat, typedArrayFrom } from './dtype'
import type { InferInput, OpSpec, TensorInfo } from './op-spec'
import { type Dim, type Shape, canonicalDim, formatShape, isStatic, numel } from './shape'

export type AttrValue =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'ints'; value: number[] }
  | { kind: 'floats'; value: number[] }
  | { kind: 'string'; value: string }
  | { kind: 'tensor'; value: ConstData }
  | { kind: 'graph'; value: Graph }

export type Attrs = Record<string, AttrValue>

export const attr = {
  int: (value: number): AttrValue => ({ kind: 'int', value }),
  float: (value: number): AttrValue => ({ kind: 'float', value }),
  ints: (value: number[]): AttrValue => ({ kind: 'ints', value }),
  floats: (value: number[]): AttrValue => ({ kind: 'floats', value }),
  string: (value: string): AttrValue => ({ kind: 'string', value }),
  tensor: (value: ConstData): AttrValue => ({ kind: 'tensor', value }),
  graph: (value: Graph): AttrValue => ({ kind: 'graph', value }),
}

export function intAttr(attrs: Attrs, name: string, fallback?: number): number {
  const a = attrs[name]
  if (a === undefined && fallback !== undefined) return fallback
  if (a?.kind !== 'int') throw new Error(`attribute "${name}" must be an int`)
  return a.value
}

export function floatAttr(attrs: Attrs, name: string, fallback?: number): number {
  const a = attrs[name]
  if (a === undefined && fallback !== undefined) return fallback
  if (a?.kind !== 'float') throw new Error(`attribute "${name}" must be a float`)
  return a.value
}

export function intsAttr(attrs: Attrs, name: string): number[] | undefined {
  const a = attrs[name]
  if (a === undefined) return undefined
  if (a.kind !== 'ints') throw new Error(`attribute "${name}" must be a list of ints`)
  return a.value
}

/** Constant tensor data: shape is static; the array's type is the dtype. */
export interface ConstData {
  data: AnyTypedArray
  shape: number[]
}

export class Tensor {
  constructor(
    readonly graph: Graph,
    readonly name: string,
    readonly dtype: DType,
    readonly shape: readonly Dim[],
    readonly producer: Node | null,
    /** The value of an int64 shape-like tensor when known at build time (possibly symbolic). */
    readonly known?: readonly Dim[],
  ) {}

  get rank(): number {
    return this.shape.length
  }

  toString(): string {
    return `${this.name}: ${this.dtype}${formatShape(this.shape)}`
  }
}

export interface Node {
  readonly name: string
  readonly spec: OpSpec
  readonly inputs: (Tensor | null)[]
  readonly outputs: Tensor[]
  readonly attrs: Attrs
}

export interface GraphInitializer {
  tensor: Tensor
  value: ConstData
}

/** Names are unique across a graph and its subgraphs, as ONNX requires for outer-scope references. */
class NameScope {
  private readonly used = new Set<string>()
  private counter = 0

  fresh(prefix: string): string {
    let name: string
    do name = `${prefix}_${this.counter++}`
    while (this.used.has(name))
    this.used.add(name)
    return name
  }

  claim(name: string, what: string): string {
    if (this.used.has(name)) throw new Error(`${what}: the name "${name}" is already used in this graph`)
    this.used.add(name)
    return name
  }
}

export class Graph {
  readonly nodes: Node[] = []
  readonly inputs: Tensor[] = []
  readonly outputs: Tensor[] = []
  readonly initializers: GraphInitializer[] = []
  private readonly names: NameScope
  private readonly scalarCache = new Map<string, Tensor>()

  constructor(
    readonly name: string,
    readonly parent: Graph | null = null,
  ) {
    this.names = parent ? parent.names : new NameScope()
  }

  /** A named graph input. String dims are symbolic: any size at run time, checked for consistency at build time. */
  input(name: string, dtype: DType, shape: Shape): Tensor {
    const t = new Tensor(this, this.names.claim(name, `graph "${this.name}" input`), dtype, shape.map(canonicalDim), null)
    this.inputs.push(t)
    return t
  }

  /** A constant stored as an initializer (weights, masks, shape vectors). Small int64 vectors keep a known value. */
  constant(data: AnyTypedArray, shape: readonly number[], name?: string): Tensor {
    if (numel(shape) !== data.length) {
      throw new Error(`constant ${name ?? ''}: ${data.length} values do not fill shape ${formatShape(shape)}`)
    }
    const dtype = dtypeOfArray(data)
    const known = dtype === 'int64' && shape.length <= 1 && data.length <= 1024 ? Array.from(data, Number) : undefined
    const tensorName = name ? this.names.claim(name, 'initializer') : this.names.fresh('const')
    const t = new Tensor(this, tensorName, dtype, shape, null, known)
    this.initializers.push({ tensor: t, value: { data, shape: [...shape] } })
    return t
  }

  /** A scalar constant, shared between uses (one initializer per value and dtype). */
  scalar(value: number, dtype: DType): Tensor {
    const key = `${dtype}:${value}`
    let t = this.scalarCache.get(key)
    if (!t) {
      t = this.constant(typedArrayFrom(dtype, [value]), [])
      this.scalarCache.set(key, t)
    }
    return t
  }

  /** A 1-D int64 constant (axes, shapes, split sizes). */
  int64s(values: readonly number[]): Tensor {
    return this.constant(typedArrayFrom('int64', values), [values.length])
  }

  /** Marks `t` as a graph output called `name` (an Identity node renames it when needed). */
  output(t: Tensor, name: string): Tensor {
    if (t.graph !== this && !this.isAncestorOf(t.graph)) {
      throw new Error(`output "${name}": tensor ${t.name} belongs to another graph`)
    }
    const renamed = this.names.claim(name, `graph "${this.name}" output`)
    const identity = this.addNode(IDENTITY_SPEC, [t], {}, [renamed])[0] as Tensor
    this.outputs.push(identity)
    return identity
  }

  /**
   * Marks a value computed by a node of this graph as an output under its own name, without the renaming Identity
   * (which copies its input): for Loop bodies, whose outputs are matched by position, not by name.
   */
  outputValue(t: Tensor): Tensor {
    if (t.graph !== this || !t.producer) throw new Error(`outputValue: ${t.name} is not computed in graph "${this.name}"`)
    if (this.outputs.includes(t)) throw new Error(`outputValue: ${t.name} is already an output of graph "${this.name}"`)
    this.outputs.push(t)
    return t
  }

  /** Adds a node of `spec`, inferring its outputs' types. */
  apply(spec: OpSpec, inputs: (Tensor | null)[], attrs: Attrs = {}): Tensor[] {
    return this.addNode(spec, inputs, attrs)
  }

  isAncestorOf(other: Graph): boolean {
    for (let g: Graph | null = other; g; g = g.parent) if (g === this) return true
    return false
  }

  private addNode(spec: OpSpec, inputs: (Tensor | null)[], attrs: Attrs, outputNames?: string[]): Tensor[] {
    const nodeName = this.names.fresh(spec.opType)
    for (const t of inputs) {
      if (t && !t.graph.isAncestorOf(this)) {
        throw new Error(`${spec.opType} (${nodeName}): input ${t.name} belongs to graph "${t.graph.name}", not in scope`)
      }
    }
    const inferInputs: InferInput[] = inputs.map((t) =>
      t ? { name: t.name, dtype: t.dtype, shape: [...t.shape], ...(t.known ? { known: [...t.known] } : {}) } : null,
    )
    let infos: TensorInfo[]
    try {
      infos = spec.infer(inferInputs, attrs, nodeName)
    } catch (err) {
      const shapes = inputs.map((t) => (t ? t.toString() : '(none)')).join(', ')
      throw new Error(`${spec.opType} (${nodeName}) with inputs ${shapes}: ${(err as Error).message}`, { cause: err })
    }
    const node: { -readonly [K in keyof Node]: Node[K] } = { name: nodeName, spec, inputs, outputs: [], attrs }
    node.outputs = infos.map((info, i) => {
      const name = outputNames?.[i] ?? this.names.fresh(`${nodeName}_out${i}`)
      return new Tensor(this, name, info.dtype, info.shape.map(canonicalDim), node, info.known)
    })
    this.nodes.push(node)
    return node.outputs
  }
}

const IDENTITY_SPEC: OpSpec = {
  opType: 'Identity',
  domain: '',
  infer: ([x]) => [required(x, 'input')],
  grad: ({ GO }) => [GO[0] ?? null],
}

export { IDENTITY_SPEC }

/** Narrows an optional inference input, naming it when a required one is missing. */
export function required(input: InferInput | undefined, what: string): TensorInfo & { name: string } {
  if (!input) throw new Error(`missing required input "${what}"`)
  return input
}

/** The constant (possibly symbolic) value of an int64 input such as axes or a target shape. */
export function knownValue(input: InferInput | undefined, what: string): Dim[] {
  const t = required(input, what)
  if (!t.known) throw new Error(`input "${what}" (${t.name}) must have a value known at build time`)
  return [...t.known]
}

export function knownInts(input: InferInput | undefined, what: string): number[] {
  const v = knownValue(input, what)
  if (!v.every((d) => typeof d === 'number')) throw new Error(`input "${what}" must hold static integers`)
  return v as number[]
}

export function assertFloat(input: InferInput, what: string): void {
  if (input && !isFloat(input.dtype)) throw new Error(`input "${what}" must be float32 or float64, got ${input.dtype}`)
}

export function staticShape(t: Tensor, what: string): number[] {
  if (!isStatic(t.shape)) throw new Error(`${what}: tensor ${t} must have a static shape`)
  return [...t.shape]
}
