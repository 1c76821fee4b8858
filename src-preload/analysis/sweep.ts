// A sweep's result as its views and the CLI show it: one cell per combination of the swept settings (the runs of
// a cell differ only in their seed, seed-groups.ts), each with a figure of a metric per seed (run-figures.ts
// metricFigure: computed from the run's rows by the CLI, and by the host for the app's runs.figures) and the seed
// spread — the median with the full range and the number of seeds (summary.ts), the honest error bar with a
// handful of seeds.
import { configDiff, flattenConfig } from './config-diff'
import { seedGroups, seedOf } from './seed-groups'
import { spread, type Spread } from './summary'

export interface SweepRun {
  id: string
  name: string
  config: object
  /** The run's figure of the metric the sweep is read by (null where it has not logged it yet). */
  value: number | null
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
export function sweepCells(runs: readonly SweepRun[], settings: readonly string[]): SweepCell[] {
  return seedGroups(runs).map((group) => {
    const flat = flattenConfig(group.runs[0]?.config)
    const members = group.runs.map((run) => ({ id: run.id, name: run.name, seed: seedOf(run.config), value: run.value }))
    return {
      key: group.key,
      values: settings.map((path) => flat.get(path)),
      runs: members,
      spread: spread(members.flatMap((m) => (m.value === null ? [] : [m.value]))),
    }
  })
}
