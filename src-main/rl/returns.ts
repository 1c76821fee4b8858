import { checkTokenShape, type BatchShape } from './batch'

/**
 * Discounted returns of one reward source (prime-algorithm.md step 8), as the loop in the authors'
 * `compute_rloo_returns`, training/verl/trainer/ppo/core_algos.py:108-153: ret[t] = r[t] + γ·ret[t+1], run over
 * the full padded length with ret[R−1] = r[R−1]. The caller's rewards are 0 at padding, so returns are 0 there.
 * PRIME discounts each source with its own γ (`reward_model_gamma`, `verifier_gamma`) and then adds the returns.
 */
export function discountedReturns(shape: BatchShape, rewards: Float64Array, gamma: number): Float64Array {
  checkTokenShape(shape, { 'discountedReturns rewards': rewards })
  if (!(gamma >= 0 && gamma <= 1)) throw new Error(`discountedReturns: gamma = ${gamma}, must be in [0, 1]`)
  const { B, R } = shape
  const out = new Float64Array(B * R)
  for (let b = 0; b < B; b++) {
    let running = 0
    for (let t = R - 1; t >= 0; t--) {
      running = (rewards[b * R + t] as number) + gamma * running
      out[b * R + t] = running
    }
  }
  return out
}
