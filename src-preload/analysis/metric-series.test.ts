import { describe, expect, it } from 'vitest'
import type { MetricsRow } from '../contract/schemas'
import { MetricColumns } from './metric-columns'
import { atLogged, axisColumn, axisRange, extractMetric, loggedCount, wallTimeSource, type MetricSeries } from './metric-series'

const row = (step: number, time: number, values: Record<string, number>): MetricsRow => ({ step, time, values })
/** The series as plain arrays, for readable comparisons. */
const plain = (s: MetricSeries) => ({ steps: [...s.steps], samples: [...s.samples], wallTimes: [...s.wallTimes], values: [...s.values] })

describe('extractMetric', () => {
  it('keeps only rows that logged the metric, with every x axis aligned', () => {
    const rows = [
      row(1, 1000, { 'critic/score/mean': 0.1, 'train/samples_seen': 64, 'train/wall_time': 2 }),
      row(2, 1005, { 'train/samples_seen': 128, 'train/wall_time': 4 }),
      row(3, 1009, { 'critic/score/mean': 0.3, 'train/samples_seen': 192, 'train/wall_time': 6 }),
    ]
    const s = extractMetric(MetricColumns.fromRows(rows), 'critic/score/mean')
    expect(plain(s)).toEqual({ steps: [1, 3], samples: [64, 192], wallTimes: [2, 6], values: [0.1, 0.3] })
  })

  it('gives every row an x on each axis, 0 for the starting model on samples and time', () => {
    const columns = MetricColumns.fromRows([
      row(0, 990, { 'val/acc': 0.2 }),
      row(1, 1000, { 'train/samples_seen': 64, 'train/wall_time': 2 }),
      row(2, 1005, { 'train/wall_time': 4 }),
    ])
    expect([...axisColumn(columns, 'iteration')]).toEqual([0, 1, 2])
    expect([...axisColumn(columns, 'samples')]).toEqual([0, 64, Number.NaN])
    expect([...axisColumn(columns, 'time')]).toEqual([0, 2, 4])
  })

  it('falls back to row timestamps for runs without train/wall_time, and NaN for missing samples', () => {
    const rows = [row(1, 1000, { step_ms: 3 }), row(2, 1000.5, { step_ms: 4 })]
    const columns = MetricColumns.fromRows(rows)
    expect(wallTimeSource(columns)).toBe('timestamps')
    const s = extractMetric(columns, 'step_ms')
    expect([...s.wallTimes]).toEqual([0, 0.5])
    expect(s.samples.every(Number.isNaN)).toBe(true)
  })

  it('puts the starting model (step 0) at no samples and no training time on every axis', () => {
    const rows = [row(0, 990, { 'val/acc': 0.4 }), row(1, 1000, { 'val/acc': 0.5, 'train/samples_seen': 64, 'train/wall_time': 2 })]
    const s = extractMetric(MetricColumns.fromRows(rows), 'val/acc')
    expect(plain(s)).toEqual({ steps: [0, 1], samples: [0, 64], wallTimes: [0, 2], values: [0.4, 0.5] })
  })

  it('is empty for a metric the run does not log', () => {
    expect(plain(extractMetric(MetricColumns.fromRows([row(1, 0, { a: 1 })]), 'b'))).toEqual({ steps: [], samples: [], wallTimes: [], values: [] })
  })
})

describe('atLogged', () => {
  const nan = Number.NaN
  it('reads one stretch of logged rows (after SFT rows that logged none) in place, and copies scattered ones', () => {
    const source = Float64Array.of(10, 11, 12, 13, 14)
    const stretch = Float64Array.of(nan, nan, 1, 2, 3)
    const inPlace = atLogged(source, stretch, loggedCount(stretch))
    expect([...inPlace]).toEqual([12, 13, 14])
    expect(inPlace.buffer).toBe(source.buffer)
    const scattered = Float64Array.of(nan, 1, nan, 2, nan)
    const copied = atLogged(source, scattered, loggedCount(scattered))
    expect([...copied]).toEqual([11, 13])
    expect(copied.buffer).not.toBe(source.buffer)
    expect([...atLogged(source, Float64Array.of(1, nan, nan, nan, 2), 2)]).toEqual([10, 14])
    expect(atLogged(source, Float64Array.of(nan, nan, nan, nan, nan), 0).length).toBe(0)
  })
})

describe('axisRange', () => {
  it('spans every row of the run on the axis, whatever metric a row logged', () => {
    const columns = MetricColumns.fromRows([
      row(2, 1000, { a: 1, 'train/samples_seen': 64, 'train/wall_time': 2 }),
      row(3, 1004, { b: 1, 'train/samples_seen': 128, 'train/wall_time': 5 }),
      row(9, 1010, { a: 2, 'train/samples_seen': 192, 'train/wall_time': 9 }),
    ])
    expect(axisRange(columns, 'iteration')).toEqual([2, 9])
    expect(axisRange(columns, 'samples')).toEqual([64, 192])
    expect(axisRange(columns, 'time')).toEqual([2, 9])
  })

  it('uses the timestamps when the run has no wall time of its own, and has no range where it has no x', () => {
    const columns = MetricColumns.fromRows([row(1, 1000, { a: 1 }), row(2, 1003.5, { a: 2 })])
    expect(axisRange(columns, 'time')).toEqual([0, 3.5])
    expect(axisRange(columns, 'samples')).toBeNull()
    expect(axisRange(new MetricColumns(), 'iteration')).toBeNull()
  })
})
