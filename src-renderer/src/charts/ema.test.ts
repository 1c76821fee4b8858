import { describe, expect, it } from 'vitest'
import { ema } from './ema'

describe('ema (TensorBoard-style, debiased)', () => {
  it('is the identity at weight 0', () => {
    expect(ema([3, -1, 7.5], 0)).toEqual([3, -1, 7.5])
  })

  it('debiases the start: a constant series stays constant', () => {
    for (const v of ema([5, 5, 5, 5, 5], 0.9)) expect(v).toBeCloseTo(5, 12)
  })

  it('matches the recurrence written out by hand', () => {
    const w = 0.6
    // raw accumulators: a1 = 0.4·1, a2 = 0.6·a1 + 0.4·3, a3 = 0.6·a2 + 0.4·2; divided by 1 − w^k
    const a1 = 0.4 * 1
    const a2 = w * a1 + 0.4 * 3
    const a3 = w * a2 + 0.4 * 2
    const out = ema([1, 3, 2], w)
    expect(out[0]).toBeCloseTo(a1 / (1 - w), 12)
    expect(out[1]).toBeCloseTo(a2 / (1 - w ** 2), 12)
    expect(out[2]).toBeCloseTo(a3 / (1 - w ** 3), 12)
  })

  it('passes non-finite values through without letting them into the average', () => {
    const out = ema([1, Number.NaN, 1], 0.5)
    expect(out[0]).toBe(1)
    expect(out[1]).toBeNaN()
    expect(out[2]).toBeCloseTo(1, 12)
  })

  it('rejects a weight outside [0, 1)', () => {
    expect(() => ema([1], 1)).toThrow(/weight must be in \[0, 1\)/)
    expect(() => ema([1], -0.1)).toThrow(/weight/)
  })
})
