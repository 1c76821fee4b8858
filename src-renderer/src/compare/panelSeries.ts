// The curves of one compare panel: for every group of runs and every metric of the panel, the group's curve —
// its one run's curve, or the mean over its seeds with a band (min–max or ±1 std) — as src-preload/analysis
// computes it for the report too (runCurve, groupCurve: smoothed per run, seeds interpolated onto a common grid).
import { groupCurve, runCurve } from '../../../src-preload/analysis'
import { metricLabel } from '../../../src-preload/contract/metrics'
import type { MetricColumns, RunCurve } from '../../../src-preload/analysis'
import { DASHES, type ChartBand, type ChartLine } from '../charts/chartTypes'
import { CurveCache } from './curveCache'
import { smoothingOf, type CompareSettings } from './settings'

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

/**
 * `cache` carries curves and group curves over from the previous build of the same panel (one cache per panel:
 * what a build did not use is dropped at its end); without one, everything is computed afresh.
 */
export function buildPanel(groups: readonly SeriesGroup[], metrics: readonly string[], options: PanelOptions, cache = new CurveCache()): PanelData {
  const out: PanelData = { lines: [], bands: [], runsWithoutX: [] }
  const curveOf = runCurves(options, cache)
  const missingX = new Set<string>()
  metrics.forEach((metric, m) => {
    const dash = DASHES[m % DASHES.length] ?? 'solid'
    const suffix = metrics.length > 1 ? ` — ${metricLabel(metric)}` : ''
    for (const group of groups) {
      const curves = group.runs.map((run) => {
        const curve = curveOf(run, metric)
        if (curve.logged > 0 && curve.xs.length === 0) missingX.add(run.name)
        return curve
      })
      const drawn = cache.group(group.key, metric, options.band, curves, () => groupCurve(curves, options.band))
      if (!drawn) continue
      const id = `${group.key}|${metric}`
      out.lines.push({ id, name: group.label + suffix, color: group.color, dash, xs: drawn.xs, ys: drawn.ys, ...(drawn.n ? { n: drawn.n } : {}) })
      if (drawn.band) out.bands.push({ id: `${id}|band`, color: group.color, xs: drawn.xs, lo: drawn.band.lo, hi: drawn.band.hi })
    }
  })
  out.runsWithoutX = [...missingX]
  cache.sweep()
  return out
}

/**
 * The panel's curves of one run that has rows, into `cache`, ahead of the panel's build: a comparison's runs arrive
 * one by one, and each run's curves (most of a build) can be made as it comes, while the others still load.
 */
export function prepareRun(run: SeriesRun, metrics: readonly string[], options: PanelOptions, cache: CurveCache): void {
  if (run.columns.length === 0) return
  const curveOf = runCurves(options, cache)
  for (const metric of metrics) curveOf(run, metric)
}

/** A run's curve of a metric as the panel's settings shape it, from `cache` while its inputs are unchanged. */
function runCurves(options: PanelOptions, cache: CurveCache): (run: SeriesRun, metric: string) => RunCurve {
  const smoothing = smoothingOf(options)
  const settingsKey = curveSettingsKey(options)
  return (run, metric) => cache.curve(run.id, run.columns, metric, settingsKey, () => runCurve(run.columns, metric, options.xAxis, smoothing))
}

/** The settings that shape a run's curve, as its cache entry is keyed. */
export function curveSettingsKey(options: PanelOptions): string {
  return `${options.xAxis}|${JSON.stringify(smoothingOf(options))}`
}
