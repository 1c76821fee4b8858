import { describe, expect, it } from 'vitest'
import { LAPTOP_PRESET, type RlConfig } from '../contract/rl-config'
import { seedGroups, seedOf } from './seed-groups'

const run = (id: string, patch: Partial<RlConfig>) => ({ id, config: { ...LAPTOP_PRESET, ...patch } })

describe('seedGroups', () => {
  it('puts seeds of one config together and names groups by what differs', () => {
    const runs = [
      run('p1', { seed: 1 }),
      run('b1', { seed: 1, algorithm: 'rloo' }),
      run('p2', { seed: 2 }),
      run('b2', { seed: 2, algorithm: 'rloo' }),
      run('p3', { seed: 3 }),
    ]
    const groups = seedGroups(runs)
    expect(groups.map((g) => [g.label, g.runs.map((r) => r.id)])).toEqual([
      ['prime', ['p1', 'p2', 'p3']],
      ['rloo', ['b1', 'b2']],
    ])
  })

  it('labels by other fields as path=value and falls back to the algorithm when one group remains', () => {
    const groups = seedGroups([run('a', { seed: 1 }), run('b', { seed: 1, iterations: 80 })])
    expect(groups.map((g) => g.label)).toEqual(['iterations=40', 'iterations=80'])
    expect(seedGroups([run('a', { seed: 1 }), run('b', { seed: 9 })]).map((g) => g.label)).toEqual(['prime'])
  })

  it('groups any run kind, naming a lone group by its kind', () => {
    const smoke = (id: string, matrixSize: number) => ({ id, config: { kind: 'engine-smoke', steps: 10, matrixSize, stepDelayMs: 0 } })
    const groups = seedGroups([smoke('a', 32), smoke('b', 64), smoke('c', 32)])
    expect(groups.map((g) => [g.label, g.runs.map((r) => r.id)])).toEqual([
      ['matrixSize=32', ['a', 'c']],
      ['matrixSize=64', ['b']],
    ])
    expect(seedGroups([smoke('a', 32)])[0]?.label).toBe('engine-smoke')
  })

  it('reads a run’s seed, null for runs without one', () => {
    expect(seedOf({ ...LAPTOP_PRESET, seed: 4 })).toBe(4)
    expect(seedOf({ kind: 'engine-smoke' })).toBeNull()
  })
})
