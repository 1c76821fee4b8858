// A sweep's result as its views and the CLI show it: one cell per combination of the swept settings (the runs of
// a cell differ only in their seed, seed-groups.ts), each with a figure of a metric per seed (run-figures.ts) and
// the seed spread — the median with the full range and the number of seeds (summary.ts), the honest error bar with
// a handful of seeds.
import { configDiff, flattenConfig } from './config-diff'
import type { MetricColumns } from './metric-columns'
import { metricFigure, type FigureKind } from './run-figures'
import { seedGroups, seedOf } from './seed-groups'
import { spread, type Spread } from './summary'

export interface SweepRun {
  id: string
  name: string
  config: object
  columns: MetricColumns
}

export interface SweepCell {
  /** The seed group's key (its config without the seed). */
  key: string
  /** The swept settings' values in this cell, in the order of the settings given. */
  values: unknown[]
  /** Each run of the cell with its seed and figure (null where the run has not logged the metric yet). */
  runs: { id: string; name: string; seed: number | null; value: number | null }[]
  /** Over the runs with a figure; null when none has one. */
  spread: Spread | null
}

/** The settings that vary across the runs, seed aside: what a sweep over them swept. */
export function sweptSettings(configs: readonly object[]): string[] {
  return configDiff(configs)
    .map((d) => d.path)
    .filter((path) => path !== 'seed')
}

/** Cells in the order of their first run. */
export function sweepCells(runs: readonly SweepRun[], settings: readonly string[], metric: string, kind: FigureKind): SweepCell[] {
  return seedGroups(runs).map((group) => {
    const flat = flattenConfig(group.runs[0]?.config)
    const members = group.runs.map((run) => ({ id: run.id, name: run.name, seed: seedOf(run.config), value: metricFigure(run.columns, metric, kind) }))
    return {
      key: group.key,
      values: settings.map((path) => flat.get(path)),
      runs: members,
      spread: spread(members.flatMap((m) => (m.value === null ? [] : [m.value]))),
    }
  })
}
