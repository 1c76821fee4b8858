// Reductions (opset 18 form: axes as an optional int64 input) and CumSum, with their gradient rules; the selections
// ArgMax and TopK, which have none (generation samples with them; nothing differentiates through a choice).
import { type Attrs, type Tensor, attr, intAttr, knownInts, required } from '../graph/graph'
import type { InferInput, TensorInfo } from '../graph/op-spec'
import { type Dim, normalizeAxis } from '../graph/shape'
import { apply1, applyOp, sameAsInput, spec } from './apply'
import { cast, div, equal, mul } from './elementwise'
import { expand, shapeOf, size, unsqueeze } from './shape'

function reducedAxes(inputs: InferInput[], rank: number): number[] {
  const axes = inputs[1] ? knownInts(inputs[1], 'axes') : []
  // opset 18, noop_with_empty_axes = 0: no axes means every axis.
  return axes.length === 0 ? [...Array(rank).keys()] : axes.map((a) => normalizeAxis(a, rank, 'reduce'))
}

function reduceInfer(inputs: InferInput[], attrs: Attrs): TensorInfo[] {
  const x = required(inputs[0], 'data')
  const axes = reducedAxes(inputs, x.shape.length)
  const keep = intAttr(attrs, 'keepdims', 1) === 1
  const shape: Dim[] = []
  x.shape.forEach((d, i) => {
    if (!axes.includes(i)) shape.push(d)
    else if (keep) shape.push(1)
  })
  return [{ dtype: x.dtype, shape }]
}

/** The reduced output with its reduced axes restored as size-1 dimensions. */
function withKeptDims(y: Tensor, node: { inputs: (Tensor | null)[]; attrs: Attrs }): Tensor {
  if (intAttr(node.attrs, 'keepdims', 1) === 1) return y
  const x = node.inputs[0]!
  const axes = reducedAxes(node.inputs.map((t) => (t ? { name: t.name, dtype: t.dtype, shape: [...t.shape], ...(t.known ? { known: [...t.known] } : {}) } : null)), x.rank)
  return unsqueeze(y, axes)
}

export const ReduceSum = spec('ReduceSum', reduceInfer, ({ node, I: [x], GO: [g] }) => [
  expand(withKeptDims(g!, node), shapeOf(x!)),
  null,
])

export const ReduceMean = spec('ReduceMean', reduceInfer, ({ node, I: [x], O: [y], GO: [g] }) => {
  const count = div(cast(size(x!), x!.dtype), cast(size(y!), x!.dtype))
  return [expand(div(withKeptDims(g!, node), count), shapeOf(x!)), null]
})

/** The gradient is shared evenly between the positions that attain the maximum (as PyTorch's amax does). */
export const ReduceMax = spec('ReduceMax', reduceInfer, ({ node, I: [x], O: [y], GO: [g] }) => {
  const isMax = cast(equal(x!, withKeptDims(y!, node)), x!.dtype)
  const ties = apply1(ReduceSum, [isMax, node.inputs[1] ?? null], { keepdims: attr.int(1) })
  return [mul(div(isMax, ties), withKeptDims(g!, node)), null]
})

/** The adjoint of a running sum is the running sum in the other direction. */
export const CumSum = spec('CumSum', sameAsInput, ({ I: [, axis], GO: [g], attrs }) => [
  apply1(CumSum, [g!, axis!], {
    exclusive: attr.int(intAttr(attrs, 'exclusive', 0)),
    reverse: attr.int(1 - intAttr(attrs, 'reverse', 0)),
  }),
  null,
])

function selectedShape(x: TensorInfo, axis: number, size: Dim | null): Dim[] {
  return x.shape.flatMap((d, i) => (i !== axis ? [d] : size === null ? [] : [size]))
}

/** Index of the first maximum along `axis` (select_last_index = 0, so ties go to the lowest index). */
export const ArgMax = spec('ArgMax', (inputs, attrs): TensorInfo[] => {
  const x = required(inputs[0], 'data')
  const axis = normalizeAxis(intAttr(attrs, 'axis', 0), x.shape.length, 'ArgMax')
  return [{ dtype: 'int64', shape: selectedShape(x, axis, intAttr(attrs, 'keepdims', 1) === 1 ? 1 : null) }]
})

/** The k largest values along `axis`, sorted, and their indices; equal values keep the lower index first. */
export const TopK = spec('TopK', (inputs, attrs): TensorInfo[] => {
  const x = required(inputs[0], 'X')
  const [k] = knownInts(required(inputs[1], 'K'), 'K')
  const axis = normalizeAxis(intAttr(attrs, 'axis', -1), x.shape.length, 'TopK')
  const shape = selectedShape(x, axis, k!)
  return [
    { dtype: x.dtype, shape },
    { dtype: 'int64', shape },
  ]
})

export const REDUCE_OPS = [ReduceSum, ReduceMean, ReduceMax, CumSum, ArgMax, TopK]

// ---- builders -------------------------------------------------------------------------------------------------

function reduce(op: typeof ReduceSum, x: Tensor, axes: readonly number[] | undefined, keepdims: boolean): Tensor {
  if (axes && axes.length === 0) throw new Error(`${op.opType}: pass undefined (not []) to reduce over every axis`)
  return apply1(op, [x, axes ? x.graph.int64s(axes) : null], { keepdims: attr.int(keepdims ? 1 : 0) })
}

/** Sum over `axes` (every axis when undefined). */
export const reduceSum = (x: Tensor, axes?: readonly number[], keepdims = false) => reduce(ReduceSum, x, axes, keepdims)
export const reduceMean = (x: Tensor, axes?: readonly number[], keepdims = false) => reduce(ReduceMean, x, axes, keepdims)
export const reduceMax = (x: Tensor, axes?: readonly number[], keepdims = false) => reduce(ReduceMax, x, axes, keepdims)
export const cumsum = (x: Tensor, axis: number, opts: { exclusive?: boolean; reverse?: boolean } = {}) =>
  apply1(CumSum, [x, x.graph.constant(new BigInt64Array([BigInt(axis)]), [])], {
    exclusive: attr.int(opts.exclusive ? 1 : 0),
    reverse: attr.int(opts.reverse ? 1 : 0),
  })
export const argMax = (x: Tensor, axis: number, keepdims = false) =>
  apply1(ArgMax, [x], { axis: attr.int(axis), keepdims: attr.int(keepdims ? 1 : 0), select_last_index: attr.int(0) })
/** The k largest entries along `axis`, largest first: { values, indices }. */
export function topK(x: Tensor, k: number, axis = -1): { values: Tensor; indices: Tensor } {
  const [values, indices] = applyOp(TopK, [x, x.graph.int64s([k])], { axis: attr.int(axis), largest: attr.int(1), sorted: attr.int(1) })
  return { values: values!, indices: indices! }
}
