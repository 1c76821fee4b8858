// The figures of one run that a table shows for it: a metric at the start, at the end and at its best; validation
// accuracy at the end and at its best and the held-out test accuracy of the final policy, each with its standard
// error where the run logged one (`val/acc_se`, `test/acc_se`: the binomial SE over the items); and how long the run
// trained. The report's run table, the CLI's `compare` and `sweep`, the runs table's metric columns and the sweep
// views all read them here. Raw values (not smoothed): the final validation of a greedy evaluation is not a noisy
// batch, and a table of finals is read against the curves' last points.
import { X_AXES } from '../contract/metrics'
import type { MetricFigures } from '../contract/schemas'
import { formatFigure } from './format'
import { FIRST_ITERATION, type MetricColumns } from './metric-columns'
import { extractMetric } from './metric-series'
import { higherIsBetter } from './reach'

export const VALIDATION_METRIC = 'val/acc'
export const TEST_METRIC = 'test/acc'

/** An accuracy with its standard error (null where the run did not log one). */
export interface Accuracy {
  value: number
  se: number | null
}

/** Which figure of a metric: its value at the starting model (step 0), its last value, or its best. */
export const FIGURE_KINDS = ['start', 'final', 'best'] as const
export type FigureKind = (typeof FIGURE_KINDS)[number]

/**
 * A metric's figures (the wire shape MetricFigures, contract/schemas.ts): `start` at step 0 (the starting model,
 * validation right after SFT); `final` at the last iteration that logged it (iterations count from 1), with that
 * iteration; `best` the highest value over the iterations — the lowest for metrics where lower is better
 * (reach.ts) — with where. Null where the run logged none.
 */
export function metricFigures(columns: MetricColumns, metric: string): MetricFigures {
  const series = extractMetric(columns, metric)
  const higher = higherIsBetter(metric)
  const figures: MetricFigures = { start: null, final: null, finalIteration: null, best: null, bestIteration: null }
  for (let i = 0; i < series.values.length; i++) {
    const value = series.values[i] as number
    const step = series.steps[i] as number
    if (!Number.isFinite(value)) continue
    if (step < FIRST_ITERATION) {
      figures.start = value
      continue
    }
    figures.final = value
    figures.finalIteration = step
    if (figures.best === null || (higher ? value > figures.best : value < figures.best)) {
      figures.best = value
      figures.bestIteration = step
    }
  }
  return figures
}

/** One figure of a metric (see MetricFigures). */
export function metricFigure(columns: MetricColumns, metric: string, kind: FigureKind): number | null {
  return metricFigures(columns, metric)[kind]
}

export interface RunFigures {
  finalValidation: Accuracy | null
  bestValidation: Accuracy | null
  /** Held-out test accuracy of the final policy (logged once, at the last iteration). */
  test: Accuracy | null
  /** Seconds of training at the last row (metric-series.ts: `train/wall_time`, else time since the first row). */
  trainingTime: number | null
}

/**
 * The accuracy `metric` at each iteration that logged it, with `<metric>_se` from the same row. The starting model's
 * validation (step 0) is the curve's first point, not a result of the run: neither final nor best.
 */
function accuracies(columns: MetricColumns, metric: string): Accuracy[] {
  const values = columns.column(metric)
  const errors = columns.column(`${metric}_se`)
  if (!values) return []
  const steps = columns.steps // one view: each access to `columns.steps` makes a new one
  const out: Accuracy[] = []
  values.forEach((value, i) => {
    if (!Number.isFinite(value) || (steps[i] as number) < FIRST_ITERATION) return
    const se = errors?.[i]
    out.push({ value, se: se !== undefined && Number.isFinite(se) ? se : null })
  })
  return out
}

export function runFigures(columns: MetricColumns): RunFigures {
  const validation = accuracies(columns, VALIDATION_METRIC)
  const wallTimes = extractMetric(columns, X_AXES.time.metric).values
  const lastRow = columns.length - 1
  const trainingTime = wallTimes.length ? (wallTimes.at(-1) as number) : lastRow >= 0 ? (columns.times[lastRow] as number) - (columns.times[0] as number) : null
  // The first best, so that a plateau reads as reached when it was first reached.
  const best = validation.reduce<Accuracy | null>((top, a) => (top === null || a.value > top.value ? a : top), null)
  return {
    finalValidation: validation.at(-1) ?? null,
    bestValidation: best,
    test: accuracies(columns, TEST_METRIC).at(-1) ?? null,
    trainingTime,
  }
}

/** "0.412 ± 0.022" (± the standard error), "0.412" without one, "—" for none. */
export function formatAccuracy(accuracy: Accuracy | null): string {
  if (accuracy === null) return '—'
  return accuracy.se === null ? formatFigure(accuracy.value) : `${formatFigure(accuracy.value)} ± ${formatFigure(accuracy.se)}`
}
