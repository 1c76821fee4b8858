// What the runs table shows: a filter (run-query.ts), the columns (fields of run-fields.ts) and the sort. The
// current view lives for the session; saved views are kept in Dexie (db/database.ts v3) and read back field by
// field, a stale or missing field taking its default, so one bad field never loses a saved view.
import { z } from 'zod'
import { FIGURE_KINDS, formatFigure } from '../../../src-preload/analysis'
import { metricLabel } from '../../../src-preload/contract/metrics'
import { RUN_FIELDS, figureField, isRunField, type FieldValue } from './run-fields'

/** Columns every view has first: the run's name and its place in training. */
export const FIXED_COLUMNS = ['name', 'progress'] as const
/** The columns a view starts with, after the fixed ones. */
export const DEFAULT_COLUMNS = ['state', 'algorithm', 'seed', 'tag', 'created']

export const RunTableView = z.object({
  query: z.string().max(2000).catch(''),
  columns: z.array(z.string().min(1).max(300)).max(40).catch(() => [...DEFAULT_COLUMNS]),
  sort: z.object({ field: z.string().min(1), direction: z.enum(['asc', 'desc']) }).catch({ field: 'created', direction: 'desc' }),
})
export type RunTableView = z.infer<typeof RunTableView>

export function defaultRunTableView(): RunTableView {
  return RunTableView.parse({})
}

/** A view from stored data of unknown shape: valid fields kept, the rest defaulted. */
export function readRunTableView(value: unknown): RunTableView {
  return RunTableView.parse(value !== null && typeof value === 'object' ? value : {})
}

const RUN_FIELD_TITLES: Record<string, string> = {
  name: 'Name',
  progress: 'Progress',
  state: 'State',
  algorithm: 'Algorithm',
  seed: 'Seed',
  tag: 'Tags',
  sweep: 'Sweep',
  created: 'Created',
  step: 'Iteration',
  id: 'Id',
  elsewhere: 'Elsewhere',
}

/** A column's header: "Seed", "prm.beta", "final val/acc". */
export function columnTitle(field: string): string {
  if (Object.hasOwn(RUN_FIELD_TITLES, field)) return RUN_FIELD_TITLES[field] as string
  const figure = figureField(field)
  return figure ? `${figure.kind} ${figure.metric}` : field
}

/** A column header's tooltip: what the column holds. */
export function columnDescription(field: string): string {
  if (isRunField(field)) return RUN_FIELDS[field]
  if (field === 'progress') return 'iterations done of the run’s total'
  const figure = figureField(field)
  if (figure) {
    const what = { start: 'at the starting model (step 0)', final: 'at the last iteration', best: 'best over the iterations' }[figure.kind]
    return `${metricLabel(figure.metric)} (${figure.metric}), ${what}`
  }
  return `the setting ${field}`
}

/** A cell's text: figures with three significant digits, times as local dates, everything else as is. */
export function formatCell(field: string, value: FieldValue): string {
  if (value === undefined || value === null) return '—'
  if (field === 'created' && typeof value === 'string') return new Date(value).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' })
  if (typeof value === 'number') return formatFigure(value)
  return String(value)
}

/** The figure kinds as the column picker offers them, with their meaning. */
export const FIGURE_CHOICES = FIGURE_KINDS.map((kind) => ({
  kind,
  label: { start: 'start (step 0)', final: 'final', best: 'best' }[kind],
}))
