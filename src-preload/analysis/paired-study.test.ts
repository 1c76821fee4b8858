import { describe, expect, it } from 'vitest'
import { LAPTOP_PRESET, type Algorithm } from '../contract/rl-config'
import type { MetricsRow } from '../contract/schemas'
import { MetricColumns } from './metric-columns'
import { DEFAULT_STUDY_OPTIONS, studyComparison, studyPair, studyPairings, type StudyPair, type StudyRun } from './paired-study'
import { seedGroups } from './seed-groups'

const REWARD = 'rollout/acc_before_filter'
const raw = { ...DEFAULT_STUDY_OPTIONS, smoothing: { kind: 'none' } as const }

/** Rewards at iterations 1, 2, …; a step-0 row (SFT progress) that no figure may read. */
function run(id: string, algorithm: Algorithm, seed: number, rewards: readonly number[], patch: object = {}): StudyRun {
  const rows: MetricsRow[] = [{ step: 0, time: 0, values: { [REWARD]: 99 } }, ...rewards.map((reward, i): MetricsRow => ({ step: i + 1, time: i, values: { [REWARD]: reward } }))]
  return { id, name: id, config: { ...LAPTOP_PRESET, algorithm, seed, ...patch }, columns: MetricColumns.fromRows(rows) }
}

const scored = (pair: ReturnType<typeof studyPair>) => pair as StudyPair

describe('one seed pair', () => {
  it('AUC difference and reach ratio, worked by hand', () => {
    // AUC: arm (0.1+0.3+0.5+0.7)/4 = 0.4, baseline (0.1+0.2+0.3+0.4)/4 = 0.25. Level: the baseline's final 0.4,
    // which it reaches at b = 4; the arm reaches 0.4 at a = 3 (0.5 ≥ 0.4): ratio 3/4.
    const pair = scored(studyPair(1, run('a', 'prime', 1, [0.1, 0.3, 0.5, 0.7]), run('b', 'rloo', 1, [0.1, 0.2, 0.3, 0.4]), raw))
    expect(pair).toMatchObject({ seed: 1, armRunId: 'a', baselineRunId: 'b', iterations: 4, level: 0.4, baselineReach: 4, armReach: 3, reachRatio: 0.75, censored: false })
    expect(pair.armAuc).toBeCloseTo(0.4, 14)
    expect(pair.baselineAuc).toBeCloseTo(0.25, 14)
    expect(pair.aucDifference).toBeCloseTo(0.15, 14)
  })

  it('uses only the iterations both runs have', () => {
    // The arm trained 6 iterations, the baseline 3: N = 3, and the arm's iterations 4–6 count for nothing.
    const pair = scored(studyPair(1, run('a', 'prime', 1, [0.2, 0.2, 0.2, 1, 1, 1]), run('b', 'rloo', 1, [0.1, 0.3, 0.2]), raw))
    expect(pair.iterations).toBe(3)
    expect(pair.armAuc).toBeCloseTo(0.2, 14)
    // Level 0.2 (the baseline's value at 3), first reached by the baseline at 2, by the arm at 1.
    expect([pair.level, pair.baselineReach, pair.armReach, pair.reachRatio]).toEqual([0.2, 2, 1, 0.5])
  })

  it('keeps an arm that never reaches the level as censored, at its bound (N + 1) / b', () => {
    const pair = scored(studyPair(1, run('a', 'prime', 1, [0.1, 0.1, 0.1]), run('b', 'rloo', 1, [0.1, 0.2, 0.3]), raw))
    expect(pair).toMatchObject({ iterations: 3, level: 0.3, baselineReach: 3, armReach: null, censored: true })
    expect(pair.reachRatio).toBeCloseTo(4 / 3, 14)
  })

  it('tests the smoothed curves against the level, so one lucky batch does not count as reaching it', () => {
    const arm = run('a', 'prime', 1, [0, 0.6, 0, 0])
    const baseline = run('b', 'rloo', 1, [0.5, 0.5, 0.5, 0.5])
    // Raw: the arm touches 0.6 ≥ 0.5 at iteration 2; the baseline is at its level from iteration 1: ratio 2.
    expect(scored(studyPair(1, arm, baseline, raw)).reachRatio).toBe(2)
    // EMA 0.5: the arm's curve peaks at 0.3/0.75 = 0.4 < 0.5 and never gets there: censored, (4 + 1) / 1.
    const smoothed = scored(studyPair(1, arm, baseline, { ...raw, smoothing: { kind: 'ema', weight: 0.5 } }))
    expect(smoothed).toMatchObject({ censored: true, reachRatio: 5, baselineReach: 1 })
    // The AUC is over raw values whatever the smoothing.
    expect(smoothed.armAuc).toBeCloseTo(0.15, 14)
  })

  it('says why a pair has no figures', () => {
    const silent: StudyRun = { ...run('b', 'rloo', 1, []), name: 'rloo s1' }
    expect(studyPair(1, run('a', 'prime', 1, [0.1]), silent, raw)).toEqual({ seed: 1, reason: `rloo s1 logged no ${REWARD}` })
  })
})

describe('across seed pairs', () => {
  // Ratios 0.5 (seed 1), 1 (seed 2), 2 (seed 3): log ratios −ln 2, 0, ln 2 — a geometric mean of exactly 1.
  const runs = [
    run('p1', 'prime', 1, [0.1, 0.4, 0.4, 0.4]),
    run('r1', 'rloo', 1, [0.1, 0.1, 0.1, 0.4]), // level 0.4, b = 4; arm at 2
    run('p2', 'prime', 2, [0.3, 0.3]),
    run('r2', 'rloo', 2, [0.3, 0.3]), // level 0.3, b = 1, a = 1
    run('p3', 'prime', 3, [0.1, 0.2]),
    run('r3', 'rloo', 3, [0.2, 0.2]), // level 0.2, b = 1, a = 2
    run('p4', 'prime', 4, [0.9]), // no partner
    run('r5', 'rloo', 5, []), // no partner either
    run('s1', 'dense-surprisal', 1, [0.2, 0.2, 0.2, 0.2]),
    run('p1-lr', 'prime', 1, [1, 1, 1, 1], { policy: { ...LAPTOP_PRESET.policy, lr: 1e-3 } }),
  ]
  const groups = seedGroups(runs)
  const key = (id: string) => groups.find((g) => g.runs.some((r) => r.id === id))!.key

  it('summarises the ratios on the log scale and the AUC differences as they are', () => {
    const c = studyComparison(groups, key('p1'), key('r1'), raw)
    expect(c.pairs.map((p) => [p.seed, p.reachRatio])).toEqual([
      [1, 0.5],
      [2, 1],
      [3, 2],
    ])
    expect(c.reach.geometricMean).toBeCloseTo(1, 14)
    // Log ratios −ln 2, 0, ln 2: s = ln 2, se = ln 2/√3, t_{0.975,2} = 4.302653.
    expect(Math.log(c.reach.hi!)).toBeCloseTo((4.302653 * Math.LN2) / Math.sqrt(3), 5)
    expect(c.reach.signs).toEqual({ above: 1, below: 1, ties: 1, p: 1 })
    expect(c.reach.censored).toBe(0)
    // AUC differences: 0.325 − 0.175 = 0.15, 0, 0.15 − 0.2 = −0.05.
    expect(c.auc.interval!.mean).toBeCloseTo((0.15 + 0 - 0.05) / 3, 14)
    expect(c.auc.signs).toEqual({ above: 1, below: 1, ties: 1, p: 1 })
    expect(c.unpaired).toEqual({ arm: [4], baseline: [5] })
    expect(c.unscored).toEqual([])
  })

  it('pairs PRIME with RLOO and with the surprisal control, and the control with RLOO — never across settings', () => {
    expect(studyPairings(groups)).toEqual([
      { arm: key('p1'), baseline: key('r1') },
      { arm: key('p1'), baseline: key('s1') },
      { arm: key('s1'), baseline: key('r1') },
    ])
  })
})
