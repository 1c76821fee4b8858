import { describe, expect, it } from 'vitest'
import { DEFAULT_SMOOTHING, describeSmoothing, ema, parseSmoothing, smooth } from './smoothing'

describe('ema (TensorBoard-style, debiased)', () => {
  it('is the identity at weight 0', () => {
    expect([...ema([3, -1, 7.5], 0)]).toEqual([3, -1, 7.5])
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

describe('smoothing options', () => {
  it('smooths by kind, and names the kind and weight as every readout shows them', () => {
    expect([...smooth([0, 1], { kind: 'none' })]).toEqual([0, 1])
    expect(smooth([0, 1], { kind: 'ema', weight: 0.5 })).toEqual(ema([0, 1], 0.5))
    expect(describeSmoothing(DEFAULT_SMOOTHING)).toBe('EMA, weight 0.60')
    expect(describeSmoothing({ kind: 'none' })).toBe('no smoothing')
  })

  it('parses the CLI form, rejecting what it cannot read', () => {
    expect(parseSmoothing('none')).toEqual({ kind: 'none' })
    expect(parseSmoothing('ema')).toEqual({ kind: 'ema', weight: 0.6 })
    expect(parseSmoothing('ema:0.9')).toEqual({ kind: 'ema', weight: 0.9 })
    for (const bad of ['ema:1', 'ema:', 'ema:x', 'mean:5', 'none:1', 'ema:0.5:1']) expect(() => parseSmoothing(bad)).toThrow(/expected none, ema or ema:W/)
  })
})
