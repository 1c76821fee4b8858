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
    expect(second.verno).toBe(3)
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
    expect(v2.tables.map((t) => t.name).sort()).toEqual(['comparisons', 'datasets', 'metricChunks', 'metricSeries', 'notes', 'runs'])
    await v2.metricSeries.put({ runId: 'a', runCreatedAt: 't', lastStep: -1, rows: 0, generation: 1, format: 1, syncedAt: 0 })
    expect(await v2.metricSeries.get('a')).toMatchObject({ lastStep: -1 })
    v2.close()
  })
})

describe('migration v2 → v3', () => {
  it('drops the cached series written as rows (they are rebuilt as columns) and keeps everything else', async () => {
    const name = freshName()
    const v2 = new Dexie(name)
    v2.version(1).stores(SCHEMA_V1)
    v2.version(2).stores({ metrics: null, metricChunks: '[runId+chunk], runId', metricSeries: 'runId' })
    await v2.table('metricChunks').put({ runId: 'a', chunk: 0, rows: [{ step: 1, time: 0, values: { x: 1 } }] })
    await v2.table('metricSeries').put({ runId: 'a', runCreatedAt: 't', lastStep: 1, rows: 1, generation: 1, format: 1, syncedAt: 0 })
    await v2.table('comparisons').add({ name: 'kept', runIds: ['a'], createdAt: 5, settings: defaultCompareSettings() })
    v2.close()

    const v3 = new WorkbenchDatabase(name)
    expect(await v3.metricChunks.count()).toBe(0)
    expect(await v3.metricSeries.count()).toBe(0)
    expect((await v3.comparisons.toArray()).map((c) => c.name)).toEqual(['kept'])
    v3.close()
  })
})
