// The curves of one compare panel: for every group of runs and every metric of the panel, the group's curve —
// its one run's curve, or the mean over its seeds with a band (min–max or ±1 std) — as src-preload/analysis
// computes it for the report too (runCurve, groupCurve: smoothed per run, seeds interpolated onto a common grid).
import { groupCurve, runCurve } from '../../../src-preload/analysis'
import { metricLabel } from '../../../src-preload/contract/metrics'
import type { MetricColumns } from '../../../src-preload/analysis'
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
  const smoothing = smoothingOf(options)
  const settingsKey = `${options.xAxis}|${JSON.stringify(smoothing)}`
  const missingX = new Set<string>()
  metrics.forEach((metric, m) => {
    const dash = DASHES[m % DASHES.length] ?? 'solid'
    const suffix = metrics.length > 1 ? ` — ${metricLabel(metric)}` : ''
    for (const group of groups) {
      const curves = group.runs.map((run) => {
        const curve = cache.curve(run.id, run.columns, metric, settingsKey, () => runCurve(run.columns, metric, options.xAxis, smoothing))
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
