import { describe, expect, it } from 'vitest'
import { LAPTOP_PRESET, type RlConfig } from '../../../src-preload/contract/rl-config'
import { groupRunsByConfig, stableStringify } from './groupRuns'

const run = (id: string, patch: Partial<RlConfig>) => ({ id, config: { ...LAPTOP_PRESET, ...patch } })

describe('groupRunsByConfig', () => {
  it('puts seeds of one config together and names groups by what differs', () => {
    const runs = [
      run('p1', { seed: 1 }),
      run('b1', { seed: 1, algorithm: 'rloo' }),
      run('p2', { seed: 2 }),
      run('b2', { seed: 2, algorithm: 'rloo' }),
      run('p3', { seed: 3 }),
    ]
    const groups = groupRunsByConfig(runs)
    expect(groups.map((g) => [g.label, g.runs.map((r) => r.id)])).toEqual([
      ['prime', ['p1', 'p2', 'p3']],
      ['rloo', ['b1', 'b2']],
    ])
  })

  it('labels by other fields as path=value and falls back to the algorithm when one group remains', () => {
    const groups = groupRunsByConfig([run('a', { seed: 1 }), run('b', { seed: 1, iterations: 80 })])
    expect(groups.map((g) => g.label)).toEqual(['iterations=40', 'iterations=80'])
    expect(groupRunsByConfig([run('a', { seed: 1 }), run('b', { seed: 9 })]).map((g) => g.label)).toEqual(['prime'])
  })

  it('groups any run kind, naming a lone group by its kind', () => {
    const smoke = (id: string, matrixSize: number) => ({ id, config: { kind: 'engine-smoke', steps: 10, matrixSize, stepDelayMs: 0 } })
    const groups = groupRunsByConfig([smoke('a', 32), smoke('b', 64), smoke('c', 32)])
    expect(groups.map((g) => [g.label, g.runs.map((r) => r.id)])).toEqual([
      ['matrixSize=32', ['a', 'c']],
      ['matrixSize=64', ['b']],
    ])
    expect(groupRunsByConfig([smoke('a', 32)])[0]?.label).toBe('engine-smoke')
  })

  it('ignores key order when comparing configs', () => {
    expect(stableStringify({ b: 1, a: { d: 2, c: 3 } })).toBe(stableStringify({ a: { c: 3, d: 2 }, b: 1 }))
  })
})
