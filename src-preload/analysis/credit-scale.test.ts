import { describe, expect, it } from 'vitest'
import { creditShade, formatCredit, symmetricExtent } from './credit-scale'

describe('credit scale', () => {
  it('is symmetric around 0: equal |value| gives equal strength on opposite poles', () => {
    expect(creditShade(0.3, 0.6)).toEqual({ pole: 'positive', strength: 0.5 })
    expect(creditShade(-0.3, 0.6)).toEqual({ pole: 'negative', strength: 0.5 })
    expect(creditShade(0, 0.6)).toEqual({ pole: 'neutral', strength: 0 })
  })
  it('clamps beyond the extent and is neutral when everything is 0', () => {
    expect(creditShade(-2, 1)).toEqual({ pole: 'negative', strength: 1 })
    expect(creditShade(0.5, 0)).toEqual({ pole: 'neutral', strength: 0 })
  })
  it('takes the extent from the largest |value|', () => {
    expect(symmetricExtent([0.1, -0.7, 0.4])).toBe(0.7)
    expect(symmetricExtent([])).toBe(0)
  })
  it('rejects non-finite values and extents with a clear error', () => {
    expect(() => symmetricExtent([1, NaN])).toThrow(/value NaN is not a finite number/)
    expect(() => creditShade(Infinity, 1)).toThrow(/value Infinity/)
    expect(() => creditShade(1, -1)).toThrow(/extent -1/)
  })
  it('formats signed numbers compactly', () => {
    expect(formatCredit(0)).toBe('0')
    expect(formatCredit(0.5)).toBe('+0.5')
    expect(formatCredit(-0.12345)).toBe('−0.123')
    expect(formatCredit(100)).toBe('+100')
    expect(formatCredit(2)).toBe('+2')
    expect(formatCredit(-0.00001234)).toBe('−1.23e-5')
  })
})
