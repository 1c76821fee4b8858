import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import Dexie from 'dexie'
import { iterationRows } from '../../../src-preload/analysis'
import { chooseColumns, packColumns, rowsToColumns, unpackColumns, type ColumnChoice } from '../../../src-preload/contract/metric-columns-wire'
import type { MetricsRow } from '../../../src-preload/contract/schemas'
import { columnsToRows } from './columnar-rows'
import { CHUNK_ROWS, WorkbenchDatabase } from './database'
import { MetricCache, readCachedRows, type CacheUpdate } from './metric-cache'

// A run directory as the host reads it: metrics.ndjson lines in the order the trainer appended them, and
// `runs.metricColumns` returning the iterations with step >= sinceStep as packed columns
// (src-main/host/runs-service.ts), unpacked as the compare worker unpacks them.
class RunDirectory {
  lines: MetricsRow[] = []
  fetches: number[] = []
  append(step: number, time = step, value = step / 10): MetricsRow {
    const row = { step, time, values: { 'critic/score/mean': value } }
    this.lines.push(row)
    return row
  }
  /** Called between the two fetches of a run not cached yet (the cache's whenQuiet). */
  between = async () => {}
  fetch = async (_runId: string, sinceStep: number, which: ColumnChoice = {}) => {
    this.fetches.push(sinceStep)
    return unpackColumns(packColumns(chooseColumns(rowsToColumns(iterationRows(this.lines.filter((row) => row.step >= sinceStep))), which)))
  }
}

const dbs: WorkbenchDatabase[] = []
function freshDb(): WorkbenchDatabase {
  const db = new WorkbenchDatabase(`cache-${Math.random().toString(36).slice(2)}`)
  dbs.push(db)
  return db
}
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close()
    await Dexie.delete(db.name)
  }
})

const run = { id: 'r1', createdAt: '2025-01-01T00:00:00Z' }
const rowCountOf = (update: CacheUpdate) => update.rows.steps.length
const cachedSteps = async (db: WorkbenchDatabase) => [...(await readCachedRows(db, 'r1')).steps]

/** What the cache's owner holds after applying every update, and the updates themselves. */
function holder() {
  const updates: CacheUpdate[] = []
  let rows: MetricsRow[] = []
  return {
    updates,
    rows: () => rows,
    onUpdate: (update: CacheUpdate) => {
      updates.push(update)
      const added = columnsToRows(update.rows)
      rows = update.kind === 'append' ? [...rows, ...added] : added
    },
  }
}

describe('MetricCache', () => {
  it('builds a missing cache from the run directory, then fetches only what follows', async () => {
    const db = freshDb()
    const dir = new RunDirectory()
    const held = holder()
    for (let s = 1; s <= 3; s++) dir.append(s)
    const cache = new MetricCache(db, dir.fetch, held.onUpdate)
    await cache.sync(run)
    expect(await cachedSteps(db)).toEqual([1, 2, 3])
    dir.append(4)
    dir.append(5)
    await cache.sync(run)
    expect(dir.fetches).toEqual([0, 3])
    expect(await cachedSteps(db)).toEqual([1, 2, 3, 4, 5])
    expect(await db.metricSeries.get('r1')).toMatchObject({ lastStep: 5, generation: 1 })
  })

  it('rebuilds when the id now names another run, or the directory was rewritten after a resume', async () => {
    const db = freshDb()
    const dir = new RunDirectory()
    const held = holder()
    for (let s = 1; s <= 4; s++) dir.append(s)
    const cache = new MetricCache(db, dir.fetch, held.onUpdate)
    await cache.sync(run)
    // Resumed from a checkpoint at step 2: steps 3 and 4 are trained again and appended again.
    dir.append(3, 103, 0.9)
    dir.append(4, 104, 0.8)
    await cache.sync(run)
    expect(await db.metricSeries.get('r1')).toMatchObject({ generation: 2, lastStep: 4 })
    expect(columnsToRows(await readCachedRows(db, 'r1')).find((row) => row.step === 4)?.values['critic/score/mean']).toBe(0.8)
    expect(held.rows().map((row) => row.values['critic/score/mean'])).toEqual([0.1, 0.2, 0.9, 0.8])
    await cache.sync({ ...run, createdAt: 'later' })
    expect(await db.metricSeries.get('r1')).toMatchObject({ generation: 3, runCreatedAt: 'later' })
  })

  it('appends streamed rows in batches, skips repeats, and fetches a gap from disk', async () => {
    const db = freshDb()
    const dir = new RunDirectory()
    const held = holder()
    dir.append(1)
    const cache = new MetricCache(db, dir.fetch, held.onUpdate)
    cache.add('r1', dir.append(2)) // streamed before the first sync: the sync's fetch covers it
    await cache.sync(run)
    await cache.flush()
    expect(await cachedSteps(db)).toEqual([1, 2])
    expect(await db.metricSeries.get('r1')).toMatchObject({ generation: 1 })

    cache.add('r1', dir.append(3))
    cache.add('r1', dir.append(4))
    await cache.flush()
    expect(await cachedSteps(db)).toEqual([1, 2, 3, 4])

    dir.append(5) // missed: the page was not listening
    cache.add('r1', dir.append(6))
    await cache.flush()
    expect(await cachedSteps(db)).toEqual([1, 2, 3, 4, 5, 6])
    expect(dir.fetches.at(-1)).toBe(5)
    cache.dispose()
  })

  it('caches the starting model’s validation at step 0, but not the SFT progress rows streamed before it', async () => {
    const db = freshDb()
    const dir = new RunDirectory()
    const held = holder()
    const cache = new MetricCache(db, dir.fetch, held.onUpdate)
    await cache.sync(run)
    const sft = { step: 0, time: 0.5, values: { 'sft/loss': 1.2, 'sft/step': 10 } }
    const validation = { step: 0, time: 0.8, values: { 'val/acc': 0.4 } }
    dir.lines.push(sft, validation)
    cache.add('r1', sft)
    cache.add('r1', validation)
    cache.add('r1', dir.append(1))
    await cache.flush()
    const rows = columnsToRows(await readCachedRows(db, 'r1'))
    expect(rows.map((r) => [r.step, Object.keys(r.values)])).toEqual([[0, ['val/acc']], [1, ['critic/score/mean']]])
    expect(held.rows()).toEqual(rows)
    // The host's copy agrees with the cache, so the next sync only appends.
    dir.append(2)
    await cache.sync(run)
    expect(await cachedSteps(db)).toEqual([0, 1, 2])
    expect(await db.metricSeries.get('r1')).toMatchObject({ generation: 1 })
  })

  it('hands its owner the cached rows first, then each append, then the whole series on a rebuild', async () => {
    const db = freshDb()
    const dir = new RunDirectory()
    const held = holder()
    for (let s = 1; s <= 3; s++) dir.append(s)
    await new MetricCache(db, dir.fetch, () => {}).sync(run)

    const cache = new MetricCache(db, dir.fetch, held.onUpdate)
    await cache.open('r1')
    expect(held.updates.map((u) => u.kind)).toEqual(['replace'])
    expect(held.rows().map((r) => r.step)).toEqual([1, 2, 3])

    cache.add('r1', dir.append(4))
    await cache.flush()
    expect(held.updates.at(-1)?.kind).toBe('append')
    expect(held.rows().map((r) => r.step)).toEqual([1, 2, 3, 4])

    // Resumed from a checkpoint at step 2: step 3 streams again, with new values.
    cache.add('r1', dir.append(3, 203, 0.7))
    await cache.flush()
    expect(held.updates.at(-1)?.kind).toBe('replace')
    expect(held.rows().map((r) => [r.step, r.time])).toEqual([[1, 1], [2, 2], [3, 203], [4, 4]])
  })
})

describe('MetricCache chunks', () => {
  it('fills the open chunk, then starts new ones, and its owner gets every row once, in order', async () => {
    const db = freshDb()
    const dir = new RunDirectory()
    const held = holder()
    const total = 2 * CHUNK_ROWS + 700
    for (let s = 1; s <= CHUNK_ROWS + 500; s++) dir.append(s)
    const cache = new MetricCache(db, dir.fetch, held.onUpdate)
    await cache.sync(run)
    for (let s = CHUNK_ROWS + 501; s <= total; s++) {
      cache.add('r1', dir.append(s))
      if (s % 300 === 0) await cache.flush()
    }
    await cache.flush()
    const steps = Array.from({ length: total }, (_, i) => i + 1)
    expect(held.rows().map((r) => r.step)).toEqual(steps)
    expect(await cachedSteps(db)).toEqual(steps)
    const chunks = await db.metricChunks.where('runId').equals('r1').sortBy('chunk')
    expect(chunks.map((c) => c.rows)).toEqual([CHUNK_ROWS, CHUNK_ROWS, 700])
    expect(chunks.every((c) => c.names.join() === 'critic/score/mean' && c.values.length === 3 * c.rows)).toBe(true)
    expect(await db.metricSeries.get('r1')).toMatchObject({ rows: total, lastStep: total, generation: 1 })
  })

  it('writes a rebuilt series a chunk at a time, and it reads as not cached until the last chunk is in', async () => {
    const db = freshDb()
    const dir = new RunDirectory()
    for (let s = 1; s <= 2 * CHUNK_ROWS + 5; s++) dir.append(s)
    const seen: { chunks: number; cached: number }[] = []
    const look = async () => void seen.push({ chunks: await db.metricChunks.count(), cached: (await readCachedRows(db, 'r1')).steps.length })
    await new MetricCache(db, dir.fetch, () => {}, undefined, null, look).sync(run)
    // Between chunks: one more chunk written each time, and no row read before the index is back.
    expect(seen).toEqual([
      { chunks: 1, cached: 0 },
      { chunks: 2, cached: 0 },
    ])
    expect(await cachedSteps(db)).toHaveLength(2 * CHUNK_ROWS + 5)
  })

  it('fetches a run not cached yet by its first columns, then widens it with every column, which it caches', async () => {
    const db = freshDb()
    const dir = new RunDirectory()
    const held = holder()
    for (let s = 1; s <= 3; s++) dir.lines.push({ step: s, time: s, values: { 'critic/score/mean': s / 10, 'actor/lr': 1e-6 } })
    const cache = new MetricCache(db, dir.fetch, held.onUpdate, () => dir.between(), ['critic/score/mean'])
    await cache.sync(run)
    expect(held.updates.map((u) => [u.kind, [...u.rows.columns.keys()]])).toEqual([
      ['first', ['critic/score/mean']],
      ['widen', ['critic/score/mean', 'actor/lr']],
    ])
    expect(held.rows().map((row) => row.values)).toEqual([1, 2, 3].map((s) => ({ 'critic/score/mean': s / 10, 'actor/lr': 1e-6 })))
    expect(dir.fetches).toEqual([0, 0])
    expect([...(await readCachedRows(db, 'r1')).columns.keys()]).toEqual(['critic/score/mean', 'actor/lr'])

    // A row logged between the two fetches: the second is the whole series, not a widening.
    const other = { id: 'r2', createdAt: run.createdAt }
    dir.between = async () => void dir.append(4)
    await cache.sync(other)
    expect(held.updates.slice(2).map((u) => [u.kind, rowCountOf(u), u.rows.columns.size])).toEqual([
      ['first', 3, 1],
      ['replace', 4, 2],
    ])
  })
})
