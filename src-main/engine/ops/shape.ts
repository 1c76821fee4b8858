// Shape and indexing ops (Reshape, Transpose, Unsqueeze, Squeeze, Concat, Slice, Split, Expand, Gather,
// GatherElements) with their gradient rules, plus the non-differentiable helpers those rules need.
// Int64 shape tensors carry their value symbolically (`known`), so shapes stay inferable at build time.
import { type Tensor, attr, intAttr, intsAttr, knownInts, knownValue, required } from '../graph/graph'
import { ONNX_DATA_TYPE, type DType, dtypeFromOnnx, typedArrayFrom } from '../graph/dtype'
import type { InferInput } from '../graph/op-spec'
import {
  type Dim,
  broadcastShapes,
  canonicalDim,
  dimDivide,
  dimEquals,
  dimProduct,
  dimSum,
  normalizeAxis,
} from '../graph/shape'
import { apply1, applyOp, sameAsInput, spec } from './apply'
import { sub } from './elementwise'

const INT64_MAX = 2 ** 62 // Slice "to the end" sentinel (ONNX uses INT64_MAX; anything this large is clamped)

/** A dimension the engine cannot express (e.g. a sum of symbols) gets a fresh symbol named after the node. */
function freshDim(node: string, axis: number): string {
  return `${node}_d${axis}`
}

export const Shape = spec('Shape', (inputs) => {
  const x = required(inputs[0], 'data')
  return [{ dtype: 'int64', shape: [x.shape.length], known: x.shape }]
})

export const Size = spec('Size', () => [{ dtype: 'int64', shape: [] }])

export const ConstantOfShape = spec('ConstantOfShape', (inputs, attrs) => {
  const shape = knownValue(inputs[0], 'shape')
  const value = attrs.value
  const dtype: DType = value?.kind === 'tensor' ? dtypeFromOnnx(ONNX_DATA_TYPE[dtypeOfData(value.value.data)]) : 'float32'
  return [{ dtype, shape }]
})

function dtypeOfData(data: ArrayBufferView): DType {
  if (data instanceof Float64Array) return 'float64'
  if (data instanceof BigInt64Array) return 'int64'
  if (data instanceof Int32Array) return 'int32'
  if (data instanceof Uint8Array) return 'bool'
  return 'float32'
}

export const Reshape = spec(
  'Reshape',
  (inputs) => {
    const x = required(inputs[0], 'data')
    const target = knownValue(inputs[1], 'shape')
    let inferred = -1
    const out: Dim[] = target.map((d, i) => {
      if (d === 0) {
        const copied = x.shape[i]
        if (copied === undefined) throw new Error(`shape entry ${i} is 0 but the input has rank ${x.shape.length}`)
        return copied
      }
      if (d === -1) {
        if (inferred >= 0) throw new Error('shape has more than one -1')
        inferred = i
        return 1
      }
      return d
    })
    if (inferred >= 0) {
      const rest = dimDivide(dimProduct(x.shape), dimProduct(out.filter((_, i) => i !== inferred)))
      if (rest === null) throw new Error(`cannot infer the -1 dimension of [${target.join(', ')}]`)
      out[inferred] = rest
    } else if (!dimEquals(dimProduct(out), dimProduct(x.shape))) {
      throw new Error(`cannot reshape ${x.shape.length}-D [${x.shape.join(', ')}] to [${out.join(', ')}]`)
    }
    return [{ dtype: x.dtype, shape: out, ...(x.known ? { known: x.known } : {}) }]
  },
  ({ I: [x], GO: [g] }) => [reshape(g!, shapeOf(x!)), null],
)

export const Transpose = spec(
  'Transpose',
  (inputs, attrs) => {
    const x = required(inputs[0], 'data')
    const perm = intsAttr(attrs, 'perm') ?? x.shape.map((_, i) => x.shape.length - 1 - i)
    if (perm.length !== x.shape.length || new Set(perm).size !== perm.length) throw new Error(`bad perm [${perm}]`)
    return [{ dtype: x.dtype, shape: perm.map((p) => x.shape[p] as Dim) }]
  },
  ({ GO: [g], attrs, I: [x] }) => {
    const perm = intsAttr(attrs, 'perm') ?? x!.shape.map((_, i) => x!.rank - 1 - i)
    const inverse = perm.map((_, i) => perm.indexOf(i))
    return [transpose(g!, inverse)]
  },
)

export const Unsqueeze = spec(
  'Unsqueeze',
  (inputs) => {
    const x = required(inputs[0], 'data')
    const rank = x.shape.length + knownInts(inputs[1], 'axes').length
    const axes = knownInts(inputs[1], 'axes').map((a) => normalizeAxis(a, rank, 'Unsqueeze'))
    const out: Dim[] = []
    let next = 0
    for (let i = 0; i < rank; i++) out.push(axes.includes(i) ? 1 : (x.shape[next++] as Dim))
    return [{ dtype: x.dtype, shape: out, ...(x.known ? { known: x.known } : {}) }]
  },
  ({ I: [, axes], GO: [g] }) => [squeezeBy(g!, axes!), null],
)

export const Squeeze = spec(
  'Squeeze',
  (inputs) => {
    const x = required(inputs[0], 'data')
    const axes = knownInts(inputs[1], 'axes').map((a) => normalizeAxis(a, x.shape.length, 'Squeeze'))
    for (const a of axes) {
      const d = x.shape[a] as Dim
      if (typeof d === 'number' && d !== 1) throw new Error(`cannot squeeze axis ${a} of size ${d}`)
    }
    return [{ dtype: x.dtype, shape: x.shape.filter((_, i) => !axes.includes(i)), ...(x.known ? { known: x.known } : {}) }]
  },
  ({ I: [, axes], GO: [g] }) => [unsqueezeBy(g!, axes!), null],
)

export const Concat = spec(
  'Concat',
  (inputs, attrs, node) => {
    const xs = inputs.map((x, i) => required(x, `input ${i}`))
    const first = xs[0]!
    const axis = normalizeAxis(intAttr(attrs, 'axis'), first.shape.length, 'Concat')
    const shape = [...first.shape]
    for (const x of xs) {
      if (x.dtype !== first.dtype || x.shape.length !== first.shape.length) throw new Error('inputs must share dtype and rank')
      x.shape.forEach((d, i) => {
        if (i !== axis && !dimEquals(d, shape[i] as Dim)) throw new Error(`dimension ${i} differs between inputs`)
      })
    }
    shape[axis] = dimSum(xs.map((x) => x.shape[axis] as Dim)) ?? freshDim(node, axis)
    const known = xs.every((x) => x.known) ? xs.flatMap((x) => x.known as Dim[]) : undefined
    return [{ dtype: first.dtype, shape, ...(known ? { known } : {}) }]
  },
  ({ I, GO: [g], attrs }) => {
    const axis = intAttr(attrs, 'axis')
    const sizes = I.map((x) => x!.shape[normalizeAxis(axis, x!.rank, 'Concat')] as Dim)
    const splitSizes = sizes.every((d) => typeof d === 'number')
      ? g!.graph.int64s(sizes as number[])
      : concat(I.map((x) => gather(shapeOf(x!), g!.graph.int64s([normalizeAxis(axis, x!.rank, 'Concat')]))), 0)
    return split(g!, splitSizes, axis)
  },
)

interface SliceSpec {
  axis: number
  start: number
  end: number
  step: number
}

function sliceSpecs(inputs: InferInput[], rank: number): SliceSpec[] {
  const starts = knownInts(inputs[1], 'starts')
  const ends = knownInts(inputs[2], 'ends')
  const axes = inputs[3] ? knownInts(inputs[3], 'axes') : starts.map((_, i) => i)
  const steps = inputs[4] ? knownInts(inputs[4], 'steps') : starts.map(() => 1)
  return axes.map((a, i) => ({
    axis: normalizeAxis(a, rank, 'Slice'),
    start: starts[i] as number,
    end: ends[i] as number,
    step: steps[i] as number,
  }))
}

/**
 * Resolves a slice on one dimension to its first index, its length (null when not expressible, e.g. T - 1) and
 * whether it runs to the end. Static dimensions follow ONNX's clamping; symbolic ones allow non-negative bounds.
 */
function resolveSlice(dim: Dim, s: SliceSpec): { begin: number; size: Dim | null; toEnd: boolean } {
  if (typeof dim === 'number') {
    const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi)
    if (s.step > 0) {
      const begin = clamp(s.start < 0 ? s.start + dim : s.start, 0, dim)
      const end = clamp(s.end < 0 ? s.end + dim : s.end, 0, dim)
      return { begin, size: Math.max(0, Math.ceil((end - begin) / s.step)), toEnd: end === dim }
    }
    const begin = clamp(s.start < 0 ? s.start + dim : s.start, -1, dim - 1)
    const end = clamp(s.end < 0 ? s.end + dim : s.end, -1, dim - 1)
    return { begin, size: Math.max(0, Math.ceil((end - begin) / s.step)), toEnd: false }
  }
  if (s.step === 1 && s.start >= 0 && s.end >= INT64_MAX) return { begin: s.start, size: s.start === 0 ? dim : null, toEnd: true }
  if (s.step === 1 && s.start >= 0 && s.end >= 0) return { begin: s.start, size: s.end - s.start, toEnd: false }
  throw new Error(`slice [${s.start}:${s.end}:${s.step}] of symbolic dimension ${dim} is not inferable`)
}

export const Slice = spec(
  'Slice',
  (inputs, _attrs, node) => {
    const x = required(inputs[0], 'data')
    const shape = [...x.shape]
    for (const s of sliceSpecs(inputs, x.shape.length)) {
      shape[s.axis] = resolveSlice(x.shape[s.axis] as Dim, s).size ?? freshDim(node, s.axis)
    }
    let known: Dim[] | undefined
    if (x.known && x.shape.length === 1 && typeof shape[0] === 'number') {
      const s = sliceSpecs(inputs, 1)[0]
      if (s && s.step === 1) known = x.known.slice(resolveSlice(x.known.length, s).begin).slice(0, shape[0] as number)
    }
    return [{ dtype: x.dtype, shape, ...(known ? { known } : {}) }]
  },
  // The gradient of a unit-step slice pads the cotangent back with zeros (Pad's pads may be computed at run time
  // when a dimension is symbolic); the final Reshape restores the input's exact symbolic shape.
  ({ node, I: [x], GO: [g] }) => {
    const data = x!
    const infos = node.inputs.map((t) => (t ? { name: t.name, dtype: t.dtype, shape: [...t.shape], ...(t.known ? { known: [...t.known] } : {}) } : null))
    const before: Dim[] = data.shape.map(() => 0)
    const after: (number | Tensor)[] = data.shape.map(() => 0)
    for (const s of sliceSpecs(infos, data.rank)) {
      if (s.step !== 1) throw new Error(`Slice gradient supports step 1 only, got ${s.step}`)
      const dim = data.shape[s.axis] as Dim
      const { begin, size, toEnd } = resolveSlice(dim, s)
      before[s.axis] = begin
      if (toEnd) after[s.axis] = 0
      else if (typeof dim === 'number' && typeof size === 'number') after[s.axis] = dim - begin - size
      else after[s.axis] = sub(gather(shapeOf(data), data.graph.int64s([s.axis])), data.graph.int64s([begin + Number(size)]))
    }
    const pads = after.every((a) => typeof a === 'number')
      ? data.graph.int64s([...(before as number[]), ...(after as number[])])
      : concat([data.graph.int64s(before as number[]), ...after.map((a) => (typeof a === 'number' ? data.graph.int64s([a]) : a))], 0)
    return [reshape(pad(g!, pads), shapeOf(data)), null, null, null, null]
  },
)

export const Split = spec(
  'Split',
  (inputs, attrs, node) => {
    const x = required(inputs[0], 'input')
    const axis = normalizeAxis(intAttr(attrs, 'axis', 0), x.shape.length, 'Split')
    const sizes = knownValue(inputs[1], 'split')
    return sizes.map((size, i) => {
      const shape = [...x.shape]
      shape[axis] = typeof size === 'number' || typeof size === 'string' ? canonicalDim(size) : freshDim(node, i)
      return { dtype: x.dtype, shape }
    })
  },
  ({ GO, attrs }) => [concat(GO, intAttr(attrs, 'axis', 0)), null],
)

export const Expand = spec(
  'Expand',
  (inputs) => {
    const x = required(inputs[0], 'input')
    return [{ dtype: x.dtype, shape: broadcastShapes([x.shape, knownValue(inputs[1], 'shape')], 'Expand') }]
  },
  ({ GO: [g] }) => [g!, null],
)

export const Gather = spec(
  'Gather',
  (inputs, attrs) => {
    const data = required(inputs[0], 'data')
    const indices = required(inputs[1], 'indices')
    const axis = normalizeAxis(intAttr(attrs, 'axis', 0), data.shape.length, 'Gather')
    const shape = [...data.shape.slice(0, axis), ...indices.shape, ...data.shape.slice(axis + 1)]
    let known: Dim[] | undefined
    if (data.known && indices.known) known = indices.known.map((i) => data.known![Number(i) < 0 ? Number(i) + data.known!.length : Number(i)] as Dim)
    return [{ dtype: data.dtype, shape, ...(known ? { known } : {}) }]
  },
  // Embedding-style gradient: scatter-add the cotangent rows into zeros of the table's shape.
  ({ I: [data, indices], GO: [g], attrs }) => {
    if (normalizeAxis(intAttr(attrs, 'axis', 0), data!.rank, 'Gather') !== 0) throw new Error('Gather gradient supports axis 0 only')
    return [scatterNDAdd(zerosLike(data!), unsqueeze(indices!, [-1]), g!), null]
  },
)

export const GatherElements = spec(
  'GatherElements',
  (inputs) => {
    const data = required(inputs[0], 'data')
    const indices = required(inputs[1], 'indices')
    if (indices.shape.length !== data.shape.length) throw new Error('data and indices must have the same rank')
    return [{ dtype: data.dtype, shape: indices.shape }]
  },
  ({ I: [data, indices], GO: [g], attrs }) => [scatterElementsAdd(zerosLike(data!), indices!, g!, intAttr(attrs, 'axis', 0)), null],
)

export const ScatterND = spec('ScatterND', sameAsInput)
export const ScatterElements = spec('ScatterElements', sameAsInput)
export const Pad = spec('Pad', (inputs, _attrs, node) => {
  const x = required(inputs[0], 'data')
  const pads = inputs[1]?.known
  const rank = x.shape.length
  return [
    {
      dtype: x.dtype,
      shape: x.shape.map((d, i) => {
        const lo = pads?.[i]
        const hi = pads?.[i + rank]
        if (typeof lo === 'number' && typeof hi === 'number') {
          if (lo === 0 && hi === 0) return d
          if (typeof d === 'number') return d + lo + hi
        }
        return freshDim(node, i)
      }),
    },
  ]
})

/**
 * 0, 1, ..., limit - 1 (int64). Its length is the limit's known value (e.g. a dim read with Shape), so a row index
 * built from a tensor's symbolic dim keeps that symbol.
 */
export const Range = spec('Range', (inputs, _attrs, node) => {
  const start = required(inputs[0], 'start')
  const limit = required(inputs[1], 'limit')
  const delta = required(inputs[2], 'delta')
  const counts = start.known?.[0] === 0 && delta.known?.[0] === 1 && limit.known?.length === 1
  return [{ dtype: limit.dtype, shape: [counts ? limit.known![0]! : freshDim(node, 0)] }]
})

export const SHAPE_OPS = [
  Shape, Size, ConstantOfShape, Reshape, Transpose, Unsqueeze, Squeeze, Concat, Slice, Split, Expand, Gather,
  GatherElements, ScatterND, ScatterElements, Pad, Range,
]

// ---- builders -------------------------------------------------------------------------------------------------

type Ints = readonly number[]
const ints = (like: Tensor, v: Ints | Tensor) => (Array.isArray(v) ? like.graph.int64s(v as number[]) : (v as Tensor))

export const shapeOf = (x: Tensor) => apply1(Shape, [x])
export const size = (x: Tensor) => apply1(Size, [x])
/** Zeros with x's (run-time) shape and dtype. */
export const zerosLike = (x: Tensor) =>
  apply1(ConstantOfShape, [shapeOf(x)], { value: attr.tensor({ data: typedArrayFrom(x.dtype, [0]), shape: [1] }) })
/** Reshape with ONNX semantics: 0 copies the input dimension, -1 is inferred; or a run-time shape tensor. */
export const reshape = (x: Tensor, shape: Ints | Tensor) => apply1(Reshape, [x, ints(x, shape)])
export const transpose = (x: Tensor, perm: Ints) => apply1(Transpose, [x], { perm: attr.ints([...perm]) })
export const unsqueeze = (x: Tensor, axes: Ints) => apply1(Unsqueeze, [x, ints(x, axes)])
export const squeeze = (x: Tensor, axes: Ints) => apply1(Squeeze, [x, ints(x, axes)])
const squeezeBy = (x: Tensor, axes: Tensor) => apply1(Squeeze, [x, axes])
const unsqueezeBy = (x: Tensor, axes: Tensor) => apply1(Unsqueeze, [x, axes])
export const concat = (xs: Tensor[], axis: number) => apply1(Concat, xs, { axis: attr.int(axis) })
export function slice(x: Tensor, starts: Ints, ends: Ints, axes?: Ints, steps?: Ints): Tensor {
  const g = x.graph
  return apply1(Slice, [x, g.int64s(starts), g.int64s(ends), axes ? g.int64s(axes) : null, steps ? g.int64s(steps) : null])
}
/** Split into pieces of the given sizes (static numbers or a run-time int64 tensor with a known value). */
export const split = (x: Tensor, sizes: Ints | Tensor, axis = 0) => applyOp(Split, [x, ints(x, sizes)], { axis: attr.int(axis) })
export const expand = (x: Tensor, shape: Ints | Tensor) => apply1(Expand, [x, ints(x, shape)])
export const gather = (data: Tensor, indices: Tensor, axis = 0) => apply1(Gather, [data, indices], { axis: attr.int(axis) })
export const gatherElements = (data: Tensor, indices: Tensor, axis: number) =>
  apply1(GatherElements, [data, indices], { axis: attr.int(axis) })
export const scatterNDAdd = (data: Tensor, indices: Tensor, updates: Tensor) =>
  apply1(ScatterND, [data, indices, updates], { reduction: attr.string('add') })
export const scatterElementsAdd = (data: Tensor, indices: Tensor, updates: Tensor, axis: number) =>
  apply1(ScatterElements, [data, indices, updates], { axis: attr.int(axis), reduction: attr.string('add') })
export const pad = (x: Tensor, pads: Tensor) => apply1(Pad, [x, pads])
/** 0, 1, ..., limit - 1: limit an int64 scalar. */
export const range = (limit: Tensor) => apply1(Range, [limit.graph.scalar(0, 'int64'), limit, limit.graph.scalar(1, 'int64')])

