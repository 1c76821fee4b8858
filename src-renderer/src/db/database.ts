// The renderer's own store (IndexedDB via Dexie) for what the UI owns: the run and dataset index, cached metric
// series for fast charts, saved comparisons, tags and notes. The run folders on disk stay the source of truth;
// everything cached here can be rebuilt from them.
//
// Migration path: never edit a released version's schema. Add `this.version(N + 1).stores({...changed tables})`
// with an `.upgrade(tx => ...)` that rewrites existing rows, keep every earlier version() call, and extend
// database.test.ts with a case that writes rows through version N and reads them back through N + 1.
import Dexie, { type EntityTable } from 'dexie'
import type { DatasetSummary, MetricsRow, RunSummary } from '../../../src-preload/contract/schemas'

export interface CachedRun {
  id: string
  summary: RunSummary
  /** When the summary was last refreshed from the host. */
  syncedAt: number
}

export interface CachedDataset {
  id: string
  summary: DatasetSummary
}

export interface CachedMetrics {
  /** `${runId}:${step}` */
  key: string
  runId: string
  step: number
  row: MetricsRow
}

export interface SavedComparison {
  id?: number
  name: string
  runIds: string[]
  createdAt: number
}

export interface RunNote {
  runId: string
  tags: string[]
  note: string
}

export const DATABASE_NAME = 'prime-workbench'

export class WorkbenchDatabase extends Dexie {
  runs!: EntityTable<CachedRun, 'id'>
  datasets!: EntityTable<CachedDataset, 'id'>
  metrics!: EntityTable<CachedMetrics, 'key'>
  comparisons!: EntityTable<SavedComparison, 'id'>
  notes!: EntityTable<RunNote, 'runId'>

  constructor(name = DATABASE_NAME) {
    super(name)
    this.version(1).stores({
      runs: 'id, summary.createdAt, summary.state',
      datasets: 'id, summary.createdAt',
      metrics: 'key, runId, [runId+step]',
      comparisons: '++id, name, createdAt',
      notes: 'runId, *tags',
    })
  }
}
