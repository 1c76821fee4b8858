import { describe, expect, it } from 'vitest'
import { LAPTOP_PRESET, type Algorithm } from '../contract/rl-config'
import type { MetricsRow } from '../contract/schemas'
import {
  DEFAULT_EFFICIENCY_OPTIONS,
  algorithmPairings,
  compareGroups,
  defaultPairing,
  describeComparison,
  describeEfficiency,
  describeSpread,
  efficiencyTable,
  ratioFigures,
  reachFigures,
  type EfficiencyRun,
} from './efficiency'
import { MetricColumns } from './metric-columns'
import { seedGroups } from './seed-groups'

const REWARD = 'rollout/acc_before_filter'

/** Rewards at step = 1, 2, …, with `secondsPerIteration` of wall time per iteration. */
function run(id: string, algorithm: Algorithm, seed: number, rewards: readonly number[], secondsPerIteration = 10, patch: object = {}): EfficiencyRun {
  const rows = rewards.map((reward, i): MetricsRow => ({ step: i + 1, time: 0, values: { [REWARD]: reward, 'train/wall_time': secondsPerIteration * (i + 1) } }))
  return { id, name: id, config: { ...LAPTOP_PRESET, algorithm, seed, ...patch }, columns: MetricColumns.fromRows(rows) }
}
const raw = { ...DEFAULT_EFFICIENCY_OPTIONS, smoothing: { kind: 'none' } as const }
/** A curve that climbs linearly to 1 over `iterations`, then stays. */
const climbing = (iterations: number, length = 40) => Array.from({ length }, (_, i) => Math.min(1, (i + 1) / iterations))

describe('sample efficiency of PRIME against a baseline', () => {
  // Seed 1: PRIME twice as fast. Seed 2: the baseline never gets there. r1-lr: another learning rate.
  const fast = [0.2, 0.6, 1, 1, 1, 1, 1, 1]
  const slow = [0.1, 0.2, 0.3, 0.6, 0.9, 1, 1, 1]
  const flat = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]
  const runs = [
    run('p1', 'prime', 1, fast),
    run('r1', 'rloo', 1, slow),
    run('p2', 'prime', 2, fast),
    run('r2', 'rloo', 2, flat),
    run('r1-lr', 'rloo', 1, slow, 10, { policy: { ...LAPTOP_PRESET.policy, lr: 1e-3 } }),
  ]
  const groups = seedGroups(runs)

  it('counts iterations and wall time to a level, and pairs runs by seed within fair comparisons only', () => {
    const table = efficiencyTable(groups, { ...raw, level: 0.6 })
    expect(table.rows.map((r) => [r.runId, r.reach?.iteration ?? null, r.reach?.wallTime ?? null])).toEqual([
      ['p1', 2, 20],
      ['p2', 2, 20],
      ['r1', 4, 40],
      ['r2', null, null],
      ['r1-lr', 4, 40],
    ])
    const pairings = algorithmPairings(groups)
    expect(pairings).toEqual([{ prime: groups[0]!.key, baseline: groups[1]!.key }])
    const comparison = compareGroups(table, pairings[0]!.prime, pairings[0]!.baseline)
    expect(comparison.pairs).toEqual([
      { seed: 1, primeRunId: 'p1', baselineRunId: 'r1', iterations: 2, wallTime: 2 },
      { seed: 2, primeRunId: 'p2', baselineRunId: 'r2', iterations: null, wallTime: null },
    ])
    expect(comparison.iterations).toEqual({ median: 2, min: 2, max: 2, n: 1 })
    expect(describeSpread(comparison.iterations)).toEqual({ ratio: '2.00×', range: '1 seed pair' })
  })

  it('defaults the level to the lowest final value, and says so', () => {
    const table = efficiencyTable(groups, raw)
    expect(table.level).toBeCloseTo(0.1, 12)
    expect(table.levelIsDefault).toBe(true)
    expect(describeEfficiency(table)).toBe(
      "Iterations to reach: the first iteration at which a run's rollout accuracy (before filter) (rollout/acc_before_filter), smoothed (no smoothing), is ≥ 0.1 (the lowest final smoothed value among the runs).",
    )
    expect(describeEfficiency(efficiencyTable(groups, { ...DEFAULT_EFFICIENCY_OPTIONS, level: 0.6 }))).toMatch(/smoothed \(EMA, weight 0\.60\), is ≥ 0\.6 \(the level asked for\)\.$/)
    const primeOnly = seedGroups(runs.filter((r) => r.id.startsWith('p')))
    expect(algorithmPairings(primeOnly)).toEqual([])
    expect(efficiencyTable(primeOnly, raw).level).toBe(1)
  })

  it('reports the median and range of the per-seed ratios, iterations and wall time independently', () => {
    const spread = [
      run('p1', 'prime', 1, climbing(10), 1),
      run('p2', 'prime', 2, climbing(20), 1),
      run('p3', 'prime', 3, climbing(10), 1),
      run('b3', 'rloo', 3, climbing(40), 2),
      run('b1', 'rloo', 1, climbing(25), 2),
      run('b2', 'rloo', 2, climbing(30), 2),
    ]
    const g = seedGroups(spread)
    const comparison = compareGroups(efficiencyTable(g, { ...raw, level: 1 }), g[0]!.key, g[1]!.key)
    expect(comparison.pairs.map((p) => [p.seed, p.iterations, p.wallTime])).toEqual([[1, 2.5, 5], [2, 1.5, 3], [3, 4, 8]])
    expect(comparison.iterations).toEqual({ median: 2.5, min: 1.5, max: 4, n: 3 })
    expect(comparison.wallTime).toEqual({ median: 5, min: 3, max: 8, n: 3 })
    expect(describeSpread(comparison.iterations)).toEqual({ ratio: '2.50×', range: 'median of 3 seed pairs, range 1.50–4.00×' })
  })

  it('lists seeds without a partner, and has no ratio when no seed is shared', () => {
    const g = seedGroups([run('p1', 'prime', 1, climbing(5)), run('p5', 'prime', 5, climbing(5)), run('b1', 'rloo', 1, climbing(10)), run('b7', 'rloo', 7, climbing(10))])
    const table = efficiencyTable(g, { ...raw, level: 1 })
    expect(compareGroups(table, g[0]!.key, g[1]!.key).unpaired).toEqual({ prime: [5], baseline: [7] })
    expect(describeComparison(compareGroups(table, g[0]!.key, g[1]!.key), 'prime', 'rloo')).toBe(
      'Ratio = rloo ÷ prime, seed by seed (config.seed): above 1×, prime reached the level sooner. Unpaired runs (seed): 5, 7.',
    )
    const none = seedGroups([run('p1', 'prime', 1, climbing(5)), run('b2', 'rloo', 2, climbing(5))])
    const noPairs = compareGroups(efficiencyTable(none, raw), none[0]!.key, none[1]!.key)
    expect(noPairs.pairs).toEqual([])
    expect(describeComparison(noPairs, 'prime', 'rloo')).toMatch(/sooner\. These groups share no seed: run the baseline with the same seeds to get a ratio\.$/)
    expect(describeSpread(noPairs.iterations)).toEqual({ ratio: '—', range: 'no seed pair reached the level' })
  })

  it('marks runs that do not log the metric', () => {
    const table = efficiencyTable(groups, { ...raw, metric: 'val/acc' })
    expect(table.level).toBeNull()
    expect(table.rows.every((r) => !r.logged && r.reach === null && r.final === null)).toBe(true)
    expect(describeEfficiency(table)).toBe('No run logged the validation accuracy (greedy) (val/acc).')
  })
})

describe('which groups a view compares first', () => {
  it('opens with the first fair algorithm comparison, else PRIME against another algorithm, else the first two groups', () => {
    const fair = seedGroups([run('b', 'rloo', 1, [0]), run('p', 'prime', 1, [0])])
    expect(defaultPairing(fair)).toEqual({ prime: fair[1]!.key, baseline: fair[0]!.key })
    const unfair = seedGroups([run('p', 'prime', 1, [0]), run('b', 'rloo', 1, [0], 10, { iterations: 80 })])
    expect(algorithmPairings(unfair)).toEqual([])
    expect(defaultPairing(unfair)).toEqual({ prime: unfair[0]!.key, baseline: unfair[1]!.key })
    const smoke = (id: string, matrixSize: number) => ({ id, config: { kind: 'engine-smoke', matrixSize } })
    const g = seedGroups([smoke('a', 32), smoke('b', 64)])
    expect(defaultPairing(g)).toEqual({ prime: g[0]!.key, baseline: g[1]!.key })
    expect(defaultPairing(seedGroups([smoke('a', 32)]))).toEqual({ prime: g[0]!.key, baseline: null })
  })
})

describe('figures as readouts write them', () => {
  it('writes a run’s reach and final value, saying why a run has none', () => {
    const g = seedGroups([run('p', 'prime', 3, [0.2, 0.5, 0.9], 4.25), run('b', 'rloo', 3, [0.1, 0.2, 0.3], 61)])
    const table = efficiencyTable(g, { ...raw, level: 0.5 })
    expect(table.rows.map(reachFigures)).toEqual([
      { seed: '3', final: '0.9', iterations: '2', wallTime: '8.5s' },
      { seed: '3', final: '0.3', iterations: 'not reached', wallTime: '—' },
    ])
    expect(reachFigures({ ...table.rows[0]!, seed: null, logged: false, final: null, reach: null })).toEqual({ seed: '—', final: '—', iterations: 'not logged', wallTime: '—' })
    expect(ratioFigures({ seed: 3, primeRunId: 'p', baselineRunId: 'b', iterations: 1.5, wallTime: null })).toEqual({ seed: '3', iterations: '1.50×', wallTime: '—' })
  })
})
