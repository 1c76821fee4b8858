// What a run shows and can be filtered and sorted by, named once for the runs table's columns, its filter language
// (run-query.ts) and every run picker: a few fields of its own (name, state, seed, tags…), any config path
// (`prm.beta`, `task.name`) and a figure of any metric (`final.val/acc`, `best.reward_model/loss`, `start.val/acc`),
// whose values come from the analysis module through runs.figures.
import { FIGURE_KINDS, flattenConfig, seedOf, type FigureKind } from '../../../src-preload/analysis'
import type { MetricFigures, RunSummary } from '../../../src-preload/contract/schemas'

/** A run with what the renderer knows about it besides its summary. */
export interface RunRow {
  summary: RunSummary
  /** Tags from the run's notes (Dexie), lower-case. */
  tags: readonly string[]
  /** Figures by metric, for the metrics asked for (runs.figures); absent until they arrive. */
  figures?: Readonly<Record<string, MetricFigures>>
}

export type FieldValue = string | number | boolean | null | undefined

/** A run's own fields, with what each holds. */
export const RUN_FIELDS = {
  name: 'the run’s name',
  id: 'the run’s id',
  state: 'created, queued, running, paused, completed, cancelled, failed or crashed',
  algorithm: 'prime, rloo, grpo… (engine checks: engine-smoke)',
  seed: 'the RL seed',
  tag: 'one of the run’s tags (tag:x, or tag ~ part)',
  sweep: 'the name of the sweep or comparison it was launched in',
  created: 'when it was created (ISO time, e.g. created > 2026-01-02)',
  step: 'the iteration it has reached',
  elsewhere: 'true while another process trains it',
} as const
export type RunFieldName = keyof typeof RUN_FIELDS

export function isRunField(name: string): name is RunFieldName {
  return Object.hasOwn(RUN_FIELDS, name)
}

/** `final.val/acc` → { kind: 'final', metric: 'val/acc' }; null for any other field. */
export function figureField(field: string): { kind: FigureKind; metric: string } | null {
  const dot = field.indexOf('.')
  if (dot < 0) return null
  const kind = field.slice(0, dot) as FigureKind
  const metric = field.slice(dot + 1)
  return (FIGURE_KINDS as readonly string[]).includes(kind) && metric !== '' ? { kind, metric } : null
}

const flatConfigs = new WeakMap<object, Map<string, unknown>>()

/** A config's settings by dotted path, flattened once per config object. */
export function configSettings(config: object): Map<string, unknown> {
  let flat = flatConfigs.get(config)
  if (!flat) {
    flat = flattenConfig(config)
    flatConfigs.set(config, flat)
  }
  return flat
}

function scalar(value: unknown): FieldValue {
  if (value === undefined || value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
  return JSON.stringify(value)
}

/** A field's value for a run: undefined where the run has no such field (an engine check has no prm.beta). */
export function fieldValue(row: RunRow, field: string): FieldValue {
  const run = row.summary
  switch (field) {
    case 'name':
      return run.name
    case 'id':
      return run.id
    case 'state':
      return run.state
    case 'algorithm':
      return run.config.kind === 'rl' ? run.config.algorithm : run.config.kind
    case 'seed':
      return seedOf(run.config) ?? undefined
    case 'tag':
      return row.tags.join(', ')
    case 'sweep':
      return run.sweep?.name
    case 'created':
      return run.createdAt
    case 'step':
      return run.progress.step
    case 'elsewhere':
      return run.trainedElsewhere !== null
  }
  const figure = figureField(field)
  if (figure) return row.figures?.[figure.metric]?.[figure.kind] ?? undefined
  return scalar(configSettings(run.config).get(field))
}

/** Free text matches a run whose name, id, algorithm, state, sweep or a tag contains it (case-insensitive). */
export function matchesText(row: RunRow, needle: string): boolean {
  const text = needle.toLowerCase()
  const run = row.summary
  const haystack = [run.name, run.id, run.state, String(fieldValue(row, 'algorithm')), run.sweep?.name ?? '', ...row.tags]
  return haystack.some((part) => part.toLowerCase().includes(text))
}

/** Every config path the runs have, in the order first seen (for the column picker and the filter's checks). */
export function configPaths(runs: readonly { config: object }[]): string[] {
  const paths = new Set<string>()
  for (const run of runs) for (const path of configSettings(run.config).keys()) paths.add(path)
  return [...paths]
}

/** Missing values sort last in either direction; numbers by value, everything else as text. */
export function compareFieldValues(a: FieldValue, b: FieldValue): number {
  const missingA = a === undefined || a === null
  const missingB = b === undefined || b === null
  if (missingA || missingB) return missingA === missingB ? 0 : missingA ? 1 : -1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' })
}

export type SortDirection = 'asc' | 'desc'

/** The rows sorted by a field (stable; missing values last whichever the direction). */
export function sortRows<R extends RunRow>(rows: readonly R[], field: string, direction: SortDirection): R[] {
  const keyed = rows.map((row, index) => ({ row, index, value: fieldValue(row, field) }))
  keyed.sort((x, y) => {
    const missingX = x.value === undefined || x.value === null
    const missingY = y.value === undefined || y.value === null
    if (missingX !== missingY) return missingX ? 1 : -1
    const order = compareFieldValues(x.value, y.value)
    return (direction === 'asc' ? order : -order) || x.index - y.index
  })
  return keyed.map((k) => k.row)
}
