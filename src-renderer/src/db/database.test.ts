import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import Dexie from 'dexie'
import { WorkbenchDatabase } from './database'

const names: string[] = []
function freshName(): string {
  const name = `test-${Math.random().toString(36).slice(2)}`
  names.push(name)
  return name
}

afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name)
})

describe('WorkbenchDatabase schema v1', () => {
  it('stores and queries cached metric series by run and step range', async () => {
    const db = new WorkbenchDatabase(freshName())
    await db.metrics.bulkPut(
      [0, 1, 2, 3].map((step) => ({ key: `r1:${step}`, runId: 'r1', step, row: { step, time: step, values: { loss: 1 / (step + 1) } } })),
    )
    await db.metrics.put({ key: 'r2:0', runId: 'r2', step: 0, row: { step: 0, time: 0, values: {} } })
    const rows = await db.metrics.where('[runId+step]').between(['r1', 1], ['r1', 2], true, true).toArray()
    expect(rows.map((r) => r.step)).toEqual([1, 2])
    expect(await db.metrics.where('runId').equals('r2').count()).toBe(1)
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
    const id = await first.comparisons.add({ name: 'prime vs rloo', runIds: ['a', 'b'], createdAt: 1 })
    first.close()
    const second = new WorkbenchDatabase(name)
    expect(await second.comparisons.get(id)).toMatchObject({ name: 'prime vs rloo', runIds: ['a', 'b'] })
    expect(second.verno).toBe(1)
    second.close()
  })
})
