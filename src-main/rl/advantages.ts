import { Algorithm } from '../../src-preload/contract/rl-config'
import type { RolloutBatch } from './batch'
import { batchNorm } from './batchNorm'
import { grpoOutcomeAdvantages, grpoProcessRewards } from './grpo'
import { implicitProcessRewards, policyLogProbScores, type Granularity } from './implicitRewards'
import { discountedReturns } from './returns'
import { lastTokenMask, placeOnLastToken, rloo } from './rloo'
import { whiten } from './whiten'

/**
 * - prime: RLOO of process scores + RLOO of the outcome, returns per source, whitened (the authors' method).
 * - rloo: the same with the outcome only (the paper's main baseline).
 * - grpo / prime-grpo: group-normalised outcome (and process) rewards, not whitened.
 * - reinforce / prime-reinforce: raw outcome (and process) returns, no baseline, not whitened.
 * - dense-surprisal: prime with log πθ_old in place of the implicit PRM's q (a control: credit without a PRM).
 */
export type { Algorithm }

export const ALGORITHMS: readonly Algorithm[] = Algorithm.options

export interface AdvantageOptions {
  /** Where the implicit reward sits ('token' in the paper). Ignored by outcome-only algorithms. */
  readonly granularity: Granularity
  /** γ of the process source (upstream `reward_model_gamma`, 1 in the paper). */
  readonly gammaProcess: number
  /** γ of the outcome source (upstream `verifier_gamma`, 1 in the paper). */
  readonly gammaOutcome: number
  /**
   * (B) 1 for rows whose process scores count, 0 for rows that get none (groups that failed the filter and only top
   * up the batch, RlConfig filter.processRewardOnTopUp). Their scores are zeroed before batch_norm. Default: all rows.
   */
  readonly processRows?: ArrayLike<number>
}

export interface AdvantageResult {
  /** (B*R) returns, summed over sources; 0 at padding. */
  readonly returns: Float64Array
  /** (B*R) what the policy loss uses. Whitened algorithms hold non-zero values at padding (not re-masked). */
  readonly advantages: Float64Array
  /** (B*R) batch-normalised process scores s/Z (the per-token implicit reward the step metrics read), or null. */
  readonly processScores: Float64Array | null
  /** Batch-norm divisor Z, or null for outcome-only algorithms. */
  readonly normaliser: number | null
}

/**
 * Advantages for one batch (prime-algorithm.md steps 5-9 and "Baselines"). Each source is a reward per token —
 * the outcome on the last valid token, process scores on every valid token — discounted by its own γ; the
 * returns of the sources are added with unit weights (upstream ignores rm_coef/reward_coef here, fixtures/README.md
 * "Upstream behaviours" 3).
 *
 * Choices where the authors' code has no counterpart (their repository implements only 'gae' and 'rloo',
 * training/verl/trainer/ppo/ray_trainer.py compute_advantage):
 * - GRPO follows verl's compute_grpo_outcome_advantage, which puts (r_i − mean)/(std + 1e-6) on every token. Here
 *   it sits on the last token and is discounted with gammaOutcome like every other outcome term; with γ = 1 (the
 *   paper's setting) that is exactly verl's broadcast.
 * - REINFORCE is A_t = r_o (+ Σ_{s≥t} γ^{s−t} r_φ(y_s) for PRIME), as prime-algorithm.md states: no baseline and
 *   no whitening. verl's REINFORCE++ would whiten these returns over the batch; we do not.
 * - The process reward r_φ of every PRIME variant is the batch-normalised score s/Z, as in the authors' PRIME run.
 */
export function computeAdvantages(batch: RolloutBatch, algorithm: Algorithm, options: AdvantageOptions): AdvantageResult {
  const { lengths, responseMask, acc } = batch
  const process = usesProcessReward(algorithm) ? normalisedProcessScores(batch, algorithm, options) : null

  let outcomeRewards: Float64Array
  let processRewards: Float64Array | null = null
  switch (algorithm) {
    case 'prime':
    case 'dense-surprisal':
    case 'rloo':
      outcomeRewards = rloo(batch, placeOnLastToken(batch, lengths, acc), lastTokenMask(batch, lengths))
      if (process) processRewards = rloo(batch, process.scores, responseMask)
      break
    case 'grpo':
    case 'prime-grpo':
      outcomeRewards = placeOnLastToken(batch, lengths, grpoOutcomeAdvantages(batch, acc))
      if (process) processRewards = grpoProcessRewards(batch, process.scores, responseMask)
      break
    case 'reinforce':
    case 'prime-reinforce':
      outcomeRewards = placeOnLastToken(batch, lengths, acc)
      if (process) processRewards = process.scores
      break
    default:
      throw new Error(`computeAdvantages: unknown algorithm '${String(algorithm)}', expected one of ${ALGORITHMS.join(', ')}`)
  }

  const returns = discountedReturns(batch, outcomeRewards, options.gammaOutcome)
  if (processRewards) {
    const processReturns = discountedReturns(batch, processRewards, options.gammaProcess)
    for (let i = 0; i < returns.length; i++) returns[i] = (returns[i] as number) + (processReturns[i] as number)
  }
  const whitened = algorithm === 'prime' || algorithm === 'dense-surprisal' || algorithm === 'rloo'
  return {
    returns,
    advantages: whitened ? whiten(batch, returns, responseMask).whitened : returns.slice(),
    processScores: process?.scores ?? null,
    normaliser: process?.denominator ?? null,
  }
}

/** Algorithms whose advantages carry a dense process reward. */
export function usesProcessReward(algorithm: Algorithm): boolean {
  return algorithm === 'prime' || algorithm === 'prime-grpo' || algorithm === 'prime-reinforce' || algorithm === 'dense-surprisal'
}

function normalisedProcessScores(batch: RolloutBatch, algorithm: Algorithm, options: AdvantageOptions) {
  const raw = algorithm === 'dense-surprisal' ? policyLogProbScores(batch, options.granularity) : implicitProcessRewards(batch, options.granularity)
  const scores = raw.tokenScores
  const { processRows } = options
  if (processRows) {
    if (processRows.length !== batch.B) throw new Error(`computeAdvantages: processRows has ${processRows.length} rows, expected B = ${batch.B}`)
    for (let b = 0; b < batch.B; b++) if (!processRows[b]) scores.fill(0, b * batch.R, (b + 1) * batch.R)
  }
  return batchNorm(batch, scores)
}
