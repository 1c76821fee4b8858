import { describe, expect, it } from 'vitest'
import { LAPTOP_PRESET } from '../../src-preload/contract/rl-config'
import { comparisonKey, differingSettings, flattenSettings, seedGroupKey } from './config-diff'

describe('config differences', () => {
  it('flattens nested settings to dotted paths, arrays and nulls as values', () => {
    expect([...flattenSettings({ b: { y: 2, x: [1, 2] }, a: null })]).toEqual([
      ['a', 'null'],
      ['b.x', '[1,2]'],
      ['b.y', '2'],
    ])
  })

  it('lists only the settings that differ, including ones some configs lack', () => {
    const differing = differingSettings([
      { seed: 1, policy: { lr: 1e-4, clip: 0.2 } },
      { seed: 2, policy: { lr: 1e-4, clip: 0.2 } },
      { seed: 1, policy: { lr: 1e-4, clip: 0.2 }, extra: true },
    ])
    expect(differing).toEqual([
      { path: 'extra', values: [undefined, undefined, 'true'] },
      { path: 'seed', values: ['1', '2', '1'] },
    ])
    expect(differingSettings([{ a: 1 }, { a: 1 }])).toEqual([])
  })

  it('keys comparisons without algorithm and seed, seed groups without seed', () => {
    const prime = { ...LAPTOP_PRESET, algorithm: 'prime' as const, seed: 1 }
    const rloo = { ...LAPTOP_PRESET, algorithm: 'rloo' as const, seed: 2 }
    expect(comparisonKey(prime)).toBe(comparisonKey(rloo))
    expect(comparisonKey(prime)).not.toBe(comparisonKey({ ...prime, policy: { ...prime.policy, lr: 1 } }))
    expect(seedGroupKey(prime)).toBe(seedGroupKey({ ...prime, seed: 9 }))
    expect(seedGroupKey(prime)).not.toBe(seedGroupKey(rloo))
  })
})
