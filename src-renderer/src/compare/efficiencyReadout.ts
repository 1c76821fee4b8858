// What the Compare view's sample-efficiency readout shows, from the picked runs (grouped by seed) and the view's
// settings: the figures come from src-preload/analysis, as the report's and the CLI's do, and the options are the
// view's own — the reach metric and level, and the panels' smoothing — stated in the same sentence the report and
// the CLI print.
import {
  compareGroups,
  describeEfficiency,
  describeComparison,
  describeSpread,
  efficiencyTable,
  ratioFigures,
  reachFigures,
  type EfficiencyRun,
  type EfficiencyTable,
  type SeedGroup,
} from '../../../src-preload/analysis'
import { smoothingOf, type CompareSettings } from './settings'

export interface ReadoutRow {
  runId: string
  name: string
  groupKey: string
  groupLabel: string
  /** The run has logged the metric (its figures say "not logged" otherwise). */
  logged: boolean
  seed: string
  final: string
  iterations: string
  wallTime: string
}

export interface EfficiencyReadout {
  table: EfficiencyTable
  description: string
  rows: ReadoutRow[]
}

export type ReadoutSettings = Pick<CompareSettings, 'reachMetric' | 'reachThreshold' | 'smoothing' | 'smoothingWeight'>

export function efficiencyReadout(groups: readonly SeedGroup<EfficiencyRun>[], settings: ReadoutSettings): EfficiencyReadout {
  const table = efficiencyTable(groups, { metric: settings.reachMetric, smoothing: smoothingOf(settings), level: settings.reachThreshold })
  const labelOf = new Map(groups.map((g) => [g.key, g.label]))
  return {
    table,
    description: describeEfficiency(table),
    rows: table.rows.map((row) => ({ runId: row.runId, name: row.name, groupKey: row.groupKey, groupLabel: labelOf.get(row.groupKey) ?? '—', logged: row.logged, ...reachFigures(row) })),
  }
}

export interface ComparisonReadout {
  iterations: { ratio: string; range: string }
  wallTime: { ratio: string; range: string }
  pairs: { seed: string; iterations: string; wallTime: string }[]
  /** How the ratios read, and which runs found no seed partner. */
  note: string
}

/** One group against another (PRIME against a baseline by default), paired by seed. */
export function comparisonReadout(readout: EfficiencyReadout, groups: readonly SeedGroup<unknown>[], primeKey: string, baselineKey: string): ComparisonReadout {
  const comparison = compareGroups(readout.table, primeKey, baselineKey)
  const label = (key: string) => groups.find((g) => g.key === key)?.label ?? '—'
  return {
    iterations: describeSpread(comparison.iterations),
    wallTime: describeSpread(comparison.wallTime),
    pairs: comparison.pairs.map(ratioFigures),
    note: describeComparison(comparison, label(primeKey), label(baselineKey)),
  }
}
