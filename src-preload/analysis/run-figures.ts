// The figures of one run that the report's run table and the CLI's `compare` both show besides sample efficiency:
// validation accuracy at the end and at its best, the held-out test accuracy of the final policy — each with its
// standard error where the run logged one (`val/acc_se`, `test/acc_se`: the binomial SE over the items) — and how
// long the run trained. Raw values: greedy validation is not a noisy batch.
import { X_AXES } from '../contract/metrics'
import { formatFigure } from './format'
import type { MetricColumns } from './metric-columns'
import { extractMetric } from './metric-series'

export const VALIDATION_METRIC = 'val/acc'
export const TEST_METRIC = 'test/acc'

/** An accuracy with its standard error (null where the run did not log one). */
export interface Accuracy {
  value: number
  se: number | null
}

export interface RunFigures {
  finalValidation: Accuracy | null
  bestValidation: Accuracy | null
  /** Held-out test accuracy of the final policy (logged once, at the last iteration). */
  test: Accuracy | null
  /** Seconds of training at the last row (metric-series.ts: `train/wall_time`, else time since the first row). */
  trainingTime: number | null
}

/** The accuracy `metric` at each row that logged it, with `<metric>_se` from the same row. */
function accuracies(columns: MetricColumns, metric: string): Accuracy[] {
  const values = columns.column(metric)
  const errors = columns.column(`${metric}_se`)
  if (!values) return []
  const out: Accuracy[] = []
  values.forEach((value, i) => {
    if (!Number.isFinite(value)) return
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
