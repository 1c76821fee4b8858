// The curves of one compare panel: for every group of runs and every metric of the panel, either the run's own
// curve (a group of one) or the mean over the group's runs with a band (min–max or ±1 std) over seeds. Smoothing
// is applied to each run in step order before anything is averaged, so a group's mean is the mean of the curves
// a reader sees for its seeds.
import { METRICS } from '../../../src-preload/contract/metrics'
import { DASHES, type ChartBand, type ChartLine } from '../charts/chartTypes'
import { ema } from '../charts/ema'
import { meanBand } from '../charts/meanBand'
import type { MetricColumns } from '../charts/metricColumns'
import { axisValues, extractMetric, type XAxisMode } from '../charts/metricSeries'
import { CurveCache, type RunCurve } from './curveCache'
import type { CompareSettings } from './settings'

export interface SeriesRun {
  id: string
  name: string
  columns: MetricColumns
}

export interface SeriesGroup {
  key: string
  label: string
  color: string
  runs: SeriesRun[]
}

export interface PanelData {
  lines: ChartLine[]
  bands: ChartBand[]
  /** Runs that log the panel's metrics but not the chosen x axis (e.g. no `train/samples_seen`). */
  runsWithoutX: string[]
}

export type PanelOptions = Pick<CompareSettings, 'xAxis' | 'smoothing' | 'smoothingWeight' | 'band'>

export function metricLabel(metric: string): string {
  return (METRICS as Record<string, { label: string } | undefined>)[metric]?.label ?? metric
}

/** The curve of one run as displayed: x on the chosen axis, y smoothed or raw; points without an x dropped. */
export function runCurve(columns: MetricColumns, metric: string, axis: XAxisMode, options: Pick<PanelOptions, 'smoothing' | 'smoothingWeight'>): RunCurve {
  const series = extractMetric(columns, metric)
  const ys = options.smoothing === 'ema' ? ema(series.values, options.smoothingWeight) : series.values
  const allXs = axisValues(series, axis)
  if (allXs.every(Number.isFinite)) return { xs: allXs, ys, logged: series.values.length }
  const xs: number[] = []
  const kept: number[] = []
  for (let i = 0; i < allXs.length; i++) {
    const x = allXs[i] as number
    if (!Number.isFinite(x)) continue
    xs.push(x)
    kept.push(ys[i] as number)
  }
  return { xs, ys: kept, logged: series.values.length }
}

/**
 * `cache` carries curves and bands over from the previous build of the same panel (one cache per panel: what a
 * build did not use is dropped at its end); without one, everything is computed afresh.
 */
export function buildPanel(groups: readonly SeriesGroup[], metrics: readonly string[], options: PanelOptions, cache = new CurveCache()): PanelData {
  const out: PanelData = { lines: [], bands: [], runsWithoutX: [] }
  const settingsKey = `${options.xAxis}|${options.smoothing}|${options.smoothingWeight}`
  const missingX = new Set<string>()
  metrics.forEach((metric, m) => {
    const dash = DASHES[m % DASHES.length] ?? 'solid'
    const suffix = metrics.length > 1 ? ` — ${metricLabel(metric)}` : ''
    for (const group of groups) {
      const curves = group.runs
        .map((run) => ({ run, curve: cache.curve(run.id, run.columns, metric, settingsKey, () => runCurve(run.columns, metric, options.xAxis, options)) }))
        .filter(({ run, curve }) => {
          if (curve.logged > 0 && curve.xs.length === 0) missingX.add(run.name)
          return curve.xs.length > 0
        })
      const id = `${group.key}|${metric}`
      const only = curves.length === 1 ? curves[0] : undefined
      if (only) {
        out.lines.push({ id, name: group.label + suffix, color: group.color, dash, xs: only.curve.xs, ys: only.curve.ys })
      } else if (curves.length > 1) {
        const band = cache.band(group.key, metric, curves.map((c) => c.curve), () => meanBand(curves.map((c) => c.curve)))
        out.lines.push({ id, name: group.label + suffix, color: group.color, dash, xs: band.x, ys: band.mean, n: band.n })
        const lo = options.band === 'std' ? band.mean.map((v, i) => v - (band.std[i] as number)) : band.min
        const hi = options.band === 'std' ? band.mean.map((v, i) => v + (band.std[i] as number)) : band.max
        out.bands.push({ id: `${id}|band`, color: group.color, xs: band.x, lo, hi })
      }
    }
  })
  out.runsWithoutX = [...missingX]
  cache.sweep()
  return out
}
