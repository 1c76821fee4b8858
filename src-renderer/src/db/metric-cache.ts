// The renderer's cache of run metric series in Dexie (chunks of CHUNK_ROWS rows packed as columns, see database.ts
// v3), kept in step with the run directories on disk — the source of truth, read through `runs.metricColumns` —
// and with the rows the trainer streams. Every change it writes is also handed to `onUpdate` (the rows that were
// added, or the whole series when it was rebuilt), so its owner (the compare series worker) holds exactly the rows
// the cache holds without reading them back.
//
// A run's cache is rebuilt from the host (all rows) when it is missing, was written in another layout, belongs to
// an earlier run of the same id, or no longer matches the run directory at its last cached step — which is what a
// run resumed from a checkpoint looks like: metrics.ndjson is append-only, so it then holds the steps after the
// checkpoint twice and the later line is the true one. Otherwise only the rows after the last cached step are
// fetched (`sinceStep` = last cached step, the overlapping row being the staleness check).
//
// Opening a comparison should not wait on megabytes it does not show: a run with nothing cached can be fetched by
// the owner's first columns, then by all of them once the owner is quiet (firstColumns), and a rebuilt series is
// written once the owner is quiet (whenQuiet), a chunk at a time (betweenChunks) — IndexedDB's write of a run takes
// CPU from everything else. That deferred work goes through one lane, a run at a time, so it never takes more than
// one core from the page.
import { iterationRows } from '../../../src-preload/analysis'
import { packColumns, rowsToColumns, unpackColumns, type ColumnChoice, type ColumnarRows } from '../../../src-preload/contract/metric-columns-wire'
import type { MetricsRow } from '../../../src-preload/contract/schemas'
import { columnsToRows, concatRows, indexOfStep, noRows, rowCount, rowsAfter } from './columnar-rows'
import { CHUNK_ROWS, type MetricChunk, type MetricSeriesIndex, type WorkbenchDatabase } from './database'

/**
 * Bump when the layout of cached rows changes: every cached series is then rebuilt.
 * 1: iterations (step ≥ 1). 2: and the starting model's row at step 0 (its validation right after SFT).
 * 3: chunks of packed columns (database.ts v4).
 */
export const SERIES_FORMAT = 3

/** Between the chunks of a rebuilt series' write: a few frames' time for everything else. */
const CHUNK_PAUSE_MS = 50

/** A pause of CHUNK_PAUSE_MS. */
export function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, CHUNK_PAUSE_MS))
}

/** Streamed rows are written in batches, at most this often per run. */
export const STREAM_FLUSH_MS = 250

/**
 * The run's iteration rows from `sinceStep` on (the host's `runs.metricColumns`, unpacked): analysis/metric-columns.ts'
 * iterationRows — the starting model at step 0 without the SFT progress rows, then one row per iteration, the later
 * line of a repeated step winning — the rows every comparison reads, and the rows this cache holds.
 */
export type FetchColumns = (runId: string, sinceStep: number, which?: ColumnChoice) => Promise<ColumnarRows>

/** The choice as the request carries it (plain arrays, absent fields left out). */
export function columnChoice(which: ColumnChoice = {}): { names?: string[]; except?: string[] } {
  return { ...(which.names ? { names: [...which.names] } : {}), ...(which.except ? { except: [...which.except] } : {}) }
}

export interface CacheUpdate {
  runId: string
  /**
   * replace: `rows` is the whole series now; first: the same with the first columns only (firstColumns), a widen
   * follows; append: `rows` follow the rows held before; widen: the rows of the last replace or first with every
   * column, those held unchanged.
   */
  kind: 'replace' | 'first' | 'append' | 'widen'
  rows: ColumnarRows
}

export interface RunRef {
  id: string
  createdAt: string
}

function chunkRows(chunk: MetricChunk): ColumnarRows {
  return unpackColumns(chunk)
}

/** All cached rows of a run, in step order: none while its index is missing (a write not finished). */
export async function readCachedRows(db: WorkbenchDatabase, runId: string): Promise<ColumnarRows> {
  return db.transaction('r', db.metricChunks, db.metricSeries, async () => {
    if (!(await db.metricSeries.get(runId))) return noRows()
    const chunks = await db.metricChunks.where('[runId+chunk]').between([runId, 0], [runId, Infinity], true, true).toArray()
    return concatRows(chunks.map(chunkRows))
  })
}

export class MetricCache {
  /** Work on one run runs in order, so a sync and the streamed rows behind it never interleave. */
  private readonly chains = new Map<string, Promise<void>>()
  private readonly pending = new Map<string, MetricsRow[]>()
  private background: Promise<unknown> = Promise.resolve()
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>()

  constructor(
    private readonly db: WorkbenchDatabase,
    private readonly fetchColumns: FetchColumns,
    private readonly onUpdate: (update: CacheUpdate) => void,
    /**
     * Resolves when a rebuilt series may be written: writing a run's megabytes to IndexedDB takes CPU from
     * everything else on the machine, and a comparison being opened should be drawn first (the owner says when).
     */
    private readonly whenQuiet: () => Promise<void> = () => Promise.resolve(),
    /**
     * A run with nothing cached is fetched twice: first these columns only (the owner has something to show sooner,
     * from a third of the bytes), then, once the owner is quiet, every column — which widens what it holds and is
     * what the cache stores. Null: everything at once.
     */
    private readonly firstColumns: readonly string[] | null = null,
    /**
     * Between the chunks of a rebuilt series' write: a pause, and whatever else the owner waits for (the page's
     * user not acting). Not its quiet: a live run's streamed rows queue behind its write.
     */
    private readonly betweenChunks: () => Promise<void> = pause,
  ) {}

  /** Hands `onUpdate` what is cached for the run now (a 'replace', possibly empty), in order with later work. */
  open(runId: string): Promise<void> {
    return this.enqueueWork(runId, async () => this.onUpdate({ runId, kind: 'replace', rows: await readCachedRows(this.db, runId) }))
  }

  /** Brings one run's cache up to date with its run directory. */
  sync(run: RunRef): Promise<void> {
    return this.enqueueWork(run.id, () => this.syncNow(run))
  }

  /** A row the trainer streamed; written with the others of its run within STREAM_FLUSH_MS. */
  add(runId: string, row: MetricsRow): void {
    const rows = this.pending.get(runId) ?? []
    rows.push(row)
    this.pending.set(runId, rows)
    if (!this.timers.has(runId)) this.timers.set(runId, setTimeout(() => void this.flush(runId), STREAM_FLUSH_MS))
  }

  /** Writes the streamed rows waiting for one run (or for all runs). */
  async flush(runId?: string): Promise<void> {
    const ids = runId === undefined ? [...this.pending.keys()] : [runId]
    await Promise.all(
      ids.map((id) => {
        clearTimeout(this.timers.get(id))
        this.timers.delete(id)
        const rows = this.pending.get(id) ?? []
        this.pending.delete(id)
        return rows.length ? this.enqueueWork(id, () => this.appendStreamed(id, rows)) : this.chains.get(id)
      }),
    )
  }

  /** Stops the flush timers (the rows waiting are dropped; the next sync fetches them from disk). */
  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
    this.pending.clear()
  }

  /** Work that can wait: done once the owner is quiet, one piece at a time (whatever run it is for). */
  private inBackground<T>(work: () => Promise<T>): Promise<T> {
    const next = this.background.then(async () => {
      await this.whenQuiet()
      return work()
    })
    this.background = next.catch(() => undefined)
    return next
  }

  private enqueueWork(runId: string, work: () => Promise<void>): Promise<void> {
    const next = (this.chains.get(runId) ?? Promise.resolve()).then(work)
    // The chain survives a failed step; the caller still sees the failure.
    this.chains.set(runId, next.catch(() => undefined))
    return next
  }

  private async syncNow(run: RunRef): Promise<void> {
    const index = await this.db.metricSeries.get(run.id)
    if (!index || index.format !== SERIES_FORMAT || index.runCreatedAt !== run.createdAt) {
      if (this.firstColumns) {
        const first = await this.fetchColumns(run.id, 0, { names: this.firstColumns })
        this.onUpdate({ runId: run.id, kind: 'first', rows: first })
        const rest = await this.inBackground(() => this.fetchColumns(run.id, 0, { except: [...first.columns.keys()] }))
        // Rows logged meanwhile make it a series of its own (fetched whole), not a widening of the first.
        const widens = rowCount(rest) === rowCount(first) && rest.steps[rowCount(rest) - 1] === first.steps[rowCount(first) - 1]
        if (!widens) return this.replaceAll(run.id, await this.fetchColumns(run.id, 0), run.createdAt, index)
        return this.replaceAll(run.id, { ...rest, columns: new Map([...first.columns, ...rest.columns]) }, run.createdAt, index, 'widen')
      }
      return this.replaceAll(run.id, await this.fetchColumns(run.id, 0), run.createdAt, index)
    }
    if (index.rows === 0) return this.append(run.id, await this.fetchColumns(run.id, 0))
    const fetched = await this.fetchColumns(run.id, index.lastStep)
    const hostAtLast = indexOfStep(fetched, index.lastStep)
    const lastChunk = await this.db.metricChunks.get([run.id, Math.ceil(index.rows / CHUNK_ROWS) - 1])
    const cached = lastChunk ? unpackColumns(lastChunk) : noRows()
    const cachedLast = rowCount(cached) - 1
    const same = hostAtLast >= 0 && cachedLast >= 0 && cached.steps[cachedLast] === index.lastStep && fetched.times[hostAtLast] === cached.times[cachedLast]
    if (!same) return this.replaceAll(run.id, await this.fetchColumns(run.id, 0), run.createdAt, index)
    return this.append(run.id, rowsAfter(fetched, index.lastStep))
  }

  /**
   * Streamed rows join the cache where they continue it. A step at or below the last cached one is the same row
   * again (skipped) or a rewrite after a resume (the series is rewritten, and its holder reloads); a step beyond
   * the next one means rows were missed while the page was not listening (a dropped connection), so the gap is
   * fetched from disk. (Runs that log every k-th step pay one small fetch per batch for this check.)
   */
  private async appendStreamed(runId: string, streamed: MetricsRow[]): Promise<void> {
    const index = await this.db.metricSeries.get(runId)
    if (!index) return // not cached yet: the first sync fetches these rows from disk
    const rows = iterationRows(streamed)
    const older = rows.filter((row) => row.step <= index.lastStep)
    if (older.length) {
      const cached = columnsToRows(await readCachedRows(this.db, runId))
      const timeAt = new Map(cached.map((row) => [row.step, row.time]))
      if (older.some((row) => timeAt.get(row.step) !== row.time)) {
        return this.replaceAll(runId, rowsToColumns(iterationRows([...cached, ...rows])), index.runCreatedAt, index)
      }
    }
    const newer = rows.filter((row) => row.step > index.lastStep)
    const first = newer[0]
    if (first && first.step > index.lastStep + 1) {
      const missed = await this.fetchColumns(runId, index.lastStep + 1)
      const lastMissed = missed.steps[missed.steps.length - 1] ?? index.lastStep
      return this.append(runId, concatRows([missed, rowsToColumns(newer.filter((row) => row.step > lastMissed))]))
    }
    return this.append(runId, rowsToColumns(newer))
  }

  /**
   * Replaces a run's whole cache (a new generation). The owner hears of it first, and the write waits until the
   * owner is quiet, so a comparison draws before IndexedDB has written megabytes; should the write fail (or the page
   * close first), the next sync finds the cache stale and replaces it again.
   */
  private async replaceAll(
    runId: string,
    rows: ColumnarRows,
    runCreatedAt: string,
    previous: MetricSeriesIndex | undefined,
    kind: 'replace' | 'widen' = 'replace',
  ): Promise<void> {
    this.onUpdate({ runId, kind, rows })
    await this.inBackground(() => this.write(runId, rows, runCreatedAt, previous))
  }

  /**
   * Writes a rebuilt series a chunk at a time, each in a transaction of its own, with betweenChunks between them:
   * one transaction of a whole run (9 MB at 20,000 rows) is one long stretch of work for the browser's IndexedDB on
   * a machine the page shares, whatever its user is doing. The index goes first and comes back last, so a write cut
   * short (the page closed) reads as no cache (readCachedRows) and the next sync rebuilds it.
   */
  private async write(runId: string, rows: ColumnarRows, runCreatedAt: string, previous: MetricSeriesIndex | undefined): Promise<void> {
    await this.db.transaction('rw', this.db.metricChunks, this.db.metricSeries, async () => {
      await this.db.metricSeries.delete(runId)
      await this.db.metricChunks.where('runId').equals(runId).delete()
    })
    for (let first = 0; first < rowCount(rows); first += CHUNK_ROWS) {
      if (first > 0) await this.betweenChunks()
      await this.db.metricChunks.put(chunkAt(runId, rows, first))
    }
    await this.db.metricSeries.put({
      runId,
      runCreatedAt,
      lastStep: rows.steps[rows.steps.length - 1] ?? -1,
      rows: rowCount(rows),
      generation: (previous?.generation ?? 0) + 1,
      format: SERIES_FORMAT,
      syncedAt: Date.now(),
    })
  }

  /** Appends rows that all come after the last cached step: the last chunk is filled up, then new ones begin. */
  private async append(runId: string, rows: ColumnarRows): Promise<void> {
    if (rowCount(rows) === 0) return
    const appended = await this.db.transaction('rw', this.db.metricChunks, this.db.metricSeries, async () => {
      const index = await this.db.metricSeries.get(runId)
      if (!index) return noRows()
      const fresh = rowsAfter(rows, index.lastStep)
      if (rowCount(fresh) === 0) return fresh
      const firstChunk = Math.floor(index.rows / CHUNK_ROWS)
      const openChunk = index.rows % CHUNK_ROWS === 0 ? undefined : await this.db.metricChunks.get([runId, firstChunk])
      await this.db.metricChunks.bulkPut(chunksOf(runId, concatRows([openChunk ? chunkRows(openChunk) : noRows(), fresh]), firstChunk))
      await this.db.metricSeries.put({ ...index, lastStep: fresh.steps[rowCount(fresh) - 1] ?? index.lastStep, rows: index.rows + rowCount(fresh), syncedAt: Date.now() })
      return fresh
    })
    if (rowCount(appended)) this.onUpdate({ runId, kind: 'append', rows: appended })
  }
}

/** The chunk of `rows` that starts at row `first` (a multiple of CHUNK_ROWS), numbered as the cache numbers it. */
function chunkAt(runId: string, rows: ColumnarRows, first: number, chunk = first / CHUNK_ROWS): MetricChunk {
  const part = (values: Float64Array) => values.subarray(first, first + CHUNK_ROWS)
  const columns = new Map([...rows.columns].map(([name, values]) => [name, part(values)]))
  return { runId, chunk, ...packColumns({ steps: part(rows.steps), times: part(rows.times), columns }) }
}

/** Rows cut into chunks numbered from `firstChunk`. */
function chunksOf(runId: string, rows: ColumnarRows, firstChunk: number): MetricChunk[] {
  const chunks: MetricChunk[] = []
  for (let i = 0; i < rowCount(rows); i += CHUNK_ROWS) chunks.push(chunkAt(runId, rows, i, firstChunk + i / CHUNK_ROWS))
  return chunks
}
