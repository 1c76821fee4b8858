import { describe, expect, it } from 'vitest'
import { binomialHalfCdf, signTest } from './sign-test'

describe('the exact sign test', () => {
  it('gives the binomial tail computed by hand', () => {
    expect(binomialHalfCdf(2, 10)).toBeCloseTo((1 + 10 + 45) / 1024, 14)
    expect(binomialHalfCdf(0, 5)).toBeCloseTo(1 / 32, 14)
    expect(binomialHalfCdf(5, 5)).toBe(1)
    expect(binomialHalfCdf(-1, 5)).toBe(0)
  })

  it('five of five pairs one way: p = 2/32, the smallest five seeds can give', () => {
    expect(signTest([1, 2, 3, 4, 5])).toEqual({ above: 5, below: 0, ties: 0, p: 0.0625 })
    expect(signTest([-0.1, -2, -3, -4, -5]).p).toBe(0.0625)
  })

  it('leaves ties out and caps the two-sided p at 1', () => {
    // 2 above, 1 below, 1 tie: n = 3, p = 2·P(X ≤ 1) = 2·4/8 = 1.
    expect(signTest([1, -1, 2, 0])).toEqual({ above: 2, below: 1, ties: 1, p: 1 })
    // 5 above, 1 below: 2·(1 + 6)/64.
    expect(signTest([3, 4, 5, 6, -1, 7]).p).toBeCloseTo(14 / 64, 14)
    expect(signTest([]).p).toBe(1)
    expect(signTest([0, 0]).p).toBe(1)
  })

  it('tests against another centre (e.g. a ratio of 1)', () => {
    expect(signTest([0.5, 0.7, 1.2], 1)).toEqual({ above: 1, below: 2, ties: 0, p: 1 })
  })

  it('refuses a value that is not a number', () => {
    expect(() => signTest([1, Number.NaN])).toThrow(/finite number, got NaN/)
  })
})
