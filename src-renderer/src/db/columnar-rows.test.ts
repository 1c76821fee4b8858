import { describe, expect, it } from 'vitest'
import { packColumns, rowsToColumns, unpackColumns } from '../../../src-preload/contract/metric-columns-wire'
import { columnsToRows, concatRows, rowsAfter, sliceRows } from './columnar-rows'

const a = rowsToColumns([
  { step: 1, time: 10, values: { x: 1 } },
  { step: 2, time: 11, values: { x: 2, y: 20 } },
])
const b = rowsToColumns([{ step: 3, time: 12, values: { z: 300 } }])

describe('columnar rows', () => {
  it('joins parts into one buffer, NaN where a part lacks a metric, and reads back as rows', () => {
    const joined = concatRows([a, b])
    expect([...joined.steps]).toEqual([1, 2, 3])
    expect(new Set([joined.steps.buffer, ...[...joined.columns.values()].map((c) => c.buffer)]).size).toBe(1)
    expect(columnsToRows(joined)).toEqual([
      { step: 1, time: 10, values: { x: 1 } },
      { step: 2, time: 11, values: { x: 2, y: 20 } },
      { step: 3, time: 12, values: { z: 300 } },
    ])
  })

  it('slices into one buffer, packs that for storing and unpacks it to the same rows', () => {
    const slice = sliceRows(concatRows([a, b]), 1, 3)
    expect(new Set([slice.steps.buffer, ...[...slice.columns.values()].map((c) => c.buffer)]).size).toBe(1)
    const packed = packColumns(slice)
    expect(packed).toMatchObject({ rows: 2, names: ['x', 'y', 'z'] })
    expect(packed.values.length).toBe(2 * 5)
    expect(columnsToRows(unpackColumns(packed)).map((r) => r.step)).toEqual([2, 3])
    expect([...rowsAfter(concatRows([a, b]), 1).steps]).toEqual([2, 3])
  })
})
