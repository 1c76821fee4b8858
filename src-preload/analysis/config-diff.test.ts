import { describe, expect, it } from 'vitest'
import { LAPTOP_PRESET } from '../contract/rl-config'
import { configDiff, flattenConfig, formatSettingValue, stableStringify } from './config-diff'

describe('configDiff', () => {
  it('lists only the dotted paths that differ, in config order', () => {
    const a = { ...LAPTOP_PRESET, seed: 1 }
    const b = { ...LAPTOP_PRESET, seed: 2, algorithm: 'rloo' as const, policy: { ...LAPTOP_PRESET.policy, lr: 3e-4 } }
    expect(configDiff([a, b, a])).toEqual([
      { path: 'algorithm', values: ['prime', 'rloo', 'prime'] },
      { path: 'seed', values: [1, 2, 1] },
      { path: 'policy.lr', values: [1e-4, 3e-4, 1e-4] },
    ])
  })

  it('is empty for identical configs and for a single config', () => {
    expect(configDiff([LAPTOP_PRESET, structuredClone(LAPTOP_PRESET)])).toEqual([])
    expect(configDiff([LAPTOP_PRESET])).toEqual([])
  })

  it('reports a path that only some configs have, across run kinds', () => {
    const smoke = { kind: 'engine-smoke', steps: 200, matrixSize: 32, stepDelayMs: 0 }
    const diff = configDiff([smoke, { ...smoke, matrixSize: 64 }, { kind: 'rl', seed: 3 }])
    expect(diff.map((d) => d.path)).toEqual(['kind', 'steps', 'matrixSize', 'stepDelayMs', 'seed'])
    expect(diff.find((d) => d.path === 'seed')?.values).toEqual([undefined, undefined, 3])
  })

  it('compares arrays and null as leaves', () => {
    expect(configDiff([{ a: [1, 2], b: null }, { a: [1, 2], b: null }])).toEqual([])
    expect(configDiff([{ a: [1, 2] }, { a: [2, 1] }])).toEqual([{ path: 'a', values: [[1, 2], [2, 1]] }])
  })

  it('flattens nested objects and formats cells', () => {
    expect([...flattenConfig({ x: { y: { z: 1 } }, w: 'a' })]).toEqual([['x.y.z', 1], ['w', 'a']])
    expect([formatSettingValue(undefined), formatSettingValue('prime'), formatSettingValue(1e-4), formatSettingValue(null)]).toEqual(['—', 'prime', '0.0001', 'null'])
  })

})

describe('stableStringify', () => {
  it('writes equal objects alike whatever their key order', () => {
    expect(stableStringify({ b: 1, a: { d: 2, c: 3 } })).toBe(stableStringify({ a: { c: 3, d: 2 }, b: 1 }))
  })
})
