import { describe, expect, it } from 'vitest'
import { rowsToColumns } from '../../../../src-preload/contract/metric-columns-wire'
import type { MetricsRow } from '../../../../src-preload/contract/schemas'
import { columnsToRows } from '../../db/columnar-rows'
import { lastRowWith, mergeRow, metricNames, metricPoints, rowTimes, rowTotal, runMetrics, type RunMetrics } from './run-metrics'

const row = (step: number, time: number, values: Record<string, number>): MetricsRow => ({ step, time, values })
const sft = (sftStep: number, time: number) => row(0, time, { 'sft/loss': 3 - sftStep / 100, 'sft/step': sftStep })
const merged = (metrics: RunMetrics, rows: MetricsRow[]) => rows.reduce(mergeRow, metrics)
/** Every row held, step 0's first, as row objects. */
const rowsOf = (metrics: RunMetrics) => [...metrics.start, ...columnsToRows(metrics.iterations)]
const stepsAndTimes = (metrics: RunMetrics) => rowsOf(metrics).map((r) => [r.step, r.time])

describe('mergeRow', () => {
  it('appends new iterations and keeps every SFT row although they share step 0', () => {
    const metrics = merged(runMetrics(), [sft(10, 1), sft(20, 2), row(1, 3, { 'critic/score/mean': 0.2 }), row(2, 4, { 'critic/score/mean': 0.3 })])
    expect(stepsAndTimes(metrics)).toEqual([[0, 1], [0, 2], [1, 3], [2, 4]])
    expect(rowTotal(metrics)).toBe(4)
  })

  it('ignores a row it already holds (read from disk and streamed) and returns the same object', () => {
    const read = runMetrics([sft(10, 1)], rowsToColumns([row(1, 3, { a: 1 }), row(2, 4, { a: 2 })]))
    expect(mergeRow(read, row(1, 3, { a: 1 }))).toBe(read)
    expect(mergeRow(read, sft(10, 1))).toBe(read)
    const streamed = mergeRow(read, row(3, 5, { a: 3 }))
    expect(mergeRow(streamed, row(3, 5, { a: 3 }))).toBe(streamed)
  })

  it('drops the iterations a resumed run trains again', () => {
    const metrics = merged(runMetrics(), [sft(10, 1), row(1, 2, { a: 1 }), row(2, 3, { a: 2 }), row(3, 4, { a: 3 }), row(4, 5, { a: 4 })])
    // Checkpoint at iteration 2: the resumed trainer reports iteration 3 again.
    const resumed = mergeRow(metrics, row(3, 10, { a: 30 }))
    expect(stepsAndTimes(resumed)).toEqual([[0, 1], [1, 2], [2, 3], [3, 10]])
    expect(rowsOf(resumed).at(-1)?.values).toEqual({ a: 30 })
  })

  it('starts over after the warm start when the starting model is validated again', () => {
    const metrics = merged(runMetrics(), [sft(10, 1), row(0, 2, { 'val/acc': 0.1 }), row(1, 3, { a: 1 })])
    expect(stepsAndTimes(mergeRow(metrics, row(0, 9, { 'val/acc': 0.2 })))).toEqual([[0, 1], [0, 9]])
  })

  it('writes streamed rows after the columns read from disk, NaN where a row lacks a metric', () => {
    const read = runMetrics([], rowsToColumns([row(1, 1, { a: 1, b: 2 }), row(2, 2, { a: 3, b: 4 })]))
    const metrics = merged(read, [row(3, 3, { a: 5 }), row(4, 4, { a: 6, c: 7 })])
    expect(rowsOf(metrics)).toEqual([row(1, 1, { a: 1, b: 2 }), row(2, 2, { a: 3, b: 4 }), row(3, 3, { a: 5 }), row(4, 4, { a: 6, c: 7 })])
    expect([...(metrics.iterations.columns.get('c') ?? [])]).toEqual([Number.NaN, Number.NaN, Number.NaN, 7])
  })

  it('never changes what it handed out before: rows go past the end of earlier views, a cut copies', () => {
    let metrics = runMetrics()
    const snapshots: [RunMetrics, MetricsRow[]][] = []
    // Past the first room (64 rows) and its growth, with a resume in the middle and a metric that appears late.
    for (let step = 1; step <= 150; step++) {
      metrics = mergeRow(metrics, row(step, step, { a: step, ...(step > 100 ? { late: -step } : {}) }))
      if (step === 120) metrics = mergeRow(metrics, row(90, 1000, { a: -90 }))
      snapshots.push([metrics, rowsOf(metrics)])
    }
    for (const [snapshot, rows] of snapshots) expect(rowsOf(snapshot)).toEqual(rows)
    expect(rowTotal(metrics)).toBe(90 + 30)
    // The stream after the resume continued from iteration 121 on: the rows held are 1–90, then 121–150.
    expect(rowsOf(metrics).slice(88, 92).map((r) => r.step)).toEqual([89, 90, 121, 122])
  })
})

describe('readers', () => {
  const metrics = merged(runMetrics([sft(10, 1), sft(20, 2), row(0, 3, { 'val/acc': 0.2 })], rowsToColumns([row(1, 4, { a: 1, 'val/acc': 0.5 }), row(2, 5, { a: Number.NaN }), row(3, 6, { a: 3 })])), [
    row(4, 7, { a: Number.POSITIVE_INFINITY, b: 1 }),
  ])

  it('names every metric some row logged', () => {
    expect([...metricNames(metrics)].sort()).toEqual(['a', 'b', 'sft/loss', 'sft/step', 'val/acc'])
    // A metric whose every value was cut away by a resume is no longer named.
    expect(metricNames(mergeRow(metrics, row(4, 8, { a: 4 }))).has('b')).toBe(false)
  })

  it('gives a metric’s finite points against the step or another metric, step 0 first', () => {
    const points = (metric: string, x: string | null) => {
      const { xs, ys } = metricPoints(metrics, metric, x)
      return [[...xs], [...ys]]
    }
    expect(points('val/acc', null)).toEqual([[0, 1], [0.2, 0.5]])
    expect(points('a', null)).toEqual([[1, 3], [1, 3]])
    expect(points('sft/loss', 'sft/step')).toEqual([[10, 20], [2.9, 2.8]])
    expect(points('missing', null)).toEqual([[], []])
  })

  it('finds the last row that logged any of some metrics, as a row', () => {
    expect(lastRowWith(metrics, ['val/acc'])).toEqual(row(1, 4, { a: 1, 'val/acc': 0.5 }))
    expect(lastRowWith(metrics, ['sft/step'])).toEqual(sft(20, 2))
    expect(lastRowWith(metrics, ['b', 'sft/step'])?.step).toBe(4)
    expect(lastRowWith(metrics, ['missing'])).toBeUndefined()
  })

  it('lists every row’s time', () => {
    expect(rowTimes(metrics)).toEqual([1, 2, 3, 4, 5, 6, 7])
  })
})
