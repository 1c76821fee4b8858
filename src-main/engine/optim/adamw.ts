// AdamW (Loshchilov & Hutter; PyTorch's torch.optim.AdamW update order) and global grad-norm clipping as graph
// code over flat buffers, so one train-step program holds forward, backward and the optimizer.
import type { Tensor } from '../graph/graph'
import * as ops from '../ops'

export interface AdamWHyper {
  beta1: number
  beta2: number
  eps: number
  weightDecay: number
  /** Clip the global gradient L2 norm to this value; Infinity disables clipping. */
  maxGradNorm: number
}

export const DEFAULT_ADAMW: AdamWHyper = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, maxGradNorm: 1 }

/**
 * Scales g so that its L2 norm is at most maxNorm (PyTorch clip_grad_norm_: coef = max / (norm + 1e-6)).
 * The sum of squares runs in float64: ORT's float32 ReduceSum over a few million values drifted by 2e-3 relative
 * in our measurements (3.2M values), which moved the clip coefficient visibly against PyTorch's.
 */
export function clipByGlobalNorm(grad: Tensor, maxNorm: number): { grad: Tensor; norm: Tensor } {
  const wide = ops.cast(grad, 'float64')
  const norm = ops.cast(ops.sqrt(ops.reduceSum(ops.mul(wide, wide))), grad.dtype)
  if (!Number.isFinite(maxNorm)) return { grad, norm }
  const coef = ops.minimum(ops.div(maxNorm, ops.add(norm, 1e-6)), 1)
  return { grad: ops.mul(grad, coef), norm }
}

export interface AdamWInputs {
  params: Tensor
  grad: Tensor
  m: Tensor
  v: Tensor
  /** Scalars supplied per step by the host: learning rate and 1 - beta^t for both moments. */
  lr: Tensor
  biasCorrection1: Tensor
  biasCorrection2: Tensor
  /** 1 where decoupled weight decay applies (matrices), 0 elsewhere; omit when weightDecay is 0. */
  decayMask?: Tensor
}

/**
 * m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;
 * p = p * (1 - lr wd mask) - lr (m / bc1) / (sqrt(v / bc2) + eps).
 */
export function adamwUpdate(x: AdamWInputs, h: AdamWHyper): { params: Tensor; m: Tensor; v: Tensor } {
  const m = ops.add(ops.mul(x.m, h.beta1), ops.mul(x.grad, 1 - h.beta1))
  const v = ops.add(ops.mul(x.v, h.beta2), ops.mul(ops.mul(x.grad, x.grad), 1 - h.beta2))
  const denom = ops.add(ops.sqrt(ops.div(v, x.biasCorrection2)), h.eps)
  const step = ops.div(ops.mul(ops.div(m, x.biasCorrection1), x.lr), denom)
  let decayed = x.params
  if (h.weightDecay !== 0) {
    if (!x.decayMask) throw new Error('adamwUpdate: weight decay needs a decay mask')
    decayed = ops.mul(x.params, ops.sub(1, ops.mul(x.decayMask, ops.mul(x.lr, h.weightDecay))))
  }
  return { params: ops.sub(decayed, step), m, v }
}
