// The lines of a metric chart, on the iteration axis: one per group of runs (analysis/seed-groups.ts, grouped as the
// comparison asks) — its one run, or the mean over its runs with a min–max band — or one per run. The curves are the Compare view's (src-preload/analysis: smoothed per run,
// seeds interpolated onto a common grid before averaging), so the report draws what the app draws.
import { DEFAULT_GROUPING, groupCurve, runCurve, seedGroups, type MetricColumns } from '../../src-preload/analysis'
import type { Grouping, Smoothing } from '../../src-preload/contract/schemas'

export interface LineSource {
  id: string
  name: string
  config: object
  /** The run's iteration rows as columns. */
  columns: MetricColumns
}

export interface ChartLine {
  label: string
  /** Which run or group (for a stable colour across charts). */
  key: string
  xs: number[]
  ys: number[]
  /** The spread over a group's seeds (lowest and highest seed); null for a single run. */
  band: { lo: number[]; hi: number[] } | null
}

export function runLines(runs: readonly LineSource[], metric: string, smoothing: Smoothing): ChartLine[] {
  return runs.map((run) => {
    const { xs, ys } = runCurve(run.columns, metric, 'iteration', smoothing)
    return { label: run.name, key: run.id, xs: Array.from(xs), ys: Array.from(ys), band: null }
  })
}

/** A group's line is labelled with what sets it apart and how many seeds (or runs) it averages, or its one run's name. */
export function seedMeanLines(runs: readonly LineSource[], metric: string, smoothing: Smoothing, grouping: Grouping = DEFAULT_GROUPING): ChartLine[] {
  return seedGroups(runs, grouping).map(({ key, label, runs: members }) => {
    const curve = groupCurve(members.map((run) => runCurve(run.columns, metric, 'iteration', smoothing)), 'minmax')
    const only = members.length === 1 ? (members[0] as LineSource) : null
    return {
      label: `${label} (${only ? only.name : `mean of ${members.length} ${grouping.by === 'keys' ? 'runs' : 'seeds'}`})`,
      key,
      xs: curve ? Array.from(curve.xs) : [],
      ys: curve ? Array.from(curve.ys) : [],
      band: curve?.band ? { lo: Array.from(curve.band.lo), hi: Array.from(curve.band.hi) } : null,
    }
  })
}
