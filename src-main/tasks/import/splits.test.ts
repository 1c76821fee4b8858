import { describe, expect, it } from 'vitest'
import { assignSplits } from './splits'

describe('assignSplits', () => {
  it('gives exact sizes, the same codes for the same seed, and other codes for another seed', () => {
    const a = assignSplits(1000, { validation: 0.1, test: 0.05, seed: 7 })
    const b = assignSplits(1000, { validation: 0.1, test: 0.05, seed: 7 })
    const c = assignSplits(1000, { validation: 0.1, test: 0.05, seed: 8 })
    const count = (codes: Uint8Array, code: number): number => codes.filter((x) => x === code).length
    expect([count(a, 0), count(a, 1), count(a, 2)]).toEqual([850, 100, 50])
    expect(Array.from(a)).toEqual(Array.from(b))
    expect(Array.from(a)).not.toEqual(Array.from(c))
  })

  it('spreads validation rows over the whole file rather than taking a block', () => {
    const codes = assignSplits(1000, { validation: 0.2, test: 0, seed: 1 })
    const positions = Array.from(codes.entries()).filter(([, c]) => c === 1).map(([i]) => i)
    expect(Math.min(...positions)).toBeLessThan(100)
    expect(Math.max(...positions)).toBeGreaterThan(900)
  })

  it('never gives more rows than there are', () => {
    const codes = assignSplits(3, { validation: 0.5, test: 0.5, seed: 0 })
    expect(codes.length).toBe(3)
    expect(codes.filter((c) => c === 0).length).toBe(0)
  })
})
