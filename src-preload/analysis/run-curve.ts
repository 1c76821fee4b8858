// One run's curve of one metric as every view draws and reads it: x on the chosen axis, y smoothed in step order
// (smoothing.ts) over the points the run logged, points without an x on that axis (a run that does not log
// `train/samples_seen`) left out. Seed means (mean-band.ts) average these curves, never raw values.
import type { Smoothing } from '../contract/schemas'
import type { MetricColumns } from './metric-columns'
import { atLogged, axisColumn, loggedCount, type XAxisMode } from './metric-series'
import { smooth } from './smoothing'

export interface RunCurve {
  xs: Float64Array
  ys: Float64Array
  /** Points the run logged for the metric, with or without an x on the chosen axis. */
  logged: number
}

export function runCurve(columns: MetricColumns, metric: string, axis: XAxisMode, smoothing: Smoothing): RunCurve {
  const values = columns.column(metric)
  if (!values) return { xs: new Float64Array(0), ys: new Float64Array(0), logged: 0 }
  // Only the axis asked for is read (extractMetric would build all three): a comparison opening makes ~200 curves.
  const logged = loggedCount(values)
  // Logged rows in one stretch are read in place (atLogged): smoothing makes the curve's one new array.
  const allXs = atLogged(axisColumn(columns, axis), values, logged)
  const ys = smooth(atLogged(values, values, logged), smoothing)
  let keep = 0
  for (let i = 0; i < allXs.length; i++) if (Number.isFinite(allXs[i])) keep++
  if (keep === allXs.length) return { xs: allXs, ys, logged }
  const xs = new Float64Array(keep)
  const kept = new Float64Array(keep)
  let j = 0
  for (let i = 0; i < allXs.length; i++) {
    const x = allXs[i] as number
    if (!Number.isFinite(x)) continue
    xs[j] = x
    kept[j++] = ys[i] as number
  }
  return { xs, ys: kept, logged }
}
