// Transformer building blocks composed from the differentiable primitives, so their gradients come from the
// rules of the ops they use. Shapes: B batch, T time, C model width, H heads, D = C / H head width.
import type { DType } from '../graph/dtype'
import type { Graph, Tensor } from '../graph/graph'
import { add, mul, reciprocal, silu, sqrt } from '../ops/elementwise'
import { matmul } from '../ops/matmul'
import { softmax } from '../ops/nn'
import { reduceMean } from '../ops/reduce'
import { gather, reshape, split, transpose } from '../ops/shape'

/** x @ w (+ b). x: (..., Cin), w: (Cin, Cout). */
export function linear(x: Tensor, w: Tensor, b?: Tensor): Tensor {
  const y = matmul(x, w)
  return b ? add(y, b) : y
}

/** Token embedding lookup: table (V, C), ids (B, T) int64 -> (B, T, C). */
export function embedding(table: Tensor, ids: Tensor): Tensor {
  return gather(table, ids, 0)
}

/** RMSNorm (Llama): x / sqrt(mean(x^2) + eps) * w over the last axis. */
export function rmsNorm(x: Tensor, w: Tensor, eps = 1e-5): Tensor {
  const meanSquare = reduceMean(mul(x, x), [-1], true) // (B, T, 1)
  return mul(mul(x, reciprocal(sqrt(add(meanSquare, eps)))), w)
}

/** Additive causal mask (T, T): 0 on and below the diagonal, a large negative number above it. */
export function causalMask(graph: Graph, T: number, dtype: DType): Tensor {
  const data = dtype === 'float64' ? new Float64Array(T * T) : new Float32Array(T * T)
  for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) data[i * T + j] = -1e9
  return graph.constant(data, [T, T])
}

/**
 * Multi-head causal self-attention with one fused QKV projection.
 * x: (B, T, C), wQkv: (C, 3C), wOut: (C, C), mask: (T, T) additive.
 */
export function causalSelfAttention(x: Tensor, wQkv: Tensor, wOut: Tensor, mask: Tensor, heads: number): Tensor {
  const C = x.shape[2]
  if (typeof C !== 'number' || C % heads !== 0) throw new Error(`attention: width ${C} must be static and divisible by ${heads}`)
  const D = C / heads
  const [q, k, v] = split(matmul(x, wQkv), [C, C, C], 2) // 3 x (B, T, C)
  const toHeads = (t: Tensor) => transpose(reshape(t, [0, 0, heads, D]), [0, 2, 1, 3]) // (B, H, T, D)
  const scores = add(mul(matmul(toHeads(q!), transpose(reshape(k!, [0, 0, heads, D]), [0, 2, 3, 1])), 1 / Math.sqrt(D)), mask) // (B, H, T, T)
  const attended = matmul(softmax(scores, -1), toHeads(v!)) // (B, H, T, D)
  const merged = reshape(transpose(attended, [0, 2, 1, 3]), [0, 0, C]) // (B, T, C)
  return matmul(merged, wOut)
}

/** SwiGLU feed-forward (Llama): (silu(x Wg) * (x Wu)) Wd, with Wg and Wu fused into one (C, 2F) matrix. */
export function swiGlu(x: Tensor, wGateUp: Tensor, wDown: Tensor): Tensor {
  const F2 = wGateUp.shape[1]
  if (typeof F2 !== 'number' || F2 % 2 !== 0) throw new Error('swiGlu: gate/up width must be static and even')
  const [gate, up] = split(matmul(x, wGateUp), [F2 / 2, F2 / 2], -1) // 2 x (B, T, F)
  return matmul(mul(silu(gate!), up!), wDown) // (B, T, C)
}

/** A pre-norm Llama-style block: x + attn(norm(x)), then + mlp(norm(.)). */
export function transformerBlock(
  x: Tensor,
  p: { attnNorm: Tensor; wQkv: Tensor; wOut: Tensor; mlpNorm: Tensor; wGateUp: Tensor; wDown: Tensor },
  mask: Tensor,
  heads: number,
): Tensor {
  const h = add(x, causalSelfAttention(rmsNorm(x, p.attnNorm), p.wQkv, p.wOut, mask, heads))
  return add(h, swiGlu(rmsNorm(h, p.mlpNorm), p.wGateUp, p.wDown))
}
