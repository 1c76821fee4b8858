// The figures of one run that the report's run table and the CLI's `compare` both show besides sample efficiency:
// validation accuracy at the end and at its best (raw values: greedy validation is not a noisy batch), and how long
// the run trained.
import { X_AXES } from '../contract/metrics'
import type { MetricColumns } from './metric-columns'
import { extractMetric } from './metric-series'

export const VALIDATION_METRIC = 'val/acc'

export interface RunFigures {
  finalValidation: number | null
  bestValidation: number | null
  /** Seconds of training at the last row (metric-series.ts: `train/wall_time`, else time since the first row). */
  trainingTime: number | null
}

export function runFigures(columns: MetricColumns): RunFigures {
  const validation = extractMetric(columns, VALIDATION_METRIC).values
  const wallTimes = extractMetric(columns, X_AXES.time.metric).values
  const lastRow = columns.length - 1
  const trainingTime = wallTimes.length ? (wallTimes.at(-1) as number) : lastRow >= 0 ? (columns.times[lastRow] as number) - (columns.times[0] as number) : null
  return {
    finalValidation: validation.at(-1) ?? null,
    bestValidation: validation.length ? Math.max(...validation) : null,
    trainingTime,
  }
}
