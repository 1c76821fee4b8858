import { describe, expect, it } from 'vitest'
import { pairedInterval } from './paired-interval'

describe('the paired t-interval', () => {
  it('matches a hand computation with 5 pairs (t_{0.975,4} = 2.776445)', () => {
    // mean 3, s = √(10/4) = 1.5811388, se = s/√5 = 0.7071068, half-width 2.776445·0.7071068 = 1.9632432.
    const r = pairedInterval([1, 2, 3, 4, 5])!
    expect(r.n).toBe(5)
    expect(r.mean).toBe(3)
    expect(r.sd).toBeCloseTo(1.5811388, 7)
    expect(r.se).toBeCloseTo(0.7071068, 7)
    expect(r.t).toBeCloseTo(2.776445, 6)
    expect(r.lo).toBeCloseTo(1.0367568, 6)
    expect(r.hi).toBeCloseTo(4.9632432, 6)
  })

  it('is wide with 2 pairs (t_{0.975,1} = 12.706)', () => {
    // mean −0.1, s = 0.2828427, se = 0.2, half-width 12.706205·0.2 = 2.541241.
    const r = pairedInterval([0.1, -0.3])!
    expect(r.mean).toBeCloseTo(-0.1, 14)
    expect(r.lo).toBeCloseTo(-2.641241, 6)
    expect(r.hi).toBeCloseTo(2.441241, 6)
  })

  it('takes another confidence level', () => {
    // t_{0.95,4} = 2.131847: 3 ± 1.5074.
    const r = pairedInterval([1, 2, 3, 4, 5], 0.9)!
    expect(r.hi! - r.mean).toBeCloseTo(2.131847 * 0.7071068, 5)
  })

  it('has a mean but no interval for one pair, and nothing for none', () => {
    expect(pairedInterval([0.4])).toEqual({ n: 1, mean: 0.4, sd: null, se: null, t: null, confidence: 0.95, lo: null, hi: null })
    expect(pairedInterval([])).toBeNull()
  })

  it('gives a zero-width interval when every pair agrees exactly', () => {
    const r = pairedInterval([0.2, 0.2, 0.2])!
    expect(r.sd).toBeCloseTo(0, 15)
    expect(r.hi! - r.lo!).toBeCloseTo(0, 14)
    expect(r.lo).toBeCloseTo(0.2, 15)
  })

  it('refuses bad input', () => {
    expect(() => pairedInterval([1, Infinity])).toThrow(/finite number, got Infinity/)
    expect(() => pairedInterval([1, 2], 1)).toThrow(/confidence must be in \(0, 1\)/)
  })
})
