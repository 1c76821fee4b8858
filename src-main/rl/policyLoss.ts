import { checkTokenShape, type BatchShape } from './batch'

/**
 * How token losses become one number. 'token-mean': Σ loss·mask / Σ mask over the whole (mini-)batch, what the
 * authors' `compute_policy_loss` returns (and verl's default). 'seq-mean-token-mean': mean over rows of each row's
 * masked token mean, the aggregation prime-algorithm.md step 10 attributes to the authors' training run.
 */
export type LossAggregation = 'token-mean' | 'seq-mean-token-mean'

export interface PolicyLossInput {
  /** (B*R) log πθ of the response tokens under the policy being updated. */
  readonly logp: Float64Array
  /** (B*R) log πθ_old recorded before the update. */
  readonly oldLogp: Float64Array
  /** (B*R) advantages (padding values are ignored through the mask). */
  readonly advantages: Float64Array
  /** (B*R) 1 on valid response tokens. */
  readonly mask: Float64Array
}

export interface PolicyLossResult {
  /** `actor/pg_loss`: aggregated max(−A·ratio, −A·clip(ratio, 1−ε, 1+ε)). */
  readonly loss: number
  /** `actor/pg_clipfrac`: token mean of [clipped term > unclipped term] (strict). */
  readonly clipFraction: number
  /** `actor/ppo_kl`: token mean of old_logp − logp (the k1 estimate of KL(old‖new)). */
  readonly approxKl: number
}

/**
 * PPO-clip (prime-algorithm.md step 10), as the authors' `compute_policy_loss`,
 * training/verl/trainer/ppo/core_algos.py:160-191. Only the loss follows `aggregation`; clipfrac and approx KL stay
 * token means, as verl does when it aggregates by sequence.
 */
export function policyLoss(
  shape: BatchShape,
  input: PolicyLossInput,
  options: { clipRange: number; aggregation: LossAggregation },
): PolicyLossResult {
  const { logp, oldLogp, advantages, mask } = input
  checkTokenShape(shape, {
    'policyLoss logp': logp,
    'policyLoss oldLogp': oldLogp,
    'policyLoss advantages': advantages,
    'policyLoss mask': mask,
  })
  const { clipRange, aggregation } = options
  if (!(clipRange > 0 && clipRange < 1)) throw new Error(`policyLoss: clipRange = ${clipRange}, must be in (0, 1)`)
  const { B, R } = shape

  let lossSum = 0
  let clippedSum = 0
  let klSum = 0
  let tokenCount = 0
  let seqMeanSum = 0
  for (let b = 0; b < B; b++) {
    let rowLoss = 0
    let rowCount = 0
    for (let t = 0; t < R; t++) {
      const i = b * R + t
      const m = mask[i] as number
      const logRatio = (logp[i] as number) - (oldLogp[i] as number)
      const ratio = Math.exp(logRatio)
      const a = advantages[i] as number
      const unclipped = -a * ratio
      const clipped = -a * Math.min(Math.max(ratio, 1 - clipRange), 1 + clipRange)
      rowLoss += Math.max(unclipped, clipped) * m
      rowCount += m
      clippedSum += (clipped > unclipped ? 1 : 0) * m
      klSum += -logRatio * m
    }
    lossSum += rowLoss
    tokenCount += rowCount
    if (aggregation === 'seq-mean-token-mean') {
      if (rowCount === 0) throw new Error(`policyLoss: row ${b} has no valid token, so its token mean is undefined`)
      seqMeanSum += rowLoss / rowCount
    }
  }
  if (tokenCount === 0) throw new Error('policyLoss: the mask is empty')
  return {
    loss: aggregation === 'token-mean' ? lossSum / tokenCount : seqMeanSum / B,
    clipFraction: clippedSum / tokenCount,
    approxKl: klSum / tokenCount,
  }
}
