// One metric of one run as parallel arrays, with every x axis a comparison can use (X_AXES in the contract):
// the iteration (the row's step), the samples seen so far and the wall time. Only rows that logged the metric
// appear, so arrays stay aligned and a metric logged every k iterations (validation) keeps its own points. The
// starting model (step 0, metric-columns.ts) has seen no samples and trained for no time: 0 on both axes.
import { X_AXES } from '../contract/metrics'
import { FIRST_ITERATION, type MetricColumns } from './metric-columns'

export type XAxisMode = keyof typeof X_AXES

export interface MetricSeries {
  steps: number[]
  /** `train/samples_seen` at each point; NaN where the run does not log it. */
  samples: number[]
  /** Seconds (see wallTimeSource). */
  wallTimes: number[]
  values: number[]
}

const SAMPLES = X_AXES.samples.metric
const WALL_TIME = X_AXES.time.metric

/**
 * Where a run's wall time comes from: the trainer's own `train/wall_time` (which leaves out paused time) when the
 * run logs it, else the row's `time` stamp less the first row's — which counts pauses too, the best available for
 * runs (engine smoke, imported logs) that do not log their own clock.
 */
export function wallTimeSource(columns: MetricColumns): 'metric' | 'timestamps' {
  return columns.column(WALL_TIME) ? 'metric' : 'timestamps'
}

export function extractMetric(columns: MetricColumns, metric: string): MetricSeries {
  const out: MetricSeries = { steps: [], samples: [], wallTimes: [], values: [] }
  const values = columns.column(metric)
  if (!values) return out
  const samples = columns.column(SAMPLES)
  const wallTime = columns.column(WALL_TIME)
  const start = columns.times[0] ?? 0
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number
    if (Number.isNaN(value)) continue
    const step = columns.steps[i] as number
    out.steps.push(step)
    out.samples.push(step < FIRST_ITERATION ? 0 : samples ? (samples[i] as number) : Number.NaN)
    out.wallTimes.push(step < FIRST_ITERATION ? 0 : wallTime ? (wallTime[i] as number) : (columns.times[i] as number) - start)
    out.values.push(value)
  }
  return out
}

export function axisValues(series: MetricSeries, axis: XAxisMode): number[] {
  return axis === 'iteration' ? series.steps : axis === 'samples' ? series.samples : series.wallTimes
}
