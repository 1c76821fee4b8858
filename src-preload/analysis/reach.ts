// When a run reached a level of a metric — the first half of sample efficiency ("PRIME reaches RLOO's final reward
// in 40% of the steps"). The definitions every readout uses:
//
// - Iterations to reach X: the first iteration at which the run's smoothed curve of the metric (smoothing.ts; the
//   readout names the smoothing) is at or beyond X — ≥ X when higher is better, ≤ X when lower is better. Smoothed,
//   because on a raw curve one lucky batch crosses a line long before the run holds that level.
// - Wall time to reach X: the run's wall time at that iteration (`train/wall_time`, the training clock without
//   pauses; time since the first row for runs that do not log it, metric-series.ts).
// - The default X: the lowest final value of the smoothed curves among the runs compared (the highest when lower
//   is better) — the level the weakest run holds at its end, which every run reaches by its last iteration. This is
//   the paper's "reaches the baseline's final reward"; the lowest *peak* instead would count a level some run only
//   touched in passing.
import { METRICS } from '../contract/metrics'
import type { Smoothing } from '../contract/schemas'
import type { MetricColumns } from './metric-columns'
import { extractMetric } from './metric-series'
import { smooth } from './smoothing'

/** Higher is better unless the contract's METRICS table says otherwise (unknown metrics count as higher-better). */
export function higherIsBetter(metric: string): boolean {
  return (METRICS as Record<string, { higherIsBetter?: boolean } | undefined>)[metric]?.higherIsBetter !== false
}

/** A run's metric in step order with its smoothed values. */
export interface SmoothedSeries {
  steps: Float64Array
  wallTimes: Float64Array
  /** Smoothed, aligned with steps. */
  values: Float64Array
}

export function smoothedSeries(columns: MetricColumns, metric: string, smoothing: Smoothing): SmoothedSeries {
  const series = extractMetric(columns, metric)
  return { steps: series.steps, wallTimes: series.wallTimes, values: smooth(series.values, smoothing) }
}

export interface ReachPoint {
  iteration: number
  /** Seconds; null where the run has no wall time at that iteration. */
  wallTime: number | null
}

/** The first point at or beyond `level`; null if the curve never gets there. */
export function reachOf(series: SmoothedSeries, level: number, higherBetter: boolean): ReachPoint | null {
  if (!Number.isFinite(level)) throw new RangeError(`reach: the level must be a finite number, got ${level}`)
  for (let i = 0; i < series.values.length; i++) {
    const value = series.values[i] as number
    if (!Number.isFinite(value)) continue
    if (higherBetter ? value >= level : value <= level) {
      const wallTime = series.wallTimes[i] as number
      return { iteration: series.steps[i] as number, wallTime: Number.isFinite(wallTime) ? wallTime : null }
    }
  }
  return null
}

/** The smoothed value at the run's last logged point (null when it logged none). */
export function finalValue(series: SmoothedSeries): number | null {
  for (let i = series.values.length - 1; i >= 0; i--) if (Number.isFinite(series.values[i])) return series.values[i] as number
  return null
}

/** The default level: the lowest final smoothed value (highest when lower is better); null when no run has one. */
export function defaultLevel(series: readonly SmoothedSeries[], higherBetter: boolean): number | null {
  const finals = series.map(finalValue).filter((v): v is number => v !== null)
  if (finals.length === 0) return null
  return higherBetter ? Math.min(...finals) : Math.max(...finals)
}
