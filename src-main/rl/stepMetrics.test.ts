import { describe, expect, it } from 'vitest'
import { firstErrorLocalisation, stepAuc, stepRewards, stepValidityMetrics } from './stepMetrics'
import { seededRandom } from './test-support/randomBatch'

describe('stepAuc', () => {
  it('is 1 when every correct step outscores every wrong one, 0 when reversed', () => {
    expect(stepAuc([3, 1, 2, 0], [true, false, true, false])).toBe(1)
    expect(stepAuc([3, 1, 2, 0], [false, true, false, true])).toBe(0)
  })

  it('counts a tie as 0.5', () => {
    expect(stepAuc([1, 1], [true, false])).toBe(0.5)
    // Pairs (correct, wrong): (0.9, 0.5) 1, (0.9, 0.1) 1, (0.5, 0.5) 0.5, (0.5, 0.1) 1 → 3.5 / 4.
    expect(stepAuc([0.9, 0.5, 0.5, 0.1], [true, true, false, false])).toBe(0.875)
    // Every step the same reward (uniform credit over equal-length steps) says nothing: 0.5.
    expect(stepAuc([2, 2, 2, 2, 2], [true, false, true, true, false])).toBe(0.5)
  })

  it('is null when a class is missing', () => {
    expect(stepAuc([1, 2], [true, true])).toBeNull()
    expect(stepAuc([1, 2], [false, false])).toBeNull()
    expect(stepAuc([], [])).toBeNull()
  })

  it('matches the pairwise definition on random data with many ties', () => {
    const random = seededRandom(42)
    for (let trial = 0; trial < 20; trial++) {
      const rewards = Array.from({ length: 40 }, () => Math.floor(random() * 6))
      const correct = rewards.map((r) => random() < 0.3 + r / 10)
      let wins = 0
      let pairs = 0
      rewards.forEach((rp, p) => {
        if (!correct[p]) return
        rewards.forEach((rn, n) => {
          if (correct[n]) return
          pairs++
          wins += rp > rn ? 1 : rp === rn ? 0.5 : 0
        })
      })
      expect(stepAuc(rewards, correct)).toBeCloseTo(wins / pairs, 12)
    }
  })

  it('rejects mismatched lengths', () => {
    expect(() => stepAuc([1, 2], [true])).toThrow(/2 rewards but 1 truth labels/)
  })
})

describe('firstErrorLocalisation', () => {
  it('is 1 when the lowest-reward step is the first wrong step, 0 when another step is lower', () => {
    expect(firstErrorLocalisation([0.2, -0.5, 0.1], [true, false, false])).toBe(1)
    expect(firstErrorLocalisation([0.2, 0.1, -0.5], [true, false, false])).toBe(0) // lowest is the second wrong step
    expect(firstErrorLocalisation([-0.9, 0.1, 0.5], [true, false, true])).toBe(0) // lowest is a correct step
  })

  it('gives 1/m when the first wrong step ties with m − 1 others at the minimum', () => {
    expect(firstErrorLocalisation([-1, -1, 0.3], [false, true, false])).toBe(0.5)
    expect(firstErrorLocalisation([0, 0, 0, 0], [true, false, true, true])).toBe(0.25)
  })

  it('is null for a response without a wrong step', () => {
    expect(firstErrorLocalisation([0.1, 0.2], [true, true])).toBeNull()
  })
})

describe('stepRewards and stepValidityMetrics', () => {
  // B = 2 rows, R = 6. Row 0 (length 6): three steps [0,2) [2,4) [4,6). Row 1 (length 4): two steps [0,1) [1,3).
  const tokenRewards = Float64Array.of(
    0.1, 0.2, -0.4, -0.1, 0.3, 0.0,
    0.5, -0.2, -0.2, 0.7, 9, 9, // padding holds junk; no step may reach it
  )
  const lengths = Int32Array.of(6, 4)

  it('sums token rewards over each step', () => {
    const rewards = stepRewards(tokenRewards, 6, 6, { row: 0, steps: [{ start: 0, end: 2 }, { start: 2, end: 4 }, { start: 4, end: 6 }] })
    expect(rewards[0]).toBeCloseTo(0.3, 15)
    expect(rewards[1]).toBeCloseTo(-0.5, 15)
    expect(rewards[2]).toBeCloseTo(0.3, 15)
  })

  it('rejects overlapping, empty, out-of-order or out-of-range steps, naming row and step', () => {
    const check = (steps: { start: number; end: number }[]) => () => stepRewards(tokenRewards, 6, 4, { row: 1, steps })
    expect(check([{ start: 0, end: 2 }, { start: 1, end: 3 }])).toThrow(/row 1 step 1 spans \[1, 3\)/)
    expect(check([{ start: 2, end: 2 }])).toThrow(/row 1 step 0/)
    expect(check([{ start: 3, end: 5 }])).toThrow(/within the 4 valid tokens/)
    expect(() => stepRewards(tokenRewards, 6, 4, { row: 2, steps: [] })).toThrow(/row 2 is outside/)
  })

  it('pools steps over the batch for the AUC and averages localisation over responses with an error', () => {
    const metrics = stepValidityMetrics(tokenRewards, 6, lengths, [
      // Row 0 step rewards [0.3, −0.5, 0.3], wrong step 1 is the lowest → localised (1).
      { row: 0, steps: [{ start: 0, end: 2 }, { start: 2, end: 4 }, { start: 4, end: 6 }], correct: [true, false, true] },
      // Row 1 step rewards [0.5, −0.4], the wrong first step is not the lowest → 0.
      { row: 1, steps: [{ start: 0, end: 1 }, { start: 1, end: 3 }], correct: [false, true] },
    ])
    // Correct steps {0.3, 0.3, −0.4} vs wrong {−0.5, 0.5}: wins 1+0+1+0+1+0 = 3 of 6 pairs.
    expect(metrics).toEqual({ stepAuc: 0.5, firstErrorRate: 0.5, steps: 5, responsesWithError: 2 })
  })

  it('returns nulls when nothing can be scored and rejects mismatched labels', () => {
    expect(stepValidityMetrics(tokenRewards, 6, lengths, [])).toEqual({ stepAuc: null, firstErrorRate: null, steps: 0, responsesWithError: 0 })
    expect(() =>
      stepValidityMetrics(tokenRewards, 6, lengths, [{ row: 0, steps: [{ start: 0, end: 2 }], correct: [true, false] }]),
    ).toThrow(/row 0 has 1 steps but 2 labels/)
  })
})
