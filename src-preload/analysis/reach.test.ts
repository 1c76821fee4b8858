import { describe, expect, it } from 'vitest'
import type { MetricsRow } from '../contract/schemas'
import { MetricColumns } from './metric-columns'
import { defaultLevel, finalValue, higherIsBetter, reachOf, smoothedSeries } from './reach'
import { ema } from './smoothing'

/** One row per value, step = 1, 2, …, 10 s of wall time per iteration. */
function columns(values: readonly number[], metric = 'rollout/acc_before_filter'): MetricColumns {
  return MetricColumns.fromRows(values.map((value, i): MetricsRow => ({ step: i + 1, time: 1000 + i, values: { [metric]: value, 'train/wall_time': 10 * (i + 1) } })))
}
const raw = { kind: 'none' } as const

describe('reaching a level', () => {
  it('finds the first iteration, and its wall time, at which the curve is at or beyond the level', () => {
    const series = smoothedSeries(columns([0.1, 0.2, 0.6, 0.3, 0.7]), 'rollout/acc_before_filter', raw)
    expect(reachOf(series, 0.6, true)).toEqual({ iteration: 3, wallTime: 30 })
    expect(reachOf(series, 0.65, true)).toEqual({ iteration: 5, wallTime: 50 })
    expect(reachOf(series, 0.9, true)).toBeNull()
    expect(reachOf(smoothedSeries(columns([5, 4, 2, 1, 0], 'loss'), 'loss', raw), 2, false)).toEqual({ iteration: 3, wallTime: 30 })
    expect(() => reachOf(series, Number.NaN, true)).toThrow(/level must be a finite number/)
  })

  it('reaches later on the smoothed curve than on a raw curve with one lucky batch', () => {
    const values = [0, 0.8, 0, 0.6, 0.6, 0.6]
    // Debiased EMA (weight 0.6) of these values: 0, 0.5, 0.245, 0.408, 0.491, 0.537, …
    expect(smoothedSeries(columns(values), 'rollout/acc_before_filter', { kind: 'ema', weight: 0.6 }).values).toEqual(ema(values, 0.6))
    expect(reachOf(smoothedSeries(columns(values), 'rollout/acc_before_filter', raw), 0.52, true)?.iteration).toBe(2)
    expect(reachOf(smoothedSeries(columns(values), 'rollout/acc_before_filter', { kind: 'ema', weight: 0.6 }), 0.52, true)?.iteration).toBe(6)
  })

  it('uses time since the first row for runs that do not log train/wall_time', () => {
    const rows: MetricsRow[] = [0.2, 0.9].map((v, i) => ({ step: i + 1, time: 500 + 4 * i, values: { step_ms: v } }))
    expect(reachOf(smoothedSeries(MetricColumns.fromRows(rows), 'step_ms', raw), 0.5, true)).toEqual({ iteration: 2, wallTime: 4 })
  })
})

describe('the default level', () => {
  it('is the lowest final smoothed value among the runs, so every run reaches it', () => {
    const smoothing = { kind: 'ema', weight: 0.6 } as const
    const runs = [[0.2, 0.5, 0.9, 0.4], [0.1, 0.3, 0.6, 0.8], []].map((v) => smoothedSeries(columns(v), 'rollout/acc_before_filter', smoothing))
    const level = defaultLevel(runs, true)
    expect(level).toBe(Math.min(finalValue(runs[0]!)!, finalValue(runs[1]!)!))
    for (const run of runs.slice(0, 2)) expect(reachOf(run, level!, true)).not.toBeNull()
    // The first run peaked at 0.9 but fell back: its final smoothed value, not its peak, sets the level.
    expect(level).toBeCloseTo(ema([0.2, 0.5, 0.9, 0.4], 0.6)[3]!, 12)
    expect(finalValue(runs[2]!)).toBeNull()
    expect(defaultLevel([runs[2]!], true)).toBeNull()
  })

  it('is the highest final value when lower is better', () => {
    const runs = [[5, 3], [4, 1]].map((v) => smoothedSeries(columns(v, 'loss'), 'loss', raw))
    expect(defaultLevel(runs, false)).toBe(3)
  })

  it('counts higher as better unless the contract’s metric table says otherwise', () => {
    expect(higherIsBetter('rollout/acc_before_filter')).toBe(true)
    expect(higherIsBetter('some/unlisted')).toBe(true)
  })
})
