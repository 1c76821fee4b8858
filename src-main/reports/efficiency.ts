// Sample efficiency, as the PRIME paper states it ("PRIME reaches RLOO's final reward in 40% of the steps"): how
// many iterations, and how much wall time, each run needed to reach a training-reward level, and the baseline's
// count over PRIME's for runs that share everything but the algorithm (same seed, same other settings). The reward
// is TRAINING_REWARD (src-preload/contract/metrics.ts) as a trailing mean of 5 iterations, so one lucky batch does not count as reaching a level.
// Used by the report and by the CLI's `compare`, so both give the same numbers.
import type { MetricsRow, RunSummary } from '../../src-preload/contract/schemas'
import { TRAINING_REWARD } from '../../src-preload/contract/metrics'
import { usesPrm, type Algorithm } from '../../src-preload/contract/rl-config'
import { comparisonKey } from './config-diff'

export const REWARD_METRIC = TRAINING_REWARD
export const WALL_TIME_METRIC = 'train/wall_time'
export const REWARD_WINDOW = 5

export interface SeriesPoint {
  step: number
  value: number
}

/** The rows of `metrics` that hold `name`, in file order. */
export function metricSeries(metrics: readonly MetricsRow[], name: string): SeriesPoint[] {
  return metrics.flatMap((row) => {
    const value = row.values[name]
    return value === undefined ? [] : [{ step: row.step, value }]
  })
}

/** At each point, the mean of it and the `window - 1` points before it (fewer at the start). */
export function trailingMean(series: readonly SeriesPoint[], window = REWARD_WINDOW): SeriesPoint[] {
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`trailingMean: window must be an integer >= 1, got ${window}`)
  let sum = 0
  return series.map((point, i) => {
    sum += point.value
    if (i >= window) sum -= (series[i - window] as SeriesPoint).value
    return { step: point.step, value: sum / Math.min(i + 1, window) }
  })
}

/** First step at which the trailing mean of `window` values reaches `threshold` (null if never). */
export function iterationsToReach(series: readonly SeriesPoint[], threshold: number, window = REWARD_WINDOW): number | null {
  return trailingMean(series, window).find((point) => point.value >= threshold)?.step ?? null
}

/** The trailing mean at a run's last iteration (null for a run without rewards). */
export function finalReward(metrics: readonly MetricsRow[], window = REWARD_WINDOW): number | null {
  return trailingMean(metricSeries(metrics, REWARD_METRIC), window).at(-1)?.value ?? null
}

/**
 * The lowest final reward among the runs: a level every run reached by its end, so "iterations to reach" asks how
 * soon each run got to where the weakest one finished. Null when no run has rewards.
 */
export function defaultRewardThreshold(runs: readonly (readonly MetricsRow[])[]): number | null {
  const finals = runs.map((metrics) => finalReward(metrics)).filter((v): v is number => v !== null)
  return finals.length ? Math.min(...finals) : null
}

export interface Reach {
  iteration: number
  /** `train/wall_time` at that iteration (seconds of training, pauses excluded); null if the run did not log it. */
  wallTime: number | null
}

export function reachOf(metrics: readonly MetricsRow[], threshold: number): Reach | null {
  const iteration = iterationsToReach(metricSeries(metrics, REWARD_METRIC), threshold)
  if (iteration === null) return null
  const wallTime = metrics.find((row) => row.step === iteration)?.values[WALL_TIME_METRIC] ?? null
  return { iteration, wallTime }
}

export interface EfficiencyRun {
  summary: RunSummary
  metrics: readonly MetricsRow[]
}

export interface EfficiencyRow {
  runId: string
  name: string
  algorithm: string
  seed: number | null
  finalReward: number | null
  reach: Reach | null
}

export interface SeedRatio {
  seed: number
  primeRunId: string
  baselineRunId: string
  /** Baseline ÷ PRIME: above 1, PRIME got there sooner. Null where either run never reached the level. */
  iterations: number | null
  wallTime: number | null
}

export interface AlgorithmComparison {
  prime: string
  baseline: string
  pairs: SeedRatio[]
  medianIterations: number | null
  medianWallTime: number | null
}

export interface SampleEfficiency {
  threshold: number | null
  rows: EfficiencyRow[]
  comparisons: AlgorithmComparison[]
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

function ratio(baseline: number | null | undefined, prime: number | null | undefined): number | null {
  if (baseline == null || prime == null || !(prime > 0)) return null
  return baseline / prime
}

/**
 * Each run's reach of `threshold` (default: `defaultRewardThreshold`), and for every PRIME-family algorithm against
 * every baseline algorithm the per-seed ratios. Runs pair only when their configs are equal apart from algorithm
 * and seed (a ratio between different tasks or learning rates would not measure the algorithm); the first run of a
 * (settings, algorithm, seed) counts, later repeats are ignored.
 */
export function sampleEfficiency(runs: readonly EfficiencyRun[], threshold: number | null = defaultRewardThreshold(runs.map((r) => r.metrics))): SampleEfficiency {
  const rows: EfficiencyRow[] = runs.map(({ summary, metrics }) => ({
    runId: summary.id,
    name: summary.name,
    algorithm: summary.config.kind === 'rl' ? summary.config.algorithm : summary.config.kind,
    seed: summary.config.kind === 'rl' ? summary.config.seed : null,
    finalReward: finalReward(metrics),
    reach: threshold === null ? null : reachOf(metrics, threshold),
  }))

  // (settings without algorithm and seed) → algorithm → seed → row
  const groups = new Map<string, Map<Algorithm, Map<number, EfficiencyRow>>>()
  runs.forEach(({ summary }, index) => {
    if (summary.config.kind !== 'rl') return
    const key = comparisonKey(summary.config)
    const byAlgorithm = groups.get(key) ?? new Map<Algorithm, Map<number, EfficiencyRow>>()
    groups.set(key, byAlgorithm)
    const bySeed = byAlgorithm.get(summary.config.algorithm) ?? new Map<number, EfficiencyRow>()
    byAlgorithm.set(summary.config.algorithm, bySeed)
    if (!bySeed.has(summary.config.seed)) bySeed.set(summary.config.seed, rows[index] as EfficiencyRow)
  })

  const comparisons = new Map<string, AlgorithmComparison>()
  for (const byAlgorithm of groups.values()) {
    for (const [prime, primeSeeds] of byAlgorithm) {
      if (!usesPrm(prime)) continue
      for (const [baseline, baselineSeeds] of byAlgorithm) {
        if (usesPrm(baseline)) continue
        const name = `${prime} vs ${baseline}`
        const comparison = comparisons.get(name) ?? { prime, baseline, pairs: [], medianIterations: null, medianWallTime: null }
        comparisons.set(name, comparison)
        for (const [seed, p] of primeSeeds) {
          const b = baselineSeeds.get(seed)
          if (!b) continue
          comparison.pairs.push({
            seed,
            primeRunId: p.runId,
            baselineRunId: b.runId,
            iterations: ratio(b.reach?.iteration, p.reach?.iteration),
            wallTime: ratio(b.reach?.wallTime, p.reach?.wallTime),
          })
        }
      }
    }
  }
  const result = [...comparisons.values()].filter((c) => c.pairs.length > 0)
  for (const c of result) {
    c.pairs.sort((a, b) => a.seed - b.seed)
    c.medianIterations = median(c.pairs.flatMap((p) => (p.iterations === null ? [] : [p.iterations])))
    c.medianWallTime = median(c.pairs.flatMap((p) => (p.wallTime === null ? [] : [p.wallTime])))
  }
  return { threshold, rows, comparisons: result }
}
