import { describe, expect, it } from 'vitest'
import { defaultCompareSettings, groupingOf, readCompareSettings, smoothingOf } from './settings'

describe('compare settings', () => {
  it('defaults to iterations, EMA 0.6, grouped by config (logging-only settings left out) with a min–max band, and the training reward', () => {
    expect(defaultCompareSettings()).toEqual({
      xAxis: 'iteration',
      smoothing: 'ema',
      smoothingWeight: 0.6,
      grouped: true,
      groupBy: [],
      ignoreLoggingOnly: true,
      band: 'minmax',
      otherMetrics: null,
      customPanels: [],
      logPanels: [],
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

  it('reads panels of the user’s own and log scales, dropping a malformed panel list as a whole', () => {
    const read = readCompareSettings({ customPanels: [{ title: 'Losses', metrics: ['actor/pg_loss', 'reward_model/loss'] }], logPanels: ['Losses'] })
    expect(read.customPanels).toEqual([{ title: 'Losses', metrics: ['actor/pg_loss', 'reward_model/loss'] }])
    expect(read.logPanels).toEqual(['Losses'])
    expect(readCompareSettings({ customPanels: [{ title: '', metrics: [] }] }).customPanels).toEqual([])
  })

  it('hands the analysis its grouping: by chosen settings, else by config with or without the logging-only settings', () => {
    expect(groupingOf(defaultCompareSettings())).toEqual({ by: 'config', ignoreLoggingOnly: true })
    expect(groupingOf({ groupBy: [], ignoreLoggingOnly: false })).toEqual({ by: 'config', ignoreLoggingOnly: false })
    expect(groupingOf({ groupBy: ['algorithm', 'prm.beta'], ignoreLoggingOnly: true })).toEqual({ by: 'keys', keys: ['algorithm', 'prm.beta'] })
  })
})
