import { describe, expect, it } from 'vitest'
import { MetricColumns } from '../../../src-preload/analysis'
import { ReadoutMemo } from './readout-memo'

const rows = (steps: number[], columns: Record<string, number[]>) => ({
  steps: Float64Array.from(steps),
  times: Float64Array.from(steps),
  columns: new Map(Object.entries(columns).map(([name, values]) => [name, Float64Array.from(values)])),
})

describe('ReadoutMemo', () => {
  it('gives the last answer again while the columns it read are the same arrays, and recomputes when they are not', () => {
    const held = new Map([['a', MetricColumns.fromColumns(rows([1, 2], { acc: [0.1, 0.2] }))]])
    const columnsOf = (id: string) => held.get(id) ?? new MetricColumns()
    const memo = new ReadoutMemo<number>()
    let computed = 0
    // Reads `acc` and, where there is one, `loss` (absent at first).
    const readout = (request = 'r') =>
      memo.answer(request, columnsOf, (recorded) => {
        computed++
        const columns = recorded('a')
        const sum = (name: string) => (columns.column(name) ?? new Float64Array(0)).reduce((s, v) => s + v, 0)
        return columns.length * 100 + sum('acc') + sum('loss')
      })

    expect(readout()).toBeCloseTo(200.3, 12)
    expect(readout()).toBeCloseTo(200.3, 12)
    expect(computed).toBe(1)
    // Widened with a column it never read: the same answer, not recomputed.
    held.get('a')!.widen(rows([1, 2], { other: [5, 6] }))
    readout()
    expect(computed).toBe(1)
    // Widened with the column it found missing: recomputed.
    held.get('a')!.widen(rows([1, 2], { loss: [1, 1] }))
    expect(readout()).toBeCloseTo(202.3, 12)
    expect(computed).toBe(2)
    // A row appended: every column read is longer.
    held.get('a')!.appendColumns(rows([3], { acc: [0.3], loss: [1], other: [7] }))
    expect(readout()).toBeCloseTo(303.6, 12)
    expect(computed).toBe(3)
    // Another request (other runs or settings), or the run replaced: recomputed.
    readout('s')
    expect(computed).toBe(4)
    held.set('a', MetricColumns.fromColumns(rows([1], { acc: [1] })))
    expect(readout('s')).toBeCloseTo(101, 12)
    expect(computed).toBe(5)
  })
})
