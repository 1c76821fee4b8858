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
    const rows = (from: number) => [{ step: from, time: from, values: { loss: 1 / (from + 1) } }]
    await db.metricChunks.bulkPut([
      { runId: 'r1', chunk: 1, rows: rows(1000) },
      { runId: 'r1', chunk: 0, rows: rows(0) },
      { runId: 'r2', chunk: 0, rows: rows(5) },
    ])
    const chunks = await db.metricChunks.where('[runId+chunk]').between(['r1', 0], ['r1', Infinity]).toArray()
    expect(chunks.map((c) => c.rows[0]?.step)).toEqual([0, 1000])
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
    expect(v2.tables.map((t) => t.name).sort()).toEqual(['comparisons', 'datasets', 'metricChunks', 'metricSeries', 'notes', 'runViews', 'runs'])
    await v2.metricSeries.put({ runId: 'a', runCreatedAt: 't', lastStep: -1, rows: 0, generation: 1, format: 1, syncedAt: 0 })
    expect(await v2.metricSeries.get('a')).toMatchObject({ lastStep: -1 })
    v2.close()
  })
})

describe('migration v2 → v3', () => {
  it('keeps every v2 table and adds the runs table’s saved views, unique by name', async () => {
    const name = freshName()
    const v2 = new Dexie(name)
    v2.version(1).stores(SCHEMA_V1)
    v2.version(2).stores({ metrics: null, metricChunks: '[runId+chunk], runId', metricSeries: 'runId' })
    await v2.table('notes').put({ runId: 'a', tags: ['sweep-3'], note: 'kept' })
    await v2.table('comparisons').add({ name: 'old', runIds: ['a'], createdAt: 5, settings: defaultCompareSettings() })
    v2.close()

    const v3 = new WorkbenchDatabase(name)
    expect(await v3.notes.get('a')).toMatchObject({ tags: ['sweep-3'], note: 'kept' })
    expect(await v3.comparisons.count()).toBe(1)
    const view = { query: 'tag:sweep-3', columns: ['name', 'final.val/acc'], sort: { field: 'final.val/acc', direction: 'desc' as const } }
    await v3.runViews.add({ name: 'sweep 3', view, createdAt: 1 })
    await expect(v3.runViews.add({ name: 'sweep 3', view, createdAt: 2 })).rejects.toThrow()
    expect((await v3.runViews.where('name').equals('sweep 3').first())?.view).toEqual(view)
    v3.close()
  })
})
