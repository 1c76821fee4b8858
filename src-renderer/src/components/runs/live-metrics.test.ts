import { describe, expect, it } from 'vitest'
import { LAPTOP_PRESET } from '../../../../src-preload/contract/rl-config'
import { METRIC_PANELS } from '../../../../src-preload/contract/metrics'
import type { MetricsRow, RunConfig } from '../../../../src-preload/contract/schemas'
import { latestWith, meanPhaseTimings, mergeRow, metricNames, panelSeries, panelsFor, phaseTimings } from './live-metrics'

const row = (step: number, time: number, values: Record<string, number>): MetricsRow => ({ step, time, values })
const sft = (sftStep: number, time: number) => row(0, time, { 'sft/loss': 3 - sftStep / 100, 'sft/step': sftStep })

describe('mergeRow', () => {
  it('appends new iterations and keeps every SFT row although they share step 0', () => {
    let rows: readonly MetricsRow[] = []
    rows = mergeRow(rows, sft(10, 1))
    rows = mergeRow(rows, sft(20, 2))
    rows = mergeRow(rows, row(1, 3, { 'critic/score/mean': 0.2 }))
    rows = mergeRow(rows, row(2, 4, { 'critic/score/mean': 0.3 }))
    expect(rows.map((r) => [r.step, r.time])).toEqual([[0, 1], [0, 2], [1, 3], [2, 4]])
  })

  it('ignores a row it already holds (read from disk and streamed) and returns the same array', () => {
    const rows = [row(1, 3, { a: 1 })]
    expect(mergeRow(rows, row(1, 3, { a: 1 }))).toBe(rows)
  })

  it('drops the iterations a resumed run trains again', () => {
    const rows = [sft(10, 1), row(1, 2, { a: 1 }), row(2, 3, { a: 2 }), row(3, 4, { a: 3 }), row(4, 5, { a: 4 })]
    // Checkpoint at iteration 2: the resumed trainer reports iteration 3 again.
    const merged = mergeRow(rows, row(3, 10, { a: 30 }))
    expect(merged.map((r) => [r.step, r.time])).toEqual([[0, 1], [1, 2], [2, 3], [3, 10]])
  })
})

describe('panelsFor', () => {
  const prime: RunConfig = LAPTOP_PRESET
  const rloo: RunConfig = { ...LAPTOP_PRESET, algorithm: 'rloo' }
  const titles = (config: RunConfig, names: string[], active: boolean) => panelsFor(config, new Set(names), active).map((p) => p.title)

  it('keeps a place for every panel the algorithm fills while the run is going, the SFT loss first', () => {
    expect(titles(prime, [], true)).toEqual(['SFT warm start loss', ...METRIC_PANELS.map((p) => p.title)])
    const noWarmStart: RunConfig = { ...LAPTOP_PRESET, sft: { ...LAPTOP_PRESET.sft, steps: 0 } }
    expect(titles(noWarmStart, [], true)).toEqual(METRIC_PANELS.map((p) => p.title))
    expect(titles(rloo, [], true)).not.toContain('PRM')
    // RLOO has no process reward: only its credit is localised; the surprisal control has both.
    expect(titles(rloo, [], true)).toContain('Step localisation: policy-gradient credit')
    expect(titles(rloo, [], true)).not.toContain('Step localisation: process reward s/Z')
    expect(titles({ ...LAPTOP_PRESET, algorithm: 'dense-surprisal' }, [], true)).toEqual(expect.arrayContaining(['Step localisation: process reward s/Z']))
    expect(titles({ ...LAPTOP_PRESET, algorithm: 'dense-surprisal' }, [], true)).not.toContain('PRM')
  })

  it('draws each localisation curve beside the reference surprisal and chance, and says what it measures', () => {
    const [credit] = panelsFor(rloo, new Set(['step_validity/credit/top1']), false)
    expect(credit).toMatchObject({
      title: 'Step localisation: policy-gradient credit',
      metrics: ['step_validity/credit/top1', 'step_validity/ref_surprisal/top1', 'step_validity/chance_top1'],
      references: 2,
    })
    expect(credit?.note).toMatch(/per-token advantage the policy gradient received.*Dashed: reference surprisal.*dotted: chance/)
    // References alone do not make a panel: a stopped RLOO run logs them but no process reward.
    expect(titles(rloo, ['step_validity/ref_surprisal/top1', 'step_validity/chance_top1'], false)).toEqual([])
  })

  it('shows only panels with data once the run has stopped, SFT last', () => {
    expect(titles(prime, ['critic/score/mean', 'sft/loss', 'sft/step'], false)).toEqual(['SFT warm start loss', 'Reward'])
    expect(titles(prime, ['critic/score/mean'], false)).toEqual(['Reward'])
    expect(titles(prime, [], false)).toEqual([])
  })

  it('has no panels for a run that is not RL', () => {
    expect(panelsFor({ kind: 'engine-smoke', steps: 1, matrixSize: 1, stepDelayMs: 0 }, new Set(['x']), true)).toEqual([])
  })
})

describe('panelSeries', () => {
  it('takes the iteration as x, or the named metric, and skips rows without the value', () => {
    const rows = [sft(10, 1), sft(20, 2), row(1, 3, { 'val/acc': 0.5 }), row(2, 4, {}), row(3, 5, { 'val/acc': 0.7 })]
    const [val] = panelSeries(rows, { title: 'v', metrics: ['val/acc'], references: 0, x: null, xName: 'iteration' })
    expect(val).toEqual({ metric: 'val/acc', xs: [1, 3], ys: [0.5, 0.7] })
    const [loss] = panelSeries(rows, { title: 's', metrics: ['sft/loss'], references: 0, x: 'sft/step', xName: 'SFT step' })
    expect(loss?.xs).toEqual([10, 20])
    expect(loss?.ys).toEqual([2.9, 2.8])
  })
})

describe('phase timings', () => {
  const timed = (rollout: number, prm: number, policy: number) =>
    row(1, 1, { 'timing/rollout': rollout, 'timing/verify': 0, 'timing/prm': prm, 'timing/policy': policy, 'timing/other': 0 })

  it('splits an iteration into the share of each phase', () => {
    const segments = phaseTimings(timed(2, 1, 1))!
    expect(segments.map((s) => [s.phase, s.fraction])).toEqual([['rollout', 0.5], ['verify', 0], ['prm', 0.25], ['policy', 0.25], ['other', 0]])
    expect(phaseTimings(sft(10, 1))).toBeNull()
  })

  it('averages over the iterations that report timings', () => {
    const mean = meanPhaseTimings([sft(10, 1), timed(2, 1, 1), timed(4, 1, 3)])!
    expect(mean.find((s) => s.phase === 'rollout')?.seconds).toBe(3)
    expect(mean.find((s) => s.phase === 'policy')?.seconds).toBe(2)
    expect(meanPhaseTimings([sft(1, 1)])).toBeNull()
  })
})

describe('metricNames / latestWith', () => {
  it('collects names and finds the last row holding a metric', () => {
    const rows = [row(1, 1, { a: 1, b: 2 }), row(2, 2, { a: 3 })]
    expect([...metricNames(rows)].sort()).toEqual(['a', 'b'])
    expect(latestWith(rows, 'b')?.step).toBe(1)
    expect(latestWith(rows, 'a')?.step).toBe(2)
    expect(latestWith(rows, 'c')).toBeUndefined()
  })
})
