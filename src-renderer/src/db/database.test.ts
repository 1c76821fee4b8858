import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import Dexie from 'dexie'
import { defaultCompareSettings } from '../compare/settings'
import { SCHEMA_V1, WorkbenchDatabase } from './database'

const names: string[] = []
function freshName(): string {
  const name = `test-${Math.random().toString(36).slice(2)}`
  names.push(name)
  return name
}

afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name)
})

describe('WorkbenchDatabase', () => {
  it('stores cached metric chunks by run, in chunk order', async () => {
    const db = new WorkbenchDatabase(freshName())
    const chunk = (runId: string, chunk: number, from: number) => ({ runId, chunk, rows: 1, names: ['loss'], values: Float64Array.of(from, from, 1 / (from + 1)) })
    await db.metricChunks.bulkPut([chunk('r1', 1, 1000), chunk('r1', 0, 0), chunk('r2', 0, 5)])
    const chunks = await db.metricChunks.where('[runId+chunk]').between(['r1', 0], ['r1', Infinity]).toArray()
    expect(chunks.map((c) => c.values[0])).toEqual([0, 1000])
    expect(chunks[1]?.values).toBeInstanceOf(Float64Array)
    expect(await db.metricChunks.where('runId').equals('r2').count()).toBe(1)
    db.close()
  })

  it('finds notes by tag (multi-entry index)', async () => {
    const db = new WorkbenchDatabase(freshName())
    await db.notes.bulkPut([
      { runId: 'a', tags: ['prime', 'seed1'], note: '' },
      { runId: 'b', tags: ['rloo'], note: 'baseline' },
    ])
    expect((await db.notes.where('tags').equals('prime').toArray()).map((n) => n.runId)).toEqual(['a'])
    db.close()
  })

  it('keeps its data across reopen (what every later migration must preserve)', async () => {
    const name = freshName()
    const first = new WorkbenchDatabase(name)
    const settings = { ...defaultCompareSettings(), xAxis: 'time' as const }
    const id = await first.comparisons.add({ name: 'prime vs rloo', runIds: ['a', 'b'], createdAt: 1, settings })
    first.close()
    const second = new WorkbenchDatabase(name)
    expect(await second.comparisons.get(id)).toMatchObject({ name: 'prime vs rloo', runIds: ['a', 'b'], settings })
    expect(second.verno).toBe(4)
    second.close()
  })
})

describe('migration v1 → v2', () => {
  it('keeps runs and comparisons, gives comparisons default settings, and replaces per-step metric rows by chunks', async () => {
    const name = freshName()
    const v1 = new Dexie(name)
    v1.version(1).stores(SCHEMA_V1)
    await v1.table('comparisons').add({ name: 'old', runIds: ['a', 'b'], createdAt: 5 })
    await v1.table('runs').put({ id: 'a', summary: { id: 'a' }, syncedAt: 1 })
    await v1.table('metrics').put({ key: 'a:1', runId: 'a', step: 1, row: { step: 1, time: 0, values: { x: 1 } } })
    v1.close()

    const v2 = new WorkbenchDatabase(name)
    const [comparison] = await v2.comparisons.toArray()
    expect(comparison).toMatchObject({ name: 'old', runIds: ['a', 'b'], createdAt: 5, settings: defaultCompareSettings() })
    expect(await v2.runs.get('a')).toMatchObject({ syncedAt: 1 })
    expect(v2.tables.map((t) => t.name).sort()).toEqual(['comparisons', 'datasets', 'metricChunks', 'metricSeries', 'notes', 'runViews', 'runs'])
    await v2.metricSeries.put({ runId: 'a', runCreatedAt: 't', lastStep: -1, rows: 0, generation: 1, format: 1, syncedAt: 0 })
    expect(await v2.metricSeries.get('a')).toMatchObject({ lastStep: -1 })
    v2.close()
  })
})

/** Row chunks and their index as v2 and v3 cached them (v4 holds packed columns instead). */
async function writeRowCache(db: Dexie): Promise<void> {
  await db.table('metricChunks').put({ runId: 'a', chunk: 0, rows: [{ step: 1, time: 0, values: { x: 1 } }] })
  await db.table('metricSeries').put({ runId: 'a', runCreatedAt: 't', lastStep: 1, rows: 1, generation: 1, format: 2, syncedAt: 0 })
}

describe('migration v2 → v4', () => {
  it('keeps every v2 table, adds the runs table’s saved views, unique by name, and drops the series cached as rows', async () => {
    const name = freshName()
    const v2 = new Dexie(name)
    v2.version(1).stores(SCHEMA_V1)
    v2.version(2).stores({ metrics: null, metricChunks: '[runId+chunk], runId', metricSeries: 'runId' })
    await v2.table('notes').put({ runId: 'a', tags: ['sweep-3'], note: 'kept' })
    await v2.table('comparisons').add({ name: 'old', runIds: ['a'], createdAt: 5, settings: defaultCompareSettings() })
    await writeRowCache(v2)
    v2.close()

    const v4 = new WorkbenchDatabase(name)
    expect(await v4.notes.get('a')).toMatchObject({ tags: ['sweep-3'], note: 'kept' })
    expect(await v4.comparisons.count()).toBe(1)
    expect(await v4.metricChunks.count()).toBe(0)
    expect(await v4.metricSeries.count()).toBe(0)
    const view = { query: 'tag:sweep-3', columns: ['name', 'final.val/acc'], sort: { field: 'final.val/acc', direction: 'desc' as const } }
    await v4.runViews.add({ name: 'sweep 3', view, createdAt: 1 })
    await expect(v4.runViews.add({ name: 'sweep 3', view, createdAt: 2 })).rejects.toThrow()
    expect((await v4.runViews.where('name').equals('sweep 3').first())?.view).toEqual(view)
    v4.close()
  })
})

describe('migration v3 → v4', () => {
  it('keeps the saved runs views, comparisons and notes, and drops the series cached as rows (rebuilt as columns)', async () => {
    const name = freshName()
    const v3 = new Dexie(name)
    v3.version(1).stores(SCHEMA_V1)
    v3.version(2).stores({ metrics: null, metricChunks: '[runId+chunk], runId', metricSeries: 'runId' })
    v3.version(3).stores({ runViews: '++id, &name' })
    const view = { query: 'algorithm = prime', columns: ['name'], sort: { field: 'name', direction: 'asc' as const } }
    await v3.table('runViews').add({ name: 'prime', view, createdAt: 1 })
    await v3.table('comparisons').add({ name: 'kept', runIds: ['a'], createdAt: 5, settings: defaultCompareSettings() })
    await v3.table('notes').put({ runId: 'a', tags: ['t'], note: 'n' })
    await writeRowCache(v3)
    v3.close()

    const v4 = new WorkbenchDatabase(name)
    expect(v4.verno).toBe(4)
    expect(await v4.metricChunks.count()).toBe(0)
    expect(await v4.metricSeries.count()).toBe(0)
    expect((await v4.comparisons.toArray()).map((c) => c.name)).toEqual(['kept'])
    expect(await v4.notes.get('a')).toMatchObject({ tags: ['t'] })
    expect((await v4.runViews.toArray()).map((v) => [v.name, v.view])).toEqual([['prime', view]])
    v4.close()
  })
})
