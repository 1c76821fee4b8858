// Graph -> ONNX ModelProto bytes, through the generated protobuf bindings.
import { onnx } from '../onnx/onnx.generated.js'
import { ONNX_DATA_TYPE } from './dtype'
import type { AttrValue, ConstData, Graph, GraphInitializer, Node, Tensor } from './graph'

/** Default-domain opset the engine targets (Gelu and the opset-18 axes-as-input reductions need >= 20). */
export const OPSET = 20
/** IR version 10 goes with opset 21 and is read by onnxruntime 1.17+. */
export const IR_VERSION = 10
export const MICROSOFT_DOMAIN = 'com.microsoft'

export function serializeModel(graph: Graph, docString = ''): Uint8Array {
  const domains = new Set<string>()
  collectDomains(graph, domains)
  const opsetImport = [{ domain: '', version: OPSET }]
  if (domains.has(MICROSOFT_DOMAIN)) opsetImport.push({ domain: MICROSOFT_DOMAIN, version: 1 })
  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    opsetImport,
    producerName: 'prime-workbench-engine',
    docString,
    graph: graphProto(graph),
  })
  return onnx.ModelProto.encode(model).finish()
}

function collectDomains(graph: Graph, into: Set<string>): void {
  for (const node of graph.nodes) {
    into.add(node.spec.domain)
    for (const a of Object.values(node.attrs)) if (a.kind === 'graph') collectDomains(a.value, into)
  }
}

/**
 * Nodes and initializers that contribute to the graph's outputs. Gradient rules may build values that end up
 * unused (e.g. the gradient of a constant exponent); they are dropped here rather than left for ORT to run.
 */
function liveParts(graph: Graph): { nodes: Node[]; initializers: GraphInitializer[] } {
  const needed = new Set<string>(graph.outputs.map((t) => t.name))
  const nodes: Node[] = []
  for (let i = graph.nodes.length - 1; i >= 0; i--) {
    const node = graph.nodes[i]!
    if (!node.outputs.some((o) => needed.has(o.name))) continue
    nodes.push(node)
    for (const t of node.inputs) if (t) needed.add(t.name)
    for (const a of Object.values(node.attrs)) if (a.kind === 'graph') for (const name of namesReadBy(a.value)) needed.add(name)
  }
  return { nodes: nodes.reverse(), initializers: graph.initializers.filter((init) => needed.has(init.tensor.name)) }
}

/** Every tensor name a (sub)graph reads, including outer-scope values its nodes refer to. */
function namesReadBy(graph: Graph): Set<string> {
  const names = new Set<string>()
  for (const node of graph.nodes) {
    for (const t of node.inputs) if (t) names.add(t.name)
    for (const a of Object.values(node.attrs)) if (a.kind === 'graph') for (const n of namesReadBy(a.value)) names.add(n)
  }
  return names
}

function graphProto(graph: Graph): onnx.GraphProto.$Properties {
  const live = graph.parent ? { nodes: graph.nodes, initializers: graph.initializers } : liveParts(graph)
  return {
    name: graph.name,
    node: live.nodes.map((node) => ({
      name: node.name,
      opType: node.spec.opType,
      domain: node.spec.domain,
      input: node.inputs.map((t) => t?.name ?? ''),
      output: node.outputs.map((t) => t.name),
      attribute: Object.entries(node.attrs).map(([name, value]) => attributeProto(name, value)),
    })),
    initializer: live.initializers.map((init) => tensorProto(init.tensor.name, init.value)),
    input: graph.inputs.map(valueInfo),
    output: graph.outputs.map(valueInfo),
  }
}

function valueInfo(t: Tensor): onnx.ValueInfoProto.$Properties {
  return {
    name: t.name,
    type: {
      tensorType: {
        elemType: ONNX_DATA_TYPE[t.dtype],
        shape: { dim: t.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  }
}

export function tensorProto(name: string, value: ConstData): onnx.TensorProto.$Properties {
  const { data } = value
  return {
    name,
    dims: value.shape,
    dataType: ONNX_DATA_TYPE[dtypeOf(data)],
    // raw_data is little-endian, which is what typed arrays hold on every platform ORT's Node binding ships for.
    rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  }
}

function dtypeOf(data: ConstData['data']): keyof typeof ONNX_DATA_TYPE {
  if (data instanceof Float32Array) return 'float32'
  if (data instanceof Float64Array) return 'float64'
  if (data instanceof BigInt64Array) return 'int64'
  if (data instanceof Int32Array) return 'int32'
  return 'bool'
}

function attributeProto(name: string, a: AttrValue): onnx.AttributeProto.$Properties {
  const T = onnx.AttributeProto.AttributeType
  switch (a.kind) {
    case 'int':
      return { name, type: T.INT, i: a.value }
    case 'float':
      return { name, type: T.FLOAT, f: a.value }
    case 'ints':
      return { name, type: T.INTS, ints: a.value }
    case 'floats':
      return { name, type: T.FLOATS, floats: a.value }
    case 'string':
      return { name, type: T.STRING, s: new TextEncoder().encode(a.value) }
    case 'tensor':
      return { name, type: T.TENSOR, t: tensorProto('', a.value) }
    case 'graph':
      return { name, type: T.GRAPH, g: graphProto(a.value) }
  }
}
