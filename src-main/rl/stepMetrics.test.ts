import { describe, expect, it } from 'vitest'
import { auc, firstErrorTop1, localisation, localisationMetrics, stepScores, type ResponseSteps } from './stepMetrics'
import { seededRandom } from './test-support/randomBatch'

describe('auc', () => {
  it('is 1 when every right step outscores every wrong one, 0 when reversed', () => {
    expect(auc([3, 1, 2, 0], [true, false, true, false])).toBe(1)
    expect(auc([3, 1, 2, 0], [false, true, false, true])).toBe(0)
  })

  it('counts a tie as 0.5', () => {
    expect(auc([1, 1], [true, false])).toBe(0.5)
    // Pairs (right, wrong): (0.9, 0.5) 1, (0.9, 0.1) 1, (0.5, 0.5) 0.5, (0.5, 0.1) 1 → 3.5 / 4.
    expect(auc([0.9, 0.5, 0.5, 0.1], [true, true, false, false])).toBe(0.875)
    expect(auc([2, 2, 2, 2, 2], [true, false, true, true, false])).toBe(0.5)
  })

  it('is null when a kind is missing', () => {
    expect(auc([1, 2], [true, true])).toBeNull()
    expect(auc([1, 2], [false, false])).toBeNull()
    expect(auc([], [])).toBeNull()
  })

  it('matches the pairwise definition on random data with many ties', () => {
    const random = seededRandom(42)
    for (let trial = 0; trial < 20; trial++) {
      const scores = Array.from({ length: 40 }, () => Math.floor(random() * 6))
      const correct = scores.map((r) => random() < 0.3 + r / 10)
      let wins = 0
      let pairs = 0
      scores.forEach((sp, p) => {
        if (!correct[p]) return
        scores.forEach((sn, n) => {
          if (correct[n]) return
          pairs++
          wins += sp > sn ? 1 : sp === sn ? 0.5 : 0
        })
      })
      expect(auc(scores, correct)).toBeCloseTo(wins / pairs, 12)
    }
  })
})

describe('firstErrorTop1', () => {
  it('is 1 when the lowest step is the first wrong one, 0 when another step is lower', () => {
    expect(firstErrorTop1([0.2, -0.5, 0.1], [true, false, false])).toBe(1)
    expect(firstErrorTop1([0.2, 0.1, -0.5], [true, false, false])).toBe(0) // lowest is the second wrong step
    expect(firstErrorTop1([-0.9, 0.1, 0.5], [true, false, true])).toBe(0) // lowest is a right step
  })

  it('gives 1/m when the first wrong step ties with m − 1 others at the minimum', () => {
    expect(firstErrorTop1([-1, -1, 0.3], [false, true, false])).toBe(0.5)
    expect(firstErrorTop1([0, 0, 0, 0], [true, false, true, true])).toBe(0.25)
  })

  it('is null without a step labelled wrong, and reads unlabelled steps as candidates only', () => {
    expect(firstErrorTop1([0.1, 0.2], [true, true])).toBeNull()
    expect(firstErrorTop1([0.1, 0.2], [true, null])).toBeNull()
    expect(firstErrorTop1([0.1, -0.3, -0.9], [true, false, null])).toBe(0) // an unlabelled step may still be lower
  })
})

describe('stepScores', () => {
  // B = 2 rows, R = 6; row 1 holds 4 valid tokens, then padding junk no step may reach.
  const values = Float64Array.of(0.1, 0.2, -0.4, -0.1, 0.3, 0.0, 0.5, -0.2, -0.2, 0.7, 9, 9)

  it('averages, or takes the minimum of, the tokens of each step', () => {
    const steps = [{ start: 0, end: 2 }, { start: 2, end: 4 }, { start: 4, end: 6 }]
    const mean = stepScores(values, 6, 6, { row: 0, steps }, 'mean')
    expect(mean.map((v) => Number(v.toFixed(12)))).toEqual([0.15, -0.25, 0.15])
    expect(stepScores(values, 6, 6, { row: 0, steps }, 'min')).toEqual([0.1, -0.4, 0])
  })

  it('rejects overlapping, empty, out-of-order or out-of-range steps, naming row and step', () => {
    const check = (steps: { start: number; end: number }[]) => () => stepScores(values, 6, 4, { row: 1, steps }, 'mean')
    expect(check([{ start: 0, end: 2 }, { start: 1, end: 3 }])).toThrow(/row 1 step 1 spans \[1, 3\)/)
    expect(check([{ start: 2, end: 2 }])).toThrow(/row 1 step 0/)
    expect(check([{ start: 3, end: 5 }])).toThrow(/within the 4 valid tokens/)
    expect(() => stepScores(values, 6, 4, { row: 2, steps: [] }, 'mean')).toThrow(/row 2 is outside/)
  })
})

/** A batch of R = 12 with one response per row, built from per-step token values (each step `width` tokens). */
function batchOf(rows: { stepValues: number[][]; correct: (boolean | null)[]; incorrect?: boolean }[]) {
  const R = 12
  const values = new Float64Array(rows.length * R)
  const lengths = new Int32Array(rows.length)
  const responses: ResponseSteps[] = rows.map(({ stepValues, correct, incorrect = true }, row) => {
    let t = 0
    const steps = stepValues.map((tokens) => {
      const start = t
      for (const v of tokens) values[row * R + t++] = v
      return { start, end: t }
    })
    lengths[row] = t
    return { row, steps, correct, incorrect }
  })
  return { values, R, lengths, responses }
}

describe('localisation', () => {
  it('scores a uniform signal (outcome-only credit) exactly at chance', () => {
    const { values, R, lengths, responses } = batchOf([
      { stepValues: [[-1, -1], [-1], [-1, -1, -1]], correct: [true, false, true] },
      { stepValues: [[0.3], [0.3, 0.3], [0.3], [0.3]], correct: [false, false, true, true] },
    ])
    for (const aggregation of ['mean', 'min'] as const) {
      const result = localisation(values, R, lengths, responses, aggregation)
      expect(result.top1).toBeCloseTo((1 / 3 + 1 / 4) / 2, 15)
      expect(result.chanceTop1).toBeCloseTo((1 / 3 + 1 / 4) / 2, 15)
      expect(result.auc).toBe(0.5)
    }
  })

  it('ties the steps of a uniform signal exactly, whatever the value and the step lengths', () => {
    const random = seededRandom(7)
    for (let trial = 0; trial < 50; trial++) {
      const v = (random() - 0.5) * 3.7
      const lengthsOf = [1 + Math.floor(random() * 4), 1 + Math.floor(random() * 4), 1 + Math.floor(random() * 4)]
      const { values, R, lengths, responses } = batchOf([{ stepValues: lengthsOf.map((n) => new Array<number>(n).fill(v)), correct: [true, false, true] }])
      expect(localisation(values, R, lengths, responses, 'mean')).toMatchObject({ top1: 1 / 3, chanceTop1: 1 / 3, auc: 0.5 })
    }
  })

  it('scores a perfect localiser 1', () => {
    const { values, R, lengths, responses } = batchOf([
      { stepValues: [[0.5, 0.4], [-0.9], [-0.2, -0.3]], correct: [true, false, false] },
      { stepValues: [[-1], [0.2], [0.1, 0.3]], correct: [false, true, true] },
    ])
    expect(localisation(values, R, lengths, responses, 'mean')).toMatchObject({ top1: 1, auc: 1, responses: 2, aucResponses: 2 })
  })

  it('does not let a long step win by length', () => {
    // The wrong step is short and clearly low per token; the long right step has many mildly negative tokens whose
    // SUM is lower (−1.2 < −0.6), which the old summed score would have blamed.
    const { values, R, lengths, responses } = batchOf([{ stepValues: [[-0.6], [-0.15, -0.15, -0.15, -0.15, -0.15, -0.15, -0.15, -0.15]], correct: [false, true] }])
    expect(localisation(values, R, lengths, responses, 'mean')).toMatchObject({ top1: 1, auc: 1 })
    expect(localisation(values, R, lengths, responses, 'min')).toMatchObject({ top1: 1, auc: 1 })
  })

  it('scores only incorrect responses, and only those with a labelled wrong step', () => {
    const { values, R, lengths, responses } = batchOf([
      { stepValues: [[1], [-1]], correct: [true, false], incorrect: false }, // a right outcome: never scored
      { stepValues: [[1], [-1]], correct: [true, true] }, // wrong outcome, every step right: nothing to localise
      { stepValues: [[1], [-1]], correct: [false, null] }, // first error labelled, the rest not: top1 0, no AUC
    ])
    expect(localisation(values, R, lengths, responses, 'mean')).toEqual({ top1: 0, chanceTop1: 0.5, auc: null, responses: 1, aucResponses: 0 })
  })

  it('names every signal and aggregation in the metrics, with the chance level', () => {
    const { values, R, lengths, responses } = batchOf([{ stepValues: [[0.5], [-0.5, 0.1]], correct: [true, false] }])
    expect(localisationMetrics({ credit: values, prm: null }, R, lengths, responses)).toEqual({
      'step_validity/credit/top1': 1,
      'step_validity/credit/auc': 1,
      'step_validity/credit/top1_min': 1,
      'step_validity/credit/auc_min': 1,
      'step_validity/chance_top1': 0.5,
      'step_validity/responses': 1,
    })
  })

  it('rejects mismatched labels', () => {
    const { values, R, lengths } = batchOf([{ stepValues: [[1], [2]], correct: [true, false] }])
    expect(() => localisation(values, R, lengths, [{ row: 0, steps: [{ start: 0, end: 1 }], correct: [true, false], incorrect: true }], 'mean')).toThrow(
      /row 0 has 1 steps but 2 labels/,
    )
  })
})
