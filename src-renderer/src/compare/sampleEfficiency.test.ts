import { describe, expect, it } from 'vitest'
import { LAPTOP_PRESET, type RlConfig } from '../../../src-preload/contract/rl-config'
import type { MetricsRow } from '../../../src-preload/contract/schemas'
import { MetricColumns } from '../charts/metricColumns'
import { groupRunsByConfig } from './groupRuns'
import { compareGroups, defaultPairing, reachRows, suggestedThreshold, type ReachRun } from './sampleEfficiency'

/** A reward curve that climbs linearly to `1` over `iterations`, 2 s per iteration. */
function climbing(iterations: number, length = 40): MetricsRow[] {
  return Array.from({ length }, (_, i) => ({
    step: i + 1,
    time: 0,
    values: { 'critic/score/mean': Math.min(1, (i + 1) / iterations), 'train/wall_time': 2 * (i + 1) },
  }))
}
const run = (id: string, patch: Partial<RlConfig>, rows: MetricsRow[]): ReachRun => ({
  id,
  name: id,
  config: { ...LAPTOP_PRESET, ...patch },
  columns: MetricColumns.fromRows(rows),
})
const raw = { smoothing: 'none' as const, smoothingWeight: 0.6 }

describe('sample efficiency readout', () => {
  const runs = [
    run('p1', { seed: 1 }, climbing(10)),
    run('p2', { seed: 2 }, climbing(20)),
    run('b1', { seed: 1, algorithm: 'rloo' }, climbing(30)),
    run('b2', { seed: 2, algorithm: 'rloo' }, climbing(40)),
  ]
  const groups = groupRunsByConfig(runs)

  it('finds when each run reached the level and pairs PRIME with the baseline by seed', () => {
    const rows = reachRows(groups, 'critic/score/mean', 0.5, raw)
    expect(rows.map((r) => [r.runId, r.seed, r.reach?.iteration, r.reach?.wallTime])).toEqual([
      ['p1', 1, 5, 10],
      ['p2', 2, 10, 20],
      ['b1', 1, 15, 30],
      ['b2', 2, 20, 40],
    ])
    const pairing = defaultPairing(groups)
    expect(pairing).toEqual({ prime: groups[0]?.key, baseline: groups[1]?.key })
    const result = compareGroups(rows, pairing.prime!, pairing.baseline!)
    expect(result.iterations).toEqual({ median: 2.5, min: 2, max: 3, n: 2 })
    expect(result.wallTime).toEqual({ median: 2.5, min: 2, max: 3, n: 2 })
  })

  it('suggests the highest level every run reached', () => {
    const short = [run('a', { seed: 1 }, climbing(10, 5)), run('b', { seed: 1, algorithm: 'rloo' }, climbing(10, 8))]
    expect(suggestedThreshold(short, 'critic/score/mean', raw)).toBeCloseTo(0.5)
  })

  it('marks runs that do not log the metric', () => {
    const rows = reachRows(groups, 'val/acc', 0.5, raw)
    expect(rows.every((r) => !r.logged && r.reach === null)).toBe(true)
  })

  it('pairs the first two groups of runs that have no algorithm', () => {
    const smoke = (id: string, matrixSize: number) => ({ id, config: { kind: 'engine-smoke', matrixSize } })
    const g = groupRunsByConfig([smoke('a', 32), smoke('b', 64)])
    expect(defaultPairing(g)).toEqual({ prime: g[0]?.key, baseline: g[1]?.key })
    expect(defaultPairing(groupRunsByConfig([smoke('a', 32)]))).toEqual({ prime: g[0]?.key, baseline: null })
  })
})
