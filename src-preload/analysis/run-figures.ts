// The figures of one run that a table shows for it: a metric at the start, at the end and at its best, and how long
// the run trained. The report's run table, the CLI's `compare` and `sweep`, the runs table's metric columns and the
// sweep views all read them here. Raw values (not smoothed): the final validation of a greedy evaluation is not a
// noisy batch, and a table of finals is read against the curves' last points.
import { X_AXES } from '../contract/metrics'
import type { MetricFigures } from '../contract/schemas'
import { FIRST_ITERATION, type MetricColumns } from './metric-columns'
import { extractMetric } from './metric-series'
import { higherIsBetter } from './reach'

export const VALIDATION_METRIC = 'val/acc'

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
  finalValidation: number | null
  bestValidation: number | null
  /** Seconds of training at the last row (metric-series.ts: `train/wall_time`, else time since the first row). */
  trainingTime: number | null
}

export function runFigures(columns: MetricColumns): RunFigures {
  const validation = metricFigures(columns, VALIDATION_METRIC)
  const wallTimes = extractMetric(columns, X_AXES.time.metric).values
  const lastRow = columns.length - 1
  const trainingTime = wallTimes.length ? (wallTimes.at(-1) as number) : lastRow >= 0 ? (columns.times[lastRow] as number) - (columns.times[0] as number) : null
  return { finalValidation: validation.final, bestValidation: validation.best, trainingTime }
}
