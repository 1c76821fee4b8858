import { describe, expect, it } from 'vitest'
import { LAPTOP_PRESET } from '../../src-preload/contract/rl-config'
import { defaultRewardThreshold, finalReward, iterationsToReach, median, reachOf, sampleEfficiency, trailingMean } from './efficiency'
import { syntheticMetrics, syntheticSummary } from './test-support/synthetic-runs'

const series = (values: number[]) => values.map((value, i) => ({ step: i + 1, value }))

describe('trailing means and reaching a reward', () => {
  it('averages each point with up to window - 1 points before it', () => {
    expect(trailingMean(series([1, 2, 3, 4]), 2).map((p) => p.value)).toEqual([1, 1.5, 2.5, 3.5])
    expect(trailingMean(series([1, 2, 3, 4]), 5).map((p) => p.value)).toEqual([1, 1.5, 2, 2.5])
    expect(() => trailingMean(series([1]), 0)).toThrow(/window must be an integer >= 1/)
  })

  it('finds the first iteration whose trailing mean reaches a reward', () => {
    const s = series([0.1, 0.2, 0.6, 0.7, 0.8, 0.9])
    expect(iterationsToReach(s, 0.5, 2)).toBe(4)
    expect(iterationsToReach(s, 0.5, 1)).toBe(3)
    expect(iterationsToReach(s, 0.95, 1)).toBeNull()
    // The default window of 5: one lucky batch does not count.
    expect(iterationsToReach(series([0, 0, 1, 0, 0, 0]), 0.5)).toBeNull()
  })

  it('takes the wall time at the iteration that reached the level', () => {
    const metrics = syntheticMetrics([0.2, 0.4, 0.6, 0.8, 1, 1])
    // trailing means: 0.2, 0.3, 0.4, 0.5, 0.6 → 0.5 first reached at iteration 4, wall time 40 s
    expect(reachOf(metrics, 0.5)).toEqual({ iteration: 4, wallTime: 40 })
    expect(reachOf(metrics, 0.9)).toBeNull()
    expect(finalReward(metrics)).toBeCloseTo((0.4 + 0.6 + 0.8 + 1 + 1) / 5, 12)
    expect(finalReward([])).toBeNull()
  })

  it('defaults the threshold to the lowest final reward, ignoring runs without rewards', () => {
    expect(defaultRewardThreshold([syntheticMetrics([0.5, 0.5]), syntheticMetrics([0.2, 0.4]), []])).toBeCloseTo(0.3, 12)
    expect(defaultRewardThreshold([[]])).toBeNull()
  })

  it('takes the median of an odd and an even count', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 2, 3])).toBe(2.5)
    expect(median([])).toBeNull()
  })
})

describe('sample efficiency of PRIME against a baseline', () => {
  // PRIME climbs twice as fast as RLOO on seed 1; on seed 2 RLOO never reaches the level.
  const fast = [0.2, 0.6, 1, 1, 1, 1, 1, 1]
  const slow = [0.1, 0.2, 0.3, 0.6, 0.9, 1, 1, 1]
  const flat = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]
  const runs = [
    { summary: syntheticSummary('p1', 'prime 1', { algorithm: 'prime', seed: 1 }), metrics: syntheticMetrics(fast) },
    { summary: syntheticSummary('r1', 'rloo 1', { algorithm: 'rloo', seed: 1 }), metrics: syntheticMetrics(slow) },
    { summary: syntheticSummary('p2', 'prime 2', { algorithm: 'prime', seed: 2 }), metrics: syntheticMetrics(fast) },
    { summary: syntheticSummary('r2', 'rloo 2', { algorithm: 'rloo', seed: 2 }), metrics: syntheticMetrics(flat) },
    // Same seed as p1 but another learning rate: not a fair pair for any ratio.
    { summary: syntheticSummary('r1-lr', 'rloo 1 lr', { algorithm: 'rloo', seed: 1, policy: { ...LAPTOP_PRESET.policy, lr: 1e-3 } }), metrics: syntheticMetrics(slow) },
  ]

  it('counts iterations and wall time to an explicit level and pairs runs by seed', () => {
    const result = sampleEfficiency(runs, 0.6)
    // trailing means (window 5): fast 0.2, 0.4, 0.6 → iteration 3; slow 0.1, 0.15, 0.2, 0.3, 0.42, 0.6 → iteration 6
    expect(result.rows.map((r) => [r.runId, r.reach?.iteration ?? null, r.reach?.wallTime ?? null])).toEqual([
      ['p1', 3, 30],
      ['r1', 6, 60],
      ['p2', 3, 30],
      ['r2', null, null],
      ['r1-lr', 6, 60],
    ])
    expect(result.comparisons).toHaveLength(1)
    const [comparison] = result.comparisons
    expect(comparison).toMatchObject({ prime: 'prime', baseline: 'rloo' })
    expect(comparison!.pairs).toEqual([
      { seed: 1, primeRunId: 'p1', baselineRunId: 'r1', iterations: 2, wallTime: 2 },
      { seed: 2, primeRunId: 'p2', baselineRunId: 'r2', iterations: null, wallTime: null },
    ])
    expect(comparison!.medianIterations).toBe(2)
  })

  it('uses the lowest final reward as the default level, and has no ratio without a baseline', () => {
    expect(sampleEfficiency(runs).threshold).toBeCloseTo(0.1, 12)
    const primeOnly = sampleEfficiency(runs.filter((r) => r.summary.id.startsWith('p')))
    expect(primeOnly.comparisons).toEqual([])
    expect(primeOnly.threshold).toBe(1)
  })
})
