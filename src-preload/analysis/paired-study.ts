// A powered comparison of one arm against a baseline arm (issue 13, item 5): runs paired by config.seed
// (seed-pairs.ts — same SFT start, same prompt stream), two figures per seed pair, and across the pairs a mean with
// a paired t-interval (paired-interval.ts) and an exact sign test (sign-test.ts). The definitions:
//
// - N, the pair's common length: the last iteration both runs logged the metric at. Both figures use iterations
//   1..N only, so a run that trained longer (or one that crashed early) does not tilt the pair.
// - AUC: the mean of the metric's raw values over iterations 1..N — not smoothed: averaging over the whole run is
//   itself the smoothing, and smoothing first would weight early iterations more (an EMA lags). The pair's figure is
//   the difference arm − baseline (baseline − arm for a metric where lower is better): above 0, the arm did better
//   on average over training.
// - Reach ratio: the baseline's final smoothed value (at N) is the level; b = the first iteration at which the
//   baseline's smoothed curve reaches it (≤ N by construction), a = the same for the arm. The ratio is a ÷ b: below 1,
//   the arm got to the baseline's final reward sooner (the paper's "PRIME reaches RLOO's final reward in 40% of the
//   steps" is 0.4). Smoothing as the options say (reach.ts: a raw curve crosses a line on one lucky batch).
// - Censored pairs: an arm that never reaches the level within N iterations has a ratio known only to exceed N ÷ b.
//   It is kept, never dropped: it enters the mean and interval at its bound (N + 1) ÷ b — the smallest value it can
//   have, so the summary flatters the arm and the readouts say how many pairs were censored — and it counts as "arm
//   later" in the sign test, which is exact for it.
// - Across pairs: the AUC differences' mean with a t-interval; the reach ratios on the log scale (a ratio of 2 and
//   one of 0.5 cancel), summarised as the geometric mean with the back-transformed interval; each with the exact
//   two-sided sign test (ties left out).
import { TRAINING_REWARD } from '../contract/metrics'
import { Algorithm, usesPrm } from '../contract/rl-config'
import type { Smoothing } from '../contract/schemas'
import { FIRST_ITERATION, type MetricColumns } from './metric-columns'
import { extractMetric } from './metric-series'
import { DEFAULT_CONFIDENCE, pairedInterval, type PairedInterval } from './paired-interval'
import { finalValue, higherIsBetter, reachOf, type SmoothedSeries } from './reach'
import { pairBySeed } from './seed-pairs'
import { learningKey, seedOf, type SeedGroup } from './seed-groups'
import { signTest, type SignTest } from './sign-test'
import { DEFAULT_SMOOTHING, smooth } from './smoothing'

export interface StudyOptions {
  metric: string
  /** Smoothing of the curves tested against the level (the AUC is always over raw values). */
  smoothing: Smoothing
  /** Of the t-intervals, e.g. 0.95. */
  confidence: number
}

export const DEFAULT_STUDY_OPTIONS: StudyOptions = { metric: TRAINING_REWARD, smoothing: DEFAULT_SMOOTHING, confidence: DEFAULT_CONFIDENCE }

/** The goal issue 13 sets for PRIME against RLOO: the baseline's final reward in at most 0.6× its iterations. */
export const GOAL_REACH_RATIO = 0.6

export interface StudyRun {
  id: string
  name: string
  config: object
  columns: MetricColumns
}

export interface StudyPair {
  seed: number
  armRunId: string
  baselineRunId: string
  /** The common length N: both figures use iterations 1..N. */
  iterations: number
  armAuc: number
  baselineAuc: number
  /** arm − baseline (reversed when lower is better): above 0, the arm did better. */
  aucDifference: number
  /** The baseline's final smoothed value at N: the level to reach. */
  level: number
  /** b: the baseline's first iteration at the level. */
  baselineReach: number
  /** a: the arm's first iteration at the level; null when it never got there within N (censored). */
  armReach: number | null
  /** a ÷ b; for a censored pair its bound (N + 1) ÷ b. */
  reachRatio: number
  censored: boolean
}

export interface StudySummary {
  /** Over the pairs' values (AUC differences; for the reach, the log ratios). */
  interval: PairedInterval | null
  signs: SignTest
}

export interface StudyComparison {
  armKey: string
  baselineKey: string
  options: StudyOptions
  higherIsBetter: boolean
  pairs: StudyPair[]
  /** Seed pairs with a run that logged no value of the metric at iterations ≥ 1. */
  unscored: { seed: number; reason: string }[]
  /** Seeds on one side only, repeats, and runs without a seed (null). */
  unpaired: { arm: (number | null)[]; baseline: (number | null)[] }
  auc: StudySummary
  /** On log(a ÷ b); `geometricMean`, `lo` and `hi` are back on the ratio scale. */
  reach: StudySummary & { geometricMean: number | null; lo: number | null; hi: number | null; censored: number }
}

/** The metric at iterations FIRST_ITERATION..last, smoothed over those iterations only. */
function curveUpTo(columns: MetricColumns, metric: string, smoothing: Smoothing, last: number): SmoothedSeries {
  const series = extractMetric(columns, metric)
  const kept = (_: number, i: number) => (series.steps[i] as number) >= FIRST_ITERATION && (series.steps[i] as number) <= last
  return { steps: series.steps.filter(kept), wallTimes: series.wallTimes.filter(kept), values: smooth(series.values.filter(kept), smoothing) }
}

function loggedSteps(columns: MetricColumns, metric: string): { steps: Float64Array; values: Float64Array } {
  const series = extractMetric(columns, metric)
  const kept = (_: number, i: number) => (series.steps[i] as number) >= FIRST_ITERATION && Number.isFinite(series.values[i])
  return { steps: series.steps.filter(kept), values: series.values.filter(kept) }
}

/** One seed pair's figures, or the reason it has none. */
export function studyPair(seed: number, arm: StudyRun, baseline: StudyRun, options: StudyOptions): StudyPair | { seed: number; reason: string } {
  const armLogged = loggedSteps(arm.columns, options.metric)
  const baselineLogged = loggedSteps(baseline.columns, options.metric)
  const missing = [armLogged.steps.length ? null : arm.name, baselineLogged.steps.length ? null : baseline.name].filter(Boolean)
  if (missing.length) return { seed, reason: `${missing.join(' and ')} logged no ${options.metric}` }
  const N = Math.min(armLogged.steps.at(-1) as number, baselineLogged.steps.at(-1) as number)
  const aucOf = (logged: { steps: Float64Array; values: Float64Array }) => {
    const values = logged.values.filter((_, i) => (logged.steps[i] as number) <= N)
    return values.reduce((sum, v) => sum + v, 0) / values.length
  }
  const higherBetter = higherIsBetter(options.metric)
  const baselineCurve = curveUpTo(baseline.columns, options.metric, options.smoothing, N)
  const armCurve = curveUpTo(arm.columns, options.metric, options.smoothing, N)
  const level = finalValue(baselineCurve) as number
  // The baseline's own curve ends at the level, so it reaches it by N at the latest.
  const baselineReach = (reachOf(baselineCurve, level, higherBetter) as { iteration: number }).iteration
  const armReach = reachOf(armCurve, level, higherBetter)?.iteration ?? null
  const armAuc = aucOf(armLogged)
  const baselineAuc = aucOf(baselineLogged)
  return {
    seed,
    armRunId: arm.id,
    baselineRunId: baseline.id,
    iterations: N,
    armAuc,
    baselineAuc,
    aucDifference: higherBetter ? armAuc - baselineAuc : baselineAuc - armAuc,
    level,
    baselineReach,
    armReach,
    reachRatio: (armReach ?? N + 1) / baselineReach,
    censored: armReach === null,
  }
}

/** The arm's group against the baseline's, paired by seed. */
export function studyComparison(groups: readonly SeedGroup<StudyRun>[], armKey: string, baselineKey: string, options: StudyOptions = DEFAULT_STUDY_OPTIONS): StudyComparison {
  const side = (key: string) => (groups.find((g) => g.key === key)?.runs ?? []).map((run) => ({ seed: seedOf(run.config), value: run }))
  const { pairs, unpaired } = pairBySeed(side(armKey), side(baselineKey))
  const scored: StudyPair[] = []
  const unscored: { seed: number; reason: string }[] = []
  for (const { seed, a, b } of pairs) {
    const pair = studyPair(seed, a, b, options)
    if ('reason' in pair) unscored.push(pair)
    else scored.push(pair)
  }
  const logRatios = scored.map((p) => Math.log(p.reachRatio))
  const logInterval = pairedInterval(logRatios, options.confidence)
  const back = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.exp(v))
  return {
    armKey,
    baselineKey,
    options,
    higherIsBetter: higherIsBetter(options.metric),
    pairs: scored,
    unscored,
    unpaired: { arm: unpaired.a, baseline: unpaired.b },
    auc: { interval: pairedInterval(scored.map((p) => p.aucDifference), options.confidence), signs: signTest(scored.map((p) => p.aucDifference)) },
    reach: {
      interval: logInterval,
      signs: signTest(logRatios),
      geometricMean: back(logInterval?.mean),
      lo: back(logInterval?.lo),
      hi: back(logInterval?.hi),
      censored: scored.filter((p) => p.censored).length,
    },
  }
}

/** 0: trains an implicit PRM; 1: the dense-surprisal control; 2: outcome-only. An arm is compared with higher roles. */
export function studyRole(algorithm: Algorithm): 0 | 1 | 2 {
  if (usesPrm(algorithm)) return 0
  return algorithm === 'dense-surprisal' ? 1 : 2
}

export interface StudyPairing {
  arm: string
  baseline: string
}

function roleOf(group: SeedGroup<{ config: object }>): 0 | 1 | 2 | null {
  const parsed = Algorithm.safeParse((group.runs[0]?.config as { algorithm?: unknown } | undefined)?.algorithm)
  return parsed.success ? studyRole(parsed.data) : null
}

/**
 * Every study pairing among the groups: an arm against a baseline whose configs are equal apart from the algorithm
 * (and the seeds), the arm the more process-credit-rich of the two — PRIME against RLOO, PRIME against the
 * dense-surprisal control, the control against RLOO. In that order: arms by role, then baselines from outcome-only
 * to the control, then group order.
 */
export function studyPairings(groups: readonly SeedGroup<{ config: object }>[]): StudyPairing[] {
  const comparable = (group: SeedGroup<{ config: object }>) => learningKey(group.runs[0]?.config ?? {}, ['algorithm'])
  const found: (StudyPairing & { armRole: number; baselineRole: number; order: number })[] = []
  groups.forEach((arm, i) => {
    const armRole = roleOf(arm)
    if (armRole === null) return
    groups.forEach((baseline, j) => {
      const baselineRole = roleOf(baseline)
      if (baselineRole === null || baselineRole <= armRole || comparable(arm) !== comparable(baseline)) return
      found.push({ arm: arm.key, baseline: baseline.key, armRole, baselineRole, order: i * groups.length + j })
    })
  })
  return found
    .sort((x, y) => x.armRole - y.armRole || y.baselineRole - x.baselineRole || x.order - y.order)
    .map(({ arm, baseline }) => ({ arm, baseline }))
}
