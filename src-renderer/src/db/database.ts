// The renderer's own store (IndexedDB via Dexie) for what the UI owns: the run and dataset index, cached metric
// series for fast charts, saved comparisons, tags and notes. The run folders on disk stay the source of truth;
// everything cached here can be rebuilt from them.
//
// Migration path: never edit a released version's schema. Add `this.version(N + 1).stores({...changed tables})`
// with an `.upgrade(tx => ...)` that rewrites existing rows, keep every earlier version() call, and extend
// database.test.ts with a case that writes rows through version N and reads them back through N + 1.
//
// Versions:
//   1  runs, datasets, metrics (one record per step, keyed `${runId}:${step}`), comparisons, notes.
//   2  metrics is replaced by metricChunks: a run's rows in chunks of CHUNK_ROWS. IndexedDB pays per record, and
//      measured in Chromium here a 20,000-row run took 2.5 s to write and 0.5 s to read one record per row, against
//      0.14 s and 0.10 s in chunks of 1,000 — the difference between opening an 8-run comparison in seconds or in
//      half a minute. + metricSeries: one index row per cached run (how far its cache reaches, and a generation that
//      changes when the cache is rebuilt), so a cache can be checked for staleness and live queries watch one small
//      row. Saved comparisons gain `settings`. v1's metric rows are dropped with their table (a cache: they are
//      rebuilt from the run directories when next viewed).
//   3  + runViews: the runs table's saved views (filter, columns, sort; runs/table-view.ts), unique by name.
//   4  metricChunks hold columns rather than rows: per chunk the metric names and one Float64Array with the steps,
//      the times and each metric's values one after another (contract/metric-columns-wire.ts). A typed array is
//      stored and read back as a plain memory copy, where a chunk of 1,000 rows of ~50 values each cost IndexedDB's
//      structured clone 50,000 properties each way — measured with bench:ui, reading 8 cached runs of 20,000 rows
//      took most of the 19 s a reopened comparison took — and one buffer per chunk, not one per metric, keeps the
//      allocations few. Every cached series is dropped (a cache: rebuilt from the run directories when next viewed).
import Dexie, { type EntityTable, type Table, type Transaction } from 'dexie'
import type { DatasetSummary, RunSummary } from '../../../src-preload/contract/schemas'
import { readCompareSettings, type CompareSettings } from '../compare/settings'
import type { RunTableView } from '../runs/table-view'

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

/** Rows per chunk of a cached series. */
export const CHUNK_ROWS = 1000

/**
 * A run's cached iterations, in step order: chunk 0 holds the first CHUNK_ROWS rows, and so on, as columns packed
 * into one array: `rows` steps, then `rows` times, then `rows` values of each metric in `names` order (NaN where a
 * row did not log the metric). db/columnar-rows.ts packs and unpacks them.
 */
export interface MetricChunk {
  runId: string
  chunk: number
  rows: number
  names: string[]
  values: Float64Array
}

/** What the cache holds for one run (see metric-cache.ts). */
export interface MetricSeriesIndex {
  runId: string
  /** The run's createdAt when cached: a different value means the id now names another run. */
  runCreatedAt: string
  /** The highest step cached (-1 when the run has no rows yet). */
  lastStep: number
  /** Rows cached, and so chunks: ceil(rows / CHUNK_ROWS). */
  rows: number
  /** Changes whenever cached rows are replaced rather than appended, telling readers to reload. */
  generation: number
  /** Layout of the cached rows; a cache written in another layout is rebuilt. */
  format: number
  syncedAt: number
}

export interface SavedComparison {
  id?: number
  name: string
  runIds: string[]
  createdAt: number
  /** Added in v2; v1 comparisons were given the defaults. */
  settings: CompareSettings
}

export interface RunNote {
  runId: string
  tags: string[]
  note: string
}

/** A saved view of the runs table (read back through readRunTableView: a stale field takes its default). */
export interface SavedRunView {
  id?: number
  name: string
  view: RunTableView
  createdAt: number
}

export const DATABASE_NAME = 'prime-workbench'

/** Exported for the migration tests, which open a database at exactly this version. */
export const SCHEMA_V1 = {
  runs: 'id, summary.createdAt, summary.state',
  datasets: 'id, summary.createdAt',
  metrics: 'key, runId, [runId+step]',
  comparisons: '++id, name, createdAt',
  notes: 'runId, *tags',
}

const SCHEMA_V2 = {
  metrics: null,
  metricChunks: '[runId+chunk], runId',
  metricSeries: 'runId',
}

const SCHEMA_V3 = {
  runViews: '++id, &name',
}

async function upgradeToV2(tx: Transaction): Promise<void> {
  await tx
    .table('comparisons')
    .toCollection()
    .modify((comparison: SavedComparison) => {
      comparison.settings = readCompareSettings(comparison.settings)
    })
}

/** v4: chunks of rows become chunks of columns; the cache is dropped and rebuilt when next viewed. */
async function upgradeToV4(tx: Transaction): Promise<void> {
  await tx.table('metricChunks').clear()
  await tx.table('metricSeries').clear()
}

export class WorkbenchDatabase extends Dexie {
  runs!: EntityTable<CachedRun, 'id'>
  datasets!: EntityTable<CachedDataset, 'id'>
  comparisons!: EntityTable<SavedComparison, 'id'>
  notes!: EntityTable<RunNote, 'runId'>
  metricChunks!: Table<MetricChunk, [string, number]>
  metricSeries!: EntityTable<MetricSeriesIndex, 'runId'>
  runViews!: EntityTable<SavedRunView, 'id'>

  constructor(name = DATABASE_NAME) {
    super(name)
    this.version(1).stores(SCHEMA_V1)
    this.version(2).stores(SCHEMA_V2).upgrade(upgradeToV2)
    this.version(3).stores(SCHEMA_V3)
    this.version(4).stores({}).upgrade(upgradeToV4)
  }
}
