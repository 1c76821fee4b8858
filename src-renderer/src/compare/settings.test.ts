import { describe, expect, it } from 'vitest'
import { defaultCompareSettings, readCompareSettings, smoothingOf } from './settings'

describe('compare settings', () => {
  it('defaults to iterations, EMA 0.6, grouped with a min–max band, and the training reward', () => {
    expect(defaultCompareSettings()).toEqual({
      xAxis: 'iteration',
      smoothing: 'ema',
      smoothingWeight: 0.6,
      grouped: true,
      band: 'minmax',
      otherMetrics: null,
      reachMetric: 'rollout/acc_before_filter',
      reachThreshold: null,
    })
  })

  it('keeps valid fields and defaults bad ones', () => {
    const read = readCompareSettings({ xAxis: 'time', smoothingWeight: 7, otherMetrics: ['step_ms'], reachThreshold: 'x' })
    expect(read.xAxis).toBe('time')
    expect(read.smoothingWeight).toBe(0.6)
    expect(read.otherMetrics).toEqual(['step_ms'])
    expect(read.reachThreshold).toBeNull()
    expect(readCompareSettings(undefined)).toEqual(defaultCompareSettings())
  })

  it('hands the analysis its smoothing, keeping the weight while smoothing is off', () => {
    expect(smoothingOf(defaultCompareSettings())).toEqual({ kind: 'ema', weight: 0.6 })
    expect(smoothingOf({ smoothing: 'none', smoothingWeight: 0.8 })).toEqual({ kind: 'none' })
  })
})
