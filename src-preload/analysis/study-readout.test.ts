import { describe, expect, it } from 'vitest'
import { LAPTOP_PRESET, type Algorithm } from '../contract/rl-config'
import type { MetricsRow } from '../contract/schemas'
import { GATE_A, GATE_B } from './gates'
import { MetricColumns } from './metric-columns'
import { DEFAULT_STUDY_OPTIONS, type StudyRun } from './paired-study'
import { seedGroups } from './seed-groups'
import { describeArmAccuracy, studyReadout } from './study-readout'

const REWARD = 'rollout/acc_before_filter'
const raw = { ...DEFAULT_STUDY_OPTIONS, smoothing: { kind: 'none' } as const }

/** Rewards at iterations 1..n; the gate metrics at iteration 1 (and PRIME's held-out ranking at 10); accuracies at the end. */
function run(algorithm: Algorithm, seed: number, rewards: readonly number[], val: number): StudyRun {
  const rows = rewards.map((reward, i): MetricsRow => {
    const step = i + 1
    const values: Record<string, number> = { [REWARD]: reward }
    if (step === 1) Object.assign(values, { [GATE_A.metric]: 0.9, [GATE_A.chance]: 0.3 })
    if (step === 2 && algorithm === 'prime') values[GATE_B.metric] = 0.8
    if (step === rewards.length) Object.assign(values, { 'val/acc': val, 'val/acc_se': 0.02, 'test/acc': val - 0.01, 'test/acc_se': 0.03 })
    return { step, time: step, values }
  })
  return { id: `${algorithm}-${seed}`, name: `${algorithm} s${seed}`, config: { ...LAPTOP_PRESET, algorithm, seed }, columns: MetricColumns.fromRows(rows) }
}

describe('the study readout', () => {
  // Every seed: PRIME reaches RLOO's final 0.4 at iteration 2 of 4 (ratio 0.5), its mean reward is 0.1 higher; the
  // surprisal control matches RLOO exactly.
  const rloo = [0.1, 0.2, 0.3, 0.4]
  const prime = [0.1, 0.4, 0.5, 0.4]
  const runs = [1, 2, 3].flatMap((seed) => [run('prime', seed, prime, 0.4 + seed / 100), run('rloo', seed, rloo, 0.3), run('dense-surprisal', seed, rloo, 0.3)])
  const readout = studyReadout(seedGroups(runs), raw)

  it('states its options', () => {
    expect(readout.description).toContain('the mean raw rollout accuracy (before filter) (rollout/acc_before_filter) over iterations 1..N')
    expect(readout.description).toContain('smoothed (no smoothing)')
    expect(readout.description).toContain('95% paired t-interval')
  })

  it('compares PRIME with RLOO, with the control, and the control with RLOO, seed by seed', () => {
    expect(readout.comparisons.map((c) => c.title)).toEqual(['prime vs rloo', 'prime vs dense-surprisal', 'dense-surprisal vs rloo'])
    const [vsRloo, , controlVsRloo] = readout.comparisons
    expect(vsRloo!.pairs[0]).toEqual({
      seed: '1',
      armRun: 'prime s1',
      baselineRun: 'rloo s1',
      iterations: '4',
      armAuc: '0.35',
      baselineAuc: '0.25',
      aucDifference: '+0.1',
      level: '0.4',
      baselineReach: '4',
      armReach: '2',
      reachRatio: '0.50×',
    })
    // Three equal pairs: a zero-width interval; all three one way gives p = 2/8.
    expect(vsRloo!.reach).toBe('0.50× geometric mean (95% CI [0.50×, 0.50×]); arm sooner in 3, later in 0 of 3 pairs; sign test p = 0.25')
    expect(vsRloo!.auc).toBe('+0.1 (95% CI [+0.1, +0.1]); arm higher in 3, lower in 0 of 3 pairs; sign test p = 0.25')
    expect(vsRloo!.verdict).toContain('sooner, the interval excluding 1. It meets the goal: ≤ 0.6× with the interval excluding 1.')
    expect(controlVsRloo!.reach).toBe('1.00× geometric mean (95% CI [1.00×, 1.00×]); arm sooner in 0, later in 0 of 3 pairs, 3 ties; sign test p = 1')
    expect(readout.comparisons[1]!.verdict).toContain('prime beats the surprisal control.')
  })

  it('shows each arm’s accuracies with their standard errors', () => {
    const primeArm = readout.arms.find((a) => a.label === 'prime')!
    // Final val/acc 0.41, 0.42, 0.43: mean 0.42, SE 0.01/√3 · √1 = 0.00577; each run ± 0.02.
    expect(primeArm).toMatchObject({ runs: 3, validation: '0.42 ± 0.00577 (3 runs; each ± 0.02)', test: '0.41 ± 0.00577 (3 runs; each ± 0.03)' })
  })

  it('states the gates before the verdict, and says what a failed gate predicts', () => {
    expect(readout.gates.map((g) => [g.id, g.passed])).toEqual([
      ['A', false],
      ['B', true],
    ])
    expect(readout.verdict).toMatch(/^Gate A failed \(0\.857 against 0\.5\); Gate B passed \(0\.8 against 0\.7\)\. Because Gate A failed, PRIME ≈ RLOO is the expected outcome here: /)
  })

  it('has nothing to say without a comparison', () => {
    const alone = studyReadout(seedGroups([run('rloo', 1, rloo, 0.3)]), raw)
    expect(alone).toMatchObject({ gates: [], arms: [], comparisons: [], verdict: '' })
  })

  it('writes a single run’s accuracy without a spread across runs', () => {
    expect(describeArmAccuracy([{ value: 0.5, se: 0.02 }, null])).toBe('0.5 (1 run; each ± 0.02)')
    expect(describeArmAccuracy([])).toBe('—')
  })
})
