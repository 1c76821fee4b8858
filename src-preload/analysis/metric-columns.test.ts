import { describe, expect, it } from 'vitest'
import type { MetricsRow } from '../contract/schemas'
import { rowsToColumns } from '../contract/metric-columns-wire'
import { MetricColumns, iterationRows } from './metric-columns'

describe('MetricColumns', () => {
  it('aligns every metric with the steps, NaN where a row did not log it', () => {
    const columns = MetricColumns.fromRows([
      { step: 1, time: 10, values: { a: 1 } },
      { step: 2, time: 11, values: { a: 2, b: 5 } },
    ])
    columns.append([{ step: 4, time: 12, values: { b: 6 } }])
    expect([...columns.steps]).toEqual([1, 2, 4])
    expect([...columns.times]).toEqual([10, 11, 12])
    expect([...(columns.column('a') ?? [])]).toEqual([1, 2, Number.NaN])
    expect([...(columns.column('b') ?? [])]).toEqual([Number.NaN, 5, 6])
    expect(columns.names().sort()).toEqual(['a', 'b'])
    expect(columns.length).toBe(3)
  })

  it('adopts decoded columns without a copy and grows them as rows stream in', () => {
    const first = rowsToColumns([
      { step: 1, time: 10, values: { a: 1 } },
      { step: 2, time: 11, values: { a: 2 } },
    ])
    const columns = MetricColumns.fromColumns(first)
    expect(columns.column('a')?.buffer).toBe(first.columns.get('a')?.buffer)
    for (let step = 3; step <= 200; step++) columns.append([{ step, time: 10 + step, values: step % 2 ? { b: step } : { a: step } }])
    expect(columns.length).toBe(200)
    expect(columns.column('a')?.[199]).toBe(200)
    expect(columns.column('a')?.[198]).toBeNaN()
    expect(columns.column('b')?.[198]).toBe(199)
    expect(columns.column('b')?.[1]).toBeNaN()
    expect(columns.steps.at(-1)).toBe(200)
  })

  it('hands out the rows from a step on, with the metrics logged there only', () => {
    const rows: MetricsRow[] = [
      { step: 1, time: 10, values: { a: 1, early: 5 } },
      { step: 3, time: 11, values: { a: 2 } },
      { step: 4, time: 12, values: { a: 3, b: 7 } },
    ]
    const columns = MetricColumns.fromRows(rows)
    expect([columns.indexOfStep(0), columns.indexOfStep(2), columns.indexOfStep(3), columns.indexOfStep(9)]).toEqual([0, 1, 1, 3])
    const from = columns.rowsFrom(columns.indexOfStep(2))
    expect(from).toEqual(rowsToColumns(rows.slice(1)))
    expect([...from.columns.keys()]).toEqual(['a', 'b'])
  })

  it('refuses rows out of step order', () => {
    const columns = MetricColumns.fromRows([{ step: 3, time: 0, values: {} }])
    expect(() => columns.append([{ step: 3, time: 0, values: {} }])).toThrow(/step 3 does not follow step 3/)
  })
})

describe('iterationRows', () => {
  it('keeps one row per step (the later line of a repeated step), in step order, without the SFT progress rows', () => {
    const rows: MetricsRow[] = [
      { step: 0, time: 0, values: { 'sft/loss': 2, 'sft/step': 10 } },
      { step: 0, time: 1, values: { 'sft/loss': 1, 'sft/step': 20 } },
      { step: 1, time: 2, values: { a: 1 } },
      { step: 2, time: 3, values: { a: 2 } },
      { step: 3, time: 4, values: { a: 3 } },
      // resumed from the checkpoint at step 1: steps 2 and 3 written again
      { step: 2, time: 5, values: { a: 20 } },
      { step: 3, time: 6, values: { a: 30 } },
    ]
    expect(iterationRows(rows).map((r) => [r.step, r.time])).toEqual([[1, 2], [2, 5], [3, 6]])
  })

  it('keeps the starting model\'s validation at step 0, apart from the SFT rows around it', () => {
    const rows: MetricsRow[] = [
      { step: 0, time: 0, values: { 'sft/loss': 2, 'sft/step': 10 } },
      { step: 0, time: 1, values: { 'val/acc': 0.4, 'val/acc_se': 0.05 } },
      { step: 0, time: 1.5, values: { 'sft/loss': 1, 'sft/step': 20 } },
      { step: 1, time: 2, values: { 'val/acc': 0.5 } },
    ]
    const kept = iterationRows(rows)
    expect(kept).toEqual([
      { step: 0, time: 1, values: { 'val/acc': 0.4, 'val/acc_se': 0.05 } },
      { step: 1, time: 2, values: { 'val/acc': 0.5 } },
    ])
    const columns = MetricColumns.fromRows(kept)
    expect(columns.column('sft/loss')).toBeUndefined()
    expect(Array.from(columns.column('val/acc') ?? [])).toEqual([0.4, 0.5])
  })
})
