import { describe, expect, it } from 'vitest'
import { LAPTOP_PRESET } from '../../../../src-preload/contract/rl-config'
import { METRIC_PANELS } from '../../../../src-preload/contract/metrics'
import type { MetricsRow, RunConfig } from '../../../../src-preload/contract/schemas'
import { PHASE_METRICS, meanPhaseTimings, panelSeries, panelsFor, phaseTimings, shownMetrics } from './live-metrics'
import { mergeRow, runMetrics, type RunMetrics } from './run-metrics'

const row = (step: number, time: number, values: Record<string, number>): MetricsRow => ({ step, time, values })
const sft = (sftStep: number, time: number) => row(0, time, { 'sft/loss': 3 - sftStep / 100, 'sft/step': sftStep })
/** The rows as the Runs view holds them once streamed. */
const streamed = (rows: MetricsRow[]): RunMetrics => rows.reduce(mergeRow, runMetrics())

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

describe('shownMetrics', () => {
  it('holds every curve of every panel an RL run can show, the standard errors beside them and the timings', () => {
    const shown = shownMetrics(LAPTOP_PRESET) ?? []
    const everyName = new Set(METRIC_PANELS.flatMap((panel) => panel.metrics as string[]))
    const drawn = panelsFor(LAPTOP_PRESET, everyName, true).filter((panel) => panel.x === null).flatMap((panel) => panel.metrics)
    expect(shown).toEqual(expect.arrayContaining([...drawn, 'val/acc_se', ...PHASE_METRICS]))
    expect(shown).not.toContain('actor/pg_loss')
  })

  it('is every metric for a run whose metrics the view lists (verl, an engine check)', () => {
    expect(shownMetrics({ kind: 'engine-smoke', steps: 1, matrixSize: 1, stepDelayMs: 0 })).toBeNull()
  })
})

describe('panelSeries', () => {
  it('takes the iteration as x, or the named metric, and skips rows without the value', () => {
    const metrics = streamed([sft(10, 1), sft(20, 2), row(0, 2.5, { 'val/acc': 0.25 }), row(1, 3, { 'val/acc': 0.5 }), row(2, 4, { other: 1 }), row(3, 5, { 'val/acc': 0.7 })])
    const [val] = panelSeries(metrics, { title: 'v', metrics: ['val/acc'], references: 0, x: null, xName: 'iteration' })
    expect(val?.metric).toBe('val/acc')
    expect([...(val?.xs ?? [])]).toEqual([0, 1, 3])
    expect([...(val?.ys ?? [])]).toEqual([0.25, 0.5, 0.7])
    const [loss] = panelSeries(metrics, { title: 's', metrics: ['sft/loss'], references: 0, x: 'sft/step', xName: 'SFT step' })
    expect([...(loss?.xs ?? [])]).toEqual([10, 20])
    expect([...(loss?.ys ?? [])]).toEqual([2.9, 2.8])
  })
})

describe('phase timings', () => {
  const timed = (step: number, rollout: number, prm: number, policy: number) =>
    row(step, step, { 'timing/rollout': rollout, 'timing/verify': 0, 'timing/prm': prm, 'timing/policy': policy, 'timing/other': 0 })

  it('splits an iteration into the share of each phase', () => {
    const segments = phaseTimings(timed(1, 2, 1, 1))!
    expect(segments.map((s) => [s.phase, s.fraction])).toEqual([['rollout', 0.5], ['verify', 0], ['prm', 0.25], ['policy', 0.25], ['other', 0]])
    expect(phaseTimings(sft(10, 1))).toBeNull()
  })

  it('averages over the iterations that report timings', () => {
    const noVerify = row(3, 3, { 'timing/rollout': 6, 'timing/policy': 3 })
    const mean = meanPhaseTimings(streamed([sft(10, 1), timed(1, 2, 1, 1), timed(2, 4, 1, 3), row(3, 2.5, { 'val/acc': 1 })]))!
    expect(mean.find((s) => s.phase === 'rollout')?.seconds).toBe(3)
    expect(mean.find((s) => s.phase === 'policy')?.seconds).toBe(2)
    // A phase a timed row did not log counts 0 there; a row without timings does not count.
    const withGap = meanPhaseTimings(streamed([timed(1, 3, 2, 0), noVerify]))!
    expect(withGap.map((s) => [s.phase, s.seconds])).toEqual([['rollout', 4.5], ['verify', 0], ['prm', 1], ['policy', 1.5], ['other', 0]])
    expect(meanPhaseTimings(streamed([sft(1, 1)]))).toBeNull()
  })
})
