// The renderer's cache of run metric series in Dexie (chunks of CHUNK_ROWS rows, see database.ts v2), kept in step
// with the run directories on disk — the source of truth, read through `runs.metrics` — and with the rows the
// trainer streams. Readers never talk to the host: they watch the cache (metric-series-reader.ts), so every view of
// a series sees the same rows.
//
// A run's cache is rebuilt from the host (all rows) when it is missing, was written in another layout, belongs to
// an earlier run of the same id, or no longer matches the run directory at its last cached step — which is what a
// run resumed from a checkpoint looks like: metrics.ndjson is append-only, so it then holds the steps after the
// checkpoint twice and the later line is the true one. Otherwise only the rows after the last cached step are
// fetched (`sinceStep` = last cached step, the overlapping row being the staleness check).
import { iterationRows } from '../../../src-preload/analysis'
import type { MetricsRow } from '../../../src-preload/contract/schemas'
import { CHUNK_ROWS, type MetricChunk, type MetricSeriesIndex, type WorkbenchDatabase } from './database'

/**
 * Bump when the layout of cached rows changes: every cached series is then rebuilt.
 * 1: iterations (step ≥ 1). 2: and the starting model's row at step 0 (its validation right after SFT).
 */
export const SERIES_FORMAT = 2

/** Streamed rows are written in batches, at most this often per run. */
export const STREAM_FLUSH_MS = 250

export type FetchRows = (runId: string, sinceStep: number) => Promise<MetricsRow[]>

export interface RunRef {
  id: string
  createdAt: string
}

const sameRow = (a: MetricsRow | undefined, b: MetricsRow | undefined) => !!a && !!b && a.step === b.step && a.time === b.time

/** All cached rows of a run, in step order. */
export async function readCachedRows(db: WorkbenchDatabase, runId: string, fromChunk = 0): Promise<MetricsRow[]> {
  const chunks = await db.metricChunks.where('[runId+chunk]').between([runId, fromChunk], [runId, Infinity], true, true).toArray()
  return chunks.flatMap((c) => c.rows)
}

export class MetricCache {
  /** Work on one run runs in order, so a sync and the streamed rows behind it never interleave. */
  private readonly chains = new Map<string, Promise<void>>()
  private readonly pending = new Map<string, MetricsRow[]>()
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>()

  private readonly fetchRows: FetchRows

  constructor(
    private readonly db: WorkbenchDatabase,
    fetchRows: FetchRows,
  ) {
    // The cache holds a run's iteration rows (analysis/metric-columns.ts: the starting model at step 0 without the
    // SFT progress rows, then one row per iteration, the later line of a repeated step winning), the rows every
    // comparison reads.
    this.fetchRows = async (id, since) => iterationRows(await fetchRows(id, since))
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

  private enqueueWork(runId: string, work: () => Promise<void>): Promise<void> {
    const next = (this.chains.get(runId) ?? Promise.resolve()).then(work)
    // The chain survives a failed step; the caller still sees the failure.
    this.chains.set(runId, next.catch(() => undefined))
    return next
  }

  private async syncNow(run: RunRef): Promise<void> {
    const index = await this.db.metricSeries.get(run.id)
    if (!index || index.format !== SERIES_FORMAT || index.runCreatedAt !== run.createdAt) {
      return this.replaceAll(run.id, await this.fetchRows(run.id, 0), run.createdAt, index)
    }
    if (index.rows === 0) return this.append(run.id, await this.fetchRows(run.id, 0))
    const fetched = await this.fetchRows(run.id, index.lastStep)
    const hostRowAtLast = fetched.find((row) => row.step === index.lastStep)
    const lastChunk = await this.db.metricChunks.get([run.id, Math.ceil(index.rows / CHUNK_ROWS) - 1])
    if (!sameRow(hostRowAtLast, lastChunk?.rows.at(-1))) {
      return this.replaceAll(run.id, await this.fetchRows(run.id, 0), run.createdAt, index)
    }
    return this.append(run.id, fetched.filter((row) => row.step > index.lastStep))
  }

  /**
   * Streamed rows join the cache where they continue it. A step at or below the last cached one is the same row
   * again (skipped) or a rewrite after a resume (the series is rewritten, and readers reload); a step beyond the
   * next one means rows were missed while the page was not listening (a dropped connection), so the gap is fetched
   * from disk. (Runs that log every k-th step pay one small fetch per batch for this check.)
   */
  private async appendStreamed(runId: string, streamed: MetricsRow[]): Promise<void> {
    const index = await this.db.metricSeries.get(runId)
    if (!index) return // not cached yet: the first sync fetches these rows from disk
    const rows = iterationRows(streamed)
    const older = rows.filter((row) => row.step <= index.lastStep)
    if (older.length) {
      const cached = new Map((await readCachedRows(this.db, runId)).map((row) => [row.step, row]))
      if (older.some((row) => !sameRow(row, cached.get(row.step)))) {
        return this.replaceAll(runId, iterationRows([...cached.values(), ...rows]), index.runCreatedAt, index)
      }
    }
    const newer = rows.filter((row) => row.step > index.lastStep)
    const first = newer[0]
    if (first && first.step > index.lastStep + 1) {
      return this.append(runId, iterationRows([...(await this.fetchRows(runId, index.lastStep + 1)), ...newer]))
    }
    return this.append(runId, newer)
  }

  /** Replaces a run's whole cache (a new generation: readers reload). */
  private async replaceAll(runId: string, rows: MetricsRow[], runCreatedAt: string, previous: MetricSeriesIndex | undefined): Promise<void> {
    await this.db.transaction('rw', this.db.metricChunks, this.db.metricSeries, async () => {
      await this.db.metricChunks.where('runId').equals(runId).delete()
      await this.db.metricChunks.bulkPut(chunksOf(runId, rows, 0))
      await this.db.metricSeries.put({
        runId,
        runCreatedAt,
        lastStep: rows.at(-1)?.step ?? -1,
        rows: rows.length,
        generation: (previous?.generation ?? 0) + 1,
        format: SERIES_FORMAT,
        syncedAt: Date.now(),
      })
    })
  }

  /** Appends rows that all come after the last cached step: the last chunk is filled up, then new ones begin. */
  private async append(runId: string, rows: readonly MetricsRow[]): Promise<void> {
    if (rows.length === 0) return
    await this.db.transaction('rw', this.db.metricChunks, this.db.metricSeries, async () => {
      const index = await this.db.metricSeries.get(runId)
      if (!index) return
      const fresh = rows.filter((row) => row.step > index.lastStep)
      if (fresh.length === 0) return
      const openChunk = index.rows % CHUNK_ROWS === 0 ? undefined : await this.db.metricChunks.get([runId, Math.floor(index.rows / CHUNK_ROWS)])
      const chunks = chunksOf(runId, [...(openChunk?.rows ?? []), ...fresh], Math.floor(index.rows / CHUNK_ROWS))
      await this.db.metricChunks.bulkPut(chunks)
      await this.db.metricSeries.put({ ...index, lastStep: fresh.at(-1)?.step ?? index.lastStep, rows: index.rows + fresh.length, syncedAt: Date.now() })
    })
  }
}

/** Rows cut into chunks numbered from `firstChunk`. */
function chunksOf(runId: string, rows: readonly MetricsRow[], firstChunk: number): MetricChunk[] {
  const chunks: MetricChunk[] = []
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) chunks.push({ runId, chunk: firstChunk + i / CHUNK_ROWS, rows: rows.slice(i, i + CHUNK_ROWS) })
  return chunks
}
