import { describe, expect, it } from 'vitest'
import { ema } from '../charts/ema'
import { commonThreshold, reachTime } from './reach'

describe('reachTime', () => {
  const series = { steps: [1, 2, 3, 4, 5], wallTimes: [10, 20, 30, 40, 50], values: [0.1, 0.2, 0.6, 0.3, 0.7] }

  it('returns the iteration and wall time of the first point at the threshold', () => {
    expect(reachTime(series, 0.6)).toEqual({ iteration: 3, wallTime: 30 })
    expect(reachTime(series, 0.65)).toEqual({ iteration: 5, wallTime: 50 })
    expect(reachTime(series, 0.9)).toBeNull()
  })

  it('handles lower-is-better metrics', () => {
    expect(reachTime({ ...series, values: [5, 4, 2, 1, 0] }, 2, false)).toEqual({ iteration: 3, wallTime: 30 })
  })

  it('reaches later on the smoothed curve than on a raw curve with one lucky spike', () => {
    // Debiased EMA (weight 0.6) of these values: 0, 0.5, 0.245, 0.408, 0.491, 0.537, …
    const raw = { steps: [1, 2, 3, 4, 5, 6], wallTimes: [1, 2, 3, 4, 5, 6], values: [0, 0.8, 0, 0.6, 0.6, 0.6] }
    expect(reachTime(raw, 0.52)?.iteration).toBe(2)
    expect(reachTime({ ...raw, values: ema(raw.values, 0.6) }, 0.52)?.iteration).toBe(6)
  })

  it('rejects a non-finite threshold', () => {
    expect(() => reachTime(series, Number.NaN)).toThrow(/threshold/)
  })
})

describe('commonThreshold', () => {
  it('is the lowest peak, so every curve reaches it', () => {
    const curves = [[0.1, 0.9, 0.5], [0.2, 0.4], [Number.NaN, 0.6]]
    const t = commonThreshold(curves)
    expect(t).toBe(0.4)
    for (const values of curves) expect(reachTime({ steps: values.map((_, i) => i), wallTimes: values.map(() => 0), values }, t!)).not.toBeNull()
    expect(commonThreshold([[3, 1], [4, 2]], false)).toBe(2)
    expect(commonThreshold([[], [Number.NaN]])).toBeNull()
  })
})
