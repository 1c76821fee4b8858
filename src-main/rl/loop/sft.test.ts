import { describe, expect, it } from 'vitest'
import { LAPTOP_PRESET, type RlConfig } from '../../../src-preload/contract/rl-config'
import { SYNTHETIC_TASKS } from '../../tasks/synthetic'
import { demonstrations, sftKey } from './sft'

const arith = SYNTHETIC_TASKS['arith-chain']!
const config = (misconception: number): RlConfig => ({ ...LAPTOP_PRESET, task: { ...LAPTOP_PRESET.task, level: 2, misconception } })

describe('SFT demonstrations with a misconception', () => {
  it('follow the misconception in a seeded fraction ρ of demonstrations, and are otherwise right', () => {
    const set = demonstrations(config(0.5), arith)
    const share = set.filter((d) => d.misconceived).length / set.length
    expect(share).toBeGreaterThan(0.45)
    expect(share).toBeLessThan(0.55)
    for (const d of set.filter((d) => !d.misconceived)) expect(arith.verify(d.text, d.problem.answer).score).toBe(1)
    // Some misconceived ones (those that needed a borrow) are wrong, and the same seed gives the same set.
    expect(set.some((d) => d.misconceived && arith.verify(d.text, d.problem.answer).score === 0)).toBe(true)
    expect(demonstrations(config(0.5), arith)).toEqual(set)
    expect(demonstrations(config(0), arith).every((d) => !d.misconceived)).toBe(true)
  })

  it('gives a misconceived SFT its own cache entry, but shares one across validation sizes', () => {
    expect(sftKey(config(0.5))).not.toBe(sftKey(config(0)))
    expect(sftKey({ ...config(0), task: { ...config(0).task, validationSize: 64 } })).toBe(sftKey(config(0)))
  })

  it('refuses a misconception the task does not have', () => {
    expect(() => demonstrations(config(0.5), SYNTHETIC_TASKS.fractions!)).toThrow(/fractions has no misconception/)
  })
})
