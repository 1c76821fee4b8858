// Step-level validity of process rewards (prime-algorithm.md "Beyond the paper"): on tasks that know the truth of
// every reasoning step, do the per-token rewards single out the wrong steps? Pure functions over plain numbers so
// the trainer can call them for PRIME (normalised process scores) and for the outcome-only baseline alike.

/** Token positions [start, end) of one step within a response (0 = first response token). */
export interface StepSpan {
  readonly start: number
  readonly end: number
}

/** One response's segmentation into steps and the task's verdict on each step. */
export interface StepTruth {
  /** Row of the batch. */
  readonly row: number
  /** Steps in order, non-overlapping, inside the valid tokens. Tokens outside every step count for no step. */
  readonly steps: readonly StepSpan[]
  /** correct[k] is the truth of steps[k]. */
  readonly correct: readonly boolean[]
}

export interface StepValidityMetrics {
  /** ROC-AUC of step rewards separating correct (positive) from wrong steps, pooled over the batch; null if one class is absent. */
  readonly stepAuc: number | null
  /** Mean first-error localisation over responses that have a wrong step; null if none has. */
  readonly firstErrorRate: number | null
  /** Steps pooled into the AUC. */
  readonly steps: number
  /** Responses scored for first-error localisation. */
  readonly responsesWithError: number
}

/** Step reward = Σ of the per-token rewards over the step's tokens (row-major (B*R) tensor, row stride R). */
export function stepRewards(
  tokenRewards: Float64Array,
  R: number,
  length: number,
  truth: Pick<StepTruth, 'row' | 'steps'>,
): number[] {
  const base = truth.row * R
  if (!Number.isInteger(truth.row) || truth.row < 0 || base + R > tokenRewards.length) {
    throw new Error(`stepRewards: row ${truth.row} is outside the token rewards (${tokenRewards.length / R} rows)`)
  }
  let previousEnd = 0
  return truth.steps.map(({ start, end }, k) => {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < previousEnd || end <= start || end > length) {
      throw new Error(
        `stepRewards: row ${truth.row} step ${k} spans [${start}, ${end}); steps must be non-empty, in order, ` +
          `non-overlapping and within the ${length} valid tokens`,
      )
    }
    previousEnd = end
    let sum = 0
    for (let t = start; t < end; t++) sum += tokenRewards[base + t] as number
    return sum
  })
}

/**
 * ROC-AUC = P(reward of a correct step > reward of a wrong step), ties counted 0.5 (Mann-Whitney U with average
 * ranks). Null when there is no correct or no wrong step, since the AUC is then undefined.
 */
export function stepAuc(rewards: readonly number[], correct: readonly boolean[]): number | null {
  if (rewards.length !== correct.length) {
    throw new Error(`stepAuc: ${rewards.length} rewards but ${correct.length} truth labels`)
  }
  const positives = correct.filter(Boolean).length
  const negatives = correct.length - positives
  if (positives === 0 || negatives === 0) return null

  const order = rewards.map((_, i) => i).sort((a, b) => (rewards[a] as number) - (rewards[b] as number))
  let positiveRankSum = 0
  for (let first = 0; first < order.length; ) {
    let last = first
    while (last + 1 < order.length && rewards[order[last + 1] as number] === rewards[order[first] as number]) last++
    const averageRank = (first + last) / 2 + 1 // ranks are 1-based; tied values share their mean rank
    for (let k = first; k <= last; k++) if (correct[order[k] as number]) positiveRankSum += averageRank
    first = last + 1
  }
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives)
}

/**
 * Is the lowest-reward step the first wrong step? 1 if it is the unique minimum, 1/m if it ties with m−1 other
 * steps at the minimum (the chance a random tie-break picks it, in the spirit of the AUC's 0.5), else 0.
 * Null when the response has no wrong step.
 */
export function firstErrorLocalisation(rewards: readonly number[], correct: readonly boolean[]): number | null {
  if (rewards.length !== correct.length) {
    throw new Error(`firstErrorLocalisation: ${rewards.length} rewards but ${correct.length} truth labels`)
  }
  const firstWrong = correct.indexOf(false)
  if (firstWrong < 0) return null
  const lowest = Math.min(...rewards)
  if (rewards[firstWrong] !== lowest) return 0
  return 1 / rewards.filter((r) => r === lowest).length
}

/**
 * Both metrics for a batch. `tokenRewards` is (B*R) with row stride R — for PRIME the batch-normalised process
 * scores; for an outcome-only run whatever per-token credit it implies. A response is scored for first-error
 * localisation when it has a wrong step (a wrong final answer with every step marked correct has no first error).
 */
export function stepValidityMetrics(
  tokenRewards: Float64Array,
  R: number,
  lengths: Int32Array,
  truths: readonly StepTruth[],
): StepValidityMetrics {
  const pooledRewards: number[] = []
  const pooledCorrect: boolean[] = []
  let localisationSum = 0
  let responsesWithError = 0
  for (const truth of truths) {
    if (truth.steps.length !== truth.correct.length) {
      throw new Error(`stepValidityMetrics: row ${truth.row} has ${truth.steps.length} steps but ${truth.correct.length} labels`)
    }
    const length = lengths[truth.row]
    if (length === undefined) throw new Error(`stepValidityMetrics: row ${truth.row} has no length (B = ${lengths.length})`)
    const rewards = stepRewards(tokenRewards, R, length, truth)
    pooledRewards.push(...rewards)
    pooledCorrect.push(...truth.correct)
    const localised = firstErrorLocalisation(rewards, truth.correct)
    if (localised !== null) {
      localisationSum += localised
      responsesWithError++
    }
  }
  return {
    stepAuc: stepAuc(pooledRewards, pooledCorrect),
    firstErrorRate: responsesWithError === 0 ? null : localisationSum / responsesWithError,
    steps: pooledRewards.length,
    responsesWithError,
  }
}
