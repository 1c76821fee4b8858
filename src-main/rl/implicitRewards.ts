import type { RolloutBatch } from './batch'

/** Where a response's implicit reward sits: on every token (default) or all on the last valid token. */
export type Granularity = 'token' | 'whole'

export interface ImplicitProcessRewards {
  /** (B*R) q = log πφ − log πref at every position, padding included (upstream returns it unmasked). */
  readonly q: Float64Array
  /** (B*R) process scores s: q on valid tokens ('token') or Σq on the last valid token ('whole'); 0 elsewhere. */
  readonly tokenScores: Float64Array
  /** (B) Σ_t q[b,t] over valid tokens: the sequence-level implicit reward divided by β. */
  readonly seqScores: Float64Array
}

/**
 * Per-token implicit process rewards (prime-algorithm.md step 5), following the authors'
 * `compute_implicit_reward`, training/verl/workers/actor/dp_prime.py:116-143 (q at line 121, filling at 126-141).
 * β is deliberately not applied: upstream's rm_scores are the batch-normalised log-ratio, and β enters only the
 * PRM loss (fixtures/README.md "Upstream behaviours" 1). With batch_norm after this, β would cancel anyway.
 */
export function implicitProcessRewards(batch: RolloutBatch, granularity: Granularity): ImplicitProcessRewards {
  const { B, R, logpPrm, logpRef } = batch
  if (logpPrm === null || logpRef === null) {
    throw new Error('implicitProcessRewards: the batch has no logpPrm/logpRef (an outcome-only batch)')
  }
  const q = new Float64Array(B * R)
  for (let i = 0; i < B * R; i++) q[i] = (logpPrm[i] as number) - (logpRef[i] as number)
  return { q, ...placeProcessScores(batch, q, granularity) }
}

/**
 * The dense-surprisal control's process scores: log πθ_old of each response token, placed like PRIME's q (every
 * token, or the sum on the last). Everything downstream (batch_norm, RLOO, returns, whitening) is PRIME's.
 */
export function policyLogProbScores(batch: RolloutBatch, granularity: Granularity): Omit<ImplicitProcessRewards, 'q'> {
  return placeProcessScores(batch, batch.oldLogp, granularity)
}

function placeProcessScores(batch: RolloutBatch, q: Float64Array, granularity: Granularity): Omit<ImplicitProcessRewards, 'q'> {
  const { B, R, lengths } = batch
  const tokenScores = new Float64Array(B * R)
  const seqScores = new Float64Array(B)
  for (let b = 0; b < B; b++) {
    const length = lengths[b] as number
    let sum = 0
    for (let t = 0; t < length; t++) sum += q[b * R + t] as number
    seqScores[b] = sum
    if (granularity === 'token') tokenScores.set(q.subarray(b * R, b * R + length), b * R)
    else tokenScores[b * R + length - 1] = sum
  }
  return { tokenScores, seqScores }
}
