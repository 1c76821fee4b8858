// Step-level localisation (prime-algorithm.md "Beyond the paper"): within a wrong response, does a per-token signal
// single out the wrong step? Pure functions over plain numbers, so the trainer scores every object the same way:
// the credit the policy gradient actually received (its per-token advantages, for every algorithm), PRIME's
// process reward s/Z, and two baselines that need no training — the reference model's and the rollout policy's
// log-probabilities (low = surprising).
//
// What makes these localisation metrics rather than outcome separation (the first version pooled the steps of right
// and wrong responses, so a uniform outcome credit scored AUC 0.87):
// - only incorrect responses with a wrong step are scored, and only against their own steps (within-response);
// - a step's score is the mean (or the minimum) of its tokens' values, never their sum, so a long step cannot win
//   by length;
// - first-error top-1 is reported beside its chance level, the mean of 1/steps over the same responses; a uniform
//   signal scores exactly chance on both metrics (ties count as a coin flip), a perfect localiser scores 1.

/** Token positions [start, end) of one step within a response (0 = first response token). */
export interface StepSpan {
  readonly start: number
  readonly end: number
}

/** One response's steps and their labels. */
export interface ResponseSteps {
  /** Row of the batch. */
  readonly row: number
  /** Steps in order, non-overlapping, inside the valid tokens. Tokens outside every step count for no step. */
  readonly steps: readonly StepSpan[]
  /** correct[k] is the truth of steps[k]; null where nobody labelled it (e.g. after ProcessBench's first error). */
  readonly correct: readonly (boolean | null)[]
  /** The outcome was wrong. Correct responses are never scored. */
  readonly incorrect: boolean
}

/** How a step's score is read from its tokens: their mean, or their minimum (the most suspicious token). */
export type StepAggregation = 'mean' | 'min'

export interface Localisation {
  /** Mean over scored responses of [the lowest-scoring step is the first wrong step] (ties split evenly); null if none. */
  readonly top1: number | null
  /** What a signal that knows nothing scores on top1 for the same responses: the mean of 1 / steps. */
  readonly chanceTop1: number | null
  /** Mean within-response ROC-AUC (a right step scores above a wrong one), over responses with both kinds; null if none. */
  readonly auc: number | null
  /** Responses scored for top1 (incorrect, with a labelled wrong step). */
  readonly responses: number
  /** Responses scored for the AUC (they also hold a labelled right step). */
  readonly aucResponses: number
}

/** Score of each step: the mean or minimum of its tokens' values (row-major (B*R) tensor, row stride R). */
export function stepScores(values: Float64Array, R: number, length: number, response: Pick<ResponseSteps, 'row' | 'steps'>, aggregation: StepAggregation): number[] {
  const base = response.row * R
  if (!Number.isInteger(response.row) || response.row < 0 || base + R > values.length) {
    throw new Error(`stepScores: row ${response.row} is outside the token values (${values.length / R} rows)`)
  }
  let previousEnd = 0
  return response.steps.map(({ start, end }, k) => {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < previousEnd || end <= start || end > length) {
      throw new Error(
        `stepScores: row ${response.row} step ${k} spans [${start}, ${end}); steps must be non-empty, in order, ` +
          `non-overlapping and within the ${length} valid tokens`,
      )
    }
    previousEnd = end
    const tokens = values.subarray(base + start, base + end)
    const lowest = Math.min(...tokens)
    if (aggregation === 'min') return lowest
    // The mean as lowest + mean excess: exactly the common value when every token holds the same one, so steps of a
    // uniform signal tie exactly (a plain Σ/n differs in the last bit between step lengths and breaks the ties).
    let excess = 0
    for (const v of tokens) excess += v - lowest
    return lowest + excess / tokens.length
  })
}

/**
 * ROC-AUC = P(score of a right step > score of a wrong step), ties counted 0.5 (Mann-Whitney U with average ranks).
 * Null when one kind is absent, since the AUC is then undefined.
 */
export function auc(scores: readonly number[], correct: readonly boolean[]): number | null {
  if (scores.length !== correct.length) throw new Error(`auc: ${scores.length} scores but ${correct.length} labels`)
  const positives = correct.filter(Boolean).length
  const negatives = correct.length - positives
  if (positives === 0 || negatives === 0) return null
  const order = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!)
  let positiveRankSum = 0
  for (let first = 0; first < order.length; ) {
    let last = first
    while (last + 1 < order.length && scores[order[last + 1]!] === scores[order[first]!]) last++
    const averageRank = (first + last) / 2 + 1 // 1-based ranks; tied values share their mean rank
    for (let k = first; k <= last; k++) if (correct[order[k]!]) positiveRankSum += averageRank
    first = last + 1
  }
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives)
}

/**
 * Is the lowest-scoring step the first wrong one? 1 if it is the unique minimum, 1/m if it ties with m−1 other steps
 * at the minimum (the chance a random tie-break picks it), else 0. Null when no step is labelled wrong.
 */
export function firstErrorTop1(scores: readonly number[], correct: readonly (boolean | null)[]): number | null {
  if (scores.length !== correct.length) throw new Error(`firstErrorTop1: ${scores.length} scores but ${correct.length} labels`)
  const firstWrong = correct.indexOf(false)
  if (firstWrong < 0) return null
  const lowest = Math.min(...scores)
  if (scores[firstWrong] !== lowest) return 0
  return 1 / scores.filter((s) => s === lowest).length
}

/** Localisation of one per-token signal (higher = looks right) over a batch's incorrect responses. */
export function localisation(values: Float64Array, R: number, lengths: Int32Array, responses: readonly ResponseSteps[], aggregation: StepAggregation): Localisation {
  let top1Sum = 0
  let chanceSum = 0
  let scored = 0
  let aucSum = 0
  let aucResponses = 0
  for (const response of responses) {
    if (response.steps.length !== response.correct.length) {
      throw new Error(`localisation: row ${response.row} has ${response.steps.length} steps but ${response.correct.length} labels`)
    }
    if (!response.incorrect || response.steps.length === 0) continue
    const length = lengths[response.row]
    if (length === undefined) throw new Error(`localisation: row ${response.row} has no length (B = ${lengths.length})`)
    const scores = stepScores(values, R, length, response, aggregation)
    const top1 = firstErrorTop1(scores, response.correct)
    if (top1 === null) continue
    top1Sum += top1
    chanceSum += 1 / scores.length
    scored++
    const labelled = scores.flatMap((s, k) => (response.correct[k] === null ? [] : [[s, response.correct[k] as boolean] as const]))
    const within = auc(
      labelled.map(([s]) => s),
      labelled.map(([, c]) => c),
    )
    if (within !== null) {
      aucSum += within
      aucResponses++
    }
  }
  return {
    top1: scored ? top1Sum / scored : null,
    chanceTop1: scored ? chanceSum / scored : null,
    auc: aucResponses ? aucSum / aucResponses : null,
    responses: scored,
    aucResponses,
  }
}

/**
 * The metrics an iteration logs for each signal, `step_validity/<signal>/{top1,auc}` (mean over a step's tokens)
 * and `…/{top1_min,auc_min}` (minimum), plus the chance level and the number of responses scored.
 */
export function localisationMetrics(
  signals: Readonly<Record<string, Float64Array | null>>,
  R: number,
  lengths: Int32Array,
  responses: readonly ResponseSteps[],
): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [signal, values] of Object.entries(signals)) {
    if (!values) continue
    for (const aggregation of ['mean', 'min'] as const) {
      const result = localisation(values, R, lengths, responses, aggregation)
      const suffix = aggregation === 'mean' ? '' : '_min'
      if (result.top1 !== null) out[`step_validity/${signal}/top1${suffix}`] = result.top1
      if (result.auc !== null) out[`step_validity/${signal}/auc${suffix}`] = result.auc
      if (result.chanceTop1 !== null) {
        out['step_validity/chance_top1'] = result.chanceTop1
        out['step_validity/responses'] = result.responses
      }
    }
  }
  return out
}
