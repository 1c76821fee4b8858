// MatMul (batched, numpy broadcasting of batch dimensions) and Gemm, with their gradient rules; and ORT's FusedMatMul
// for a @ b^T in inference programs (no gradient rule).
import { type Tensor, attr, floatAttr, intAttr, required } from '../graph/graph'
import type { TensorInfo } from '../graph/op-spec'
import { type Dim, broadcastShapes, dimEquals } from '../graph/shape'
import { apply1, spec } from './apply'
import { mul } from './elementwise'
import { reshape, transpose } from './shape'

function matmulShape(a: readonly Dim[], b: readonly Dim[]): Dim[] {
  if (a.length < 2 || b.length < 2) throw new Error('MatMul inputs must have rank >= 2 (1-D operands are not supported)')
  const k1 = a[a.length - 1] as Dim
  const k2 = b[b.length - 2] as Dim
  if (!dimEquals(k1, k2)) throw new Error(`inner dimensions differ: ${k1} vs ${k2}`)
  const batch = broadcastShapes([a.slice(0, -2), b.slice(0, -2)], 'MatMul batch dimensions')
  return [...batch, a[a.length - 2] as Dim, b[b.length - 1] as Dim]
}

/** Swaps the last two axes. */
export function transposeLast2(x: Tensor): Tensor {
  const perm = [...Array(x.rank).keys()]
  perm[x.rank - 2] = x.rank - 1
  perm[x.rank - 1] = x.rank - 2
  return transpose(x, perm)
}

export const MatMul = spec(
  'MatMul',
  (inputs): TensorInfo[] => {
    const a = required(inputs[0], 'A')
    const b = required(inputs[1], 'B')
    if (a.dtype !== b.dtype) throw new Error(`dtypes differ: ${a.dtype} vs ${b.dtype}`)
    return [{ dtype: a.dtype, shape: matmulShape(a.shape, b.shape) }]
  },
  ({ I: [aIn, bIn], GO: [g] }) => {
    const a = aIn!
    const b = bIn!
    const dA = matmul(g!, transposeLast2(b))
    // A shared weight (B is 2-D, A batched): sum over the batch with one flattened matmul instead of a batched
    // matmul followed by a reduction, (B*T, K)^T @ (B*T, N).
    const k = a.shape[a.rank - 1] as Dim
    const n = g!.shape[g!.rank - 1] as Dim
    if (b.rank === 2 && a.rank > 2 && typeof k === 'number' && typeof n === 'number') {
      return [dA, matmul(transposeLast2(reshape(a, [-1, k])), reshape(g!, [-1, n]))]
    }
    return [dA, matmul(transposeLast2(a), g!)]
  },
)

export const Gemm = spec(
  'Gemm',
  (inputs, attrs): TensorInfo[] => {
    const a = required(inputs[0], 'A')
    const b = required(inputs[1], 'B')
    if (a.shape.length !== 2 || b.shape.length !== 2) throw new Error('Gemm inputs must be 2-D')
    const [m, ka] = intAttr(attrs, 'transA', 0) ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]]
    const [kb, n] = intAttr(attrs, 'transB', 0) ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]]
    if (!dimEquals(ka as Dim, kb as Dim)) throw new Error(`inner dimensions differ: ${ka} vs ${kb}`)
    const shape = [m as Dim, n as Dim]
    if (inputs[2]) broadcastShapes([inputs[2].shape, shape], 'Gemm C')
    return [{ dtype: a.dtype, shape }]
  },
  // Y = alpha op(A) op(B) + beta C. Each case below is the transpose-aware form of dA = alpha G op(B)^T and
  // dB = alpha op(A)^T G, written as one Gemm so no Transpose node is needed.
  ({ I: [a, b, c], GO: [g], attrs }) => {
    const alpha = floatAttr(attrs, 'alpha', 1)
    const beta = floatAttr(attrs, 'beta', 1)
    const tA = intAttr(attrs, 'transA', 0) === 1
    const tB = intAttr(attrs, 'transB', 0) === 1
    const dA = tA ? gemm(b!, g!, { alpha, transA: tB, transB: true }) : gemm(g!, b!, { alpha, transB: !tB })
    const dB = tB ? gemm(g!, a!, { alpha, transA: true, transB: tA }) : gemm(a!, g!, { alpha, transA: !tA })
    return c ? [dA, dB, mul(g!, beta)] : [dA, dB]
  },
)

/**
 * a @ b^T over the last two axes (com.microsoft FusedMatMul with transB = 1). ORT folds Transpose -> MatMul into
 * this op by itself, but not inside Loop bodies, where an explicit Transpose of the last two axes costs more than
 * the product: generation programs emit it directly.
 */
export const FusedMatMul = spec(
  'FusedMatMul',
  (inputs): TensorInfo[] => {
    const a = required(inputs[0], 'A')
    const b = required(inputs[1], 'B')
    if (a.dtype !== 'float32' || b.dtype !== 'float32') throw new Error(`FusedMatMul has float32 kernels only, got ${a.dtype} and ${b.dtype}`)
    const bT = [...b.shape.slice(0, -2), b.shape[b.shape.length - 1] as Dim, b.shape[b.shape.length - 2] as Dim]
    return [{ dtype: a.dtype, shape: matmulShape(a.shape, bT) }]
  },
  undefined,
  'com.microsoft',
)

export const MATMUL_OPS = [MatMul, Gemm, FusedMatMul]

export const matmul = (a: Tensor, b: Tensor) => apply1(MatMul, [a, b])
/** a @ b^T (FusedMatMul, transB = 1): forward only. */
export const matmulTransposedB = (a: Tensor, b: Tensor) => apply1(FusedMatMul, [a, b], { transB: attr.int(1) })
export function gemm(
  a: Tensor,
  b: Tensor,
  opts: { c?: Tensor; alpha?: number; beta?: number; transA?: boolean; transB?: boolean } = {},
): Tensor {
  return apply1(Gemm, opts.c ? [a, b, opts.c] : [a, b], {
    ...(opts.alpha !== undefined && opts.alpha !== 1 ? { alpha: attr.float(opts.alpha) } : {}),
    ...(opts.beta !== undefined && opts.beta !== 1 ? { beta: attr.float(opts.beta) } : {}),
    ...(opts.transA ? { transA: attr.int(1) } : {}),
    ...(opts.transB ? { transB: attr.int(1) } : {}),
  })
}
