import { describe, expect, it } from 'vitest'
import { LAPTOP_PRESET, type RlConfig } from '../../../src-preload/contract/rl-config'
import { SYNTHETIC_TASKS } from '../../tasks/synthetic'
import { BuiltinProblemSource } from './problems'
import { sftKey } from './sft'

const arith = SYNTHETIC_TASKS['arith-chain']!
const sizes = { validationSize: 16, testSize: 16 }
const demonstrations = (misconception: number) => new BuiltinProblemSource(arith, 2, 1, { ...sizes, misconception }).demonstrations(1, 4000)

describe('SFT demonstrations with a misconception', () => {
  it('follow the misconception in a seeded fraction ρ of demonstrations, and are otherwise right', () => {
    const set = demonstrations(0.5)
    const share = set.filter((d) => d.misconceived).length / set.length
    expect(share).toBeGreaterThan(0.45)
    expect(share).toBeLessThan(0.55)
    for (const d of set.filter((d) => !d.misconceived)) expect(arith.verify(d.response, d.problem.answer).score).toBe(1)
    // Some misconceived ones (those that needed a borrow) are wrong, and the same seed gives the same set.
    expect(set.some((d) => d.misconceived && arith.verify(d.response, d.problem.answer).score === 0)).toBe(true)
    expect(demonstrations(0.5)).toEqual(set)
    expect(demonstrations(0).every((d) => !d.misconceived)).toBe(true)
  })

  it('gives a misconceived SFT its own cache entry, but shares one across held-out sizes', () => {
    const config = (misconception: number, validationSize = 512): RlConfig => ({ ...LAPTOP_PRESET, task: { kind: 'builtin', name: 'arith-chain', level: 2, validationSize, testSize: 512, misconception } })
    expect(sftKey(config(0.5))).not.toBe(sftKey(config(0)))
    expect(sftKey(config(0, 64))).toBe(sftKey(config(0)))
  })

  it('refuses a misconception the task does not have', () => {
    expect(() => new BuiltinProblemSource(SYNTHETIC_TASKS.fractions!, 1, 1, { ...sizes, misconception: 0.5 })).toThrow(/fractions has no misconception/)
  })
})
