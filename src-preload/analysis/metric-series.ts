// One metric of one run as parallel arrays, with every x axis a comparison can use (X_AXES in the contract):
// the iteration (the row's step), the samples seen so far and the wall time. Only rows that logged the metric
// appear, so arrays stay aligned and a metric logged every k iterations (validation) keeps its own points. The
// starting model (step 0, metric-columns.ts) has seen no samples and trained for no time: 0 on both axes.
import { X_AXES } from '../contract/metrics'
import { FIRST_ITERATION, type MetricColumns } from './metric-columns'

export type XAxisMode = keyof typeof X_AXES

export interface MetricSeries {
  steps: Float64Array
  /** `train/samples_seen` at each point; NaN where the run does not log it. */
  samples: Float64Array
  /** Seconds (see wallTimeSource). */
  wallTimes: Float64Array
  values: Float64Array
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

/**
 * Every row's x on `axis` (NaN where the run does not log it): the rows' steps themselves on the iteration axis, a
 * new array on the others. The one definition of the axes' rules for extractMetric and runCurve.
 */
export function axisColumn(columns: MetricColumns, axis: XAxisMode): Float64Array {
  const steps = columns.steps
  if (axis === 'iteration') return steps
  const n = steps.length
  const xs = new Float64Array(n)
  if (axis === 'samples') {
    const samples = columns.column(SAMPLES)
    for (let i = 0; i < n; i++) xs[i] = (steps[i] as number) < FIRST_ITERATION ? 0 : samples ? (samples[i] as number) : Number.NaN
    return xs
  }
  const wallTime = columns.column(WALL_TIME)
  // A view of the column, taken once: each access to `columns.times` makes a new one.
  const times = columns.times
  const start = times[0] ?? 0
  for (let i = 0; i < n; i++) xs[i] = (steps[i] as number) < FIRST_ITERATION ? 0 : wallTime ? (wallTime[i] as number) : (times[i] as number) - start
  return xs
}

/** How many rows logged the metric (their value is not NaN). */
export function loggedCount(values: Float64Array): number {
  let logged = 0
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i] as number)) logged++
  return logged
}

/**
 * The entries of `source` at the rows that logged a value in `values` (of which there are `logged`). When those rows
 * are one stretch — a run's metrics after its SFT rows, which log none of them — a view of that stretch of `source`
 * (no copy: a fresh array costs more to fill than the loop that fills it, several times more in Chromium than in
 * Node); otherwise a new array. Either way, for reading only.
 */
export function atLogged(source: Float64Array, values: Float64Array, logged: number): Float64Array {
  let first = 0
  while (first < values.length && Number.isNaN(values[first] as number)) first++
  let end = first
  while (end < values.length && !Number.isNaN(values[end] as number)) end++
  if (end - first === logged) return source.subarray(first, end)
  const out = new Float64Array(logged)
  let j = 0
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i] as number)) out[j++] = source[i] as number
  return out
}

/**
 * The rows that logged `metric`, as typed arrays sized by a first count: a comparison extracts every panel's
 * metric from every run (8 × 20,000 rows each), where growing plain arrays row by row cost several times more.
 */
export function extractMetric(columns: MetricColumns, metric: string): MetricSeries {
  const values = columns.column(metric)
  if (!values) return { steps: new Float64Array(0), samples: new Float64Array(0), wallTimes: new Float64Array(0), values: new Float64Array(0) }
  const logged = loggedCount(values)
  const at = (axis: XAxisMode) => atLogged(axisColumn(columns, axis), values, logged)
  return { steps: at('iteration'), samples: at('samples'), wallTimes: at('time'), values: atLogged(values, values, logged) }
}

/**
 * The x range a run spans on an axis, over all its rows (whatever metric they logged): what charts of one
 * comparison share, so that every panel's x axis lines up and a zoom means the same range in each. null when the
 * run has no row with an x on that axis (no `train/samples_seen`).
 */
export function axisRange(columns: MetricColumns, axis: XAxisMode): [number, number] | null {
  const n = columns.length
  if (n === 0) return null
  if (axis === 'iteration') return [columns.steps[0] as number, columns.steps[n - 1] as number]
  const source = axis === 'samples' ? columns.column(SAMPLES) : columns.column(WALL_TIME)
  if (!source) return axis === 'samples' ? null : [0, (columns.times[n - 1] as number) - (columns.times[0] as number)]
  let lo = Infinity
  let hi = -Infinity
  for (let i = 0; i < n; i++) {
    const x = source[i] as number
    if (x < lo) lo = x
    if (x > hi) hi = x
  }
  return lo <= hi ? [lo, hi] : null
}
