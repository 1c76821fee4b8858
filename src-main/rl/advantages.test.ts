// Hand-checked small batches for every algorithm of computeAdvantages (numbers worked out on paper in comments).
import { describe, expect, it } from 'vitest'
import { ALGORITHMS, computeAdvantages, type AdvantageOptions, type Algorithm } from './advantages'
import { makeRolloutBatch } from './batch'
import { implicitProcessRewards } from './implicitRewards'
import { whiten } from './whiten'

const PAD = 9 // padding log-probs hold junk, as in a real batch; every algorithm must ignore it

// One group, K = 2, R = 2, lengths [2, 1], acc [1, 0].
// q = logpPrm − logpRef: row 0 [0.5, 0.25], row 1 [−0.5, pad]. Suffix sums: 0.75, 0.25 | −0.5 → Z = 0.75 + 1e-6.
const twoByTwo = makeRolloutBatch({
  numPrompts: 1,
  K: 2,
  R: 2,
  lengths: [2, 1],
  acc: [1, 0],
  oldLogp: [-1, -1, -1, PAD],
  logpPrm: [-1, -1.25, -2, PAD],
  logpRef: [-1.5, -1.5, -1.5, -PAD],
})
const paper: AdvantageOptions = { granularity: 'token', gammaProcess: 1, gammaOutcome: 1 }

function advantagesOf(algorithm: Algorithm, options = paper) {
  return Array.from(computeAdvantages(twoByTwo, algorithm, options).advantages)
}

function expectAllClose(actual: number[], expected: number[], digits: number) {
  expect(actual.length).toBe(expected.length)
  actual.forEach((a, i) => expect(a, `element ${i}`).toBeCloseTo(expected[i] as number, digits))
}

describe('outcome-only algorithms', () => {
  it('rloo: acc_i − acc_other on the last token, γ=1 returns [1, 1 | −1, 0], whitened over the 3 valid tokens', () => {
    // μ = 1/3; unbiased σ² = ((2/3)²·2 + (4/3)²)/3 · 3/2 = 4/3; padding return 0 → (0 − 1/3)/sqrt(4/3) (not re-masked).
    const sd = Math.sqrt(4 / 3 + 1e-8)
    const result = computeAdvantages(twoByTwo, 'rloo', paper)
    expect(Array.from(result.returns)).toEqual([1, 1, -1, 0])
    expectAllClose(Array.from(result.advantages), [2 / 3 / sd, 2 / 3 / sd, -4 / 3 / sd, -1 / 3 / sd], 12)
    expectAllClose(Array.from(result.advantages), [0.57735, 0.57735, -1.1547, -0.288675], 5)
    expect(result.processScores).toBeNull()
    expect(result.normaliser).toBeNull()
  })

  it('grpo: (acc − mean)/(std + 1e-6) with the unbiased std, on every valid token, 0 at padding', () => {
    // mean 0.5, std = sqrt((0.25 + 0.25)/1) = 1/√2 → ±0.5·√2 = ±0.707107 (less 1e-6 relative).
    expectAllClose(advantagesOf('grpo'), [0.707107, 0.707107, -0.707107, 0], 5)
    expect(advantagesOf('grpo')[0]).toBe(0.5 / (Math.SQRT1_2 + 1e-6))
  })

  it('grpo over K = 3 with the outcome discounted by γ = 0.5 from the last token', () => {
    // acc [1, 0, 0]: mean 1/3, std = sqrt((4/9 + 1/9 + 1/9)/2) = sqrt(1/3) → a = [1.154700, −0.577350, −0.577350].
    const batch = makeRolloutBatch({ numPrompts: 1, K: 3, R: 3, lengths: [2, 3, 1], acc: [1, 0, 0], oldLogp: new Array(9).fill(-1) })
    const { advantages } = computeAdvantages(batch, 'grpo', { granularity: 'token', gammaProcess: 1, gammaOutcome: 0.5 })
    const a0 = (2 / 3) / (Math.sqrt(1 / 3) + 1e-6)
    const a1 = (-1 / 3) / (Math.sqrt(1 / 3) + 1e-6)
    expectAllClose(Array.from(advantages), [a0 / 2, a0, 0, a1 / 4, a1 / 2, a1, a1, 0, 0], 12)
    expect(a0).toBeCloseTo(1.1547, 4)
  })

  it('grpo: a group whose samples all scored the same gets 0 advantages', () => {
    const batch = makeRolloutBatch({ numPrompts: 2, K: 2, R: 1, lengths: [1, 1, 1, 1], acc: [1, 1, 0, 1], oldLogp: [0, 0, 0, 0] })
    expectAllClose(Array.from(computeAdvantages(batch, 'grpo', paper).advantages), [0, 0, -0.707107, 0.707107], 5)
  })

  it('grpo with K = 1 uses mean 0 and std 1, as verl does for a lone sample', () => {
    const batch = makeRolloutBatch({ numPrompts: 2, K: 1, R: 2, lengths: [2, 1], acc: [1, 0], oldLogp: [0, 0, 0, 0] })
    expectAllClose(Array.from(computeAdvantages(batch, 'grpo', paper).advantages), [1 / (1 + 1e-6), 1 / (1 + 1e-6), 0, 0], 14)
  })

  it('reinforce: A_t = r_o on every valid token, no baseline, no whitening', () => {
    expect(advantagesOf('reinforce')).toEqual([1, 1, 0, 0])
  })
})

describe('PRIME variants', () => {
  // s = q/Z = row 0 [0.5/Z, 0.25/Z] ≈ [0.666666, 0.333333], row 1 [−0.5/Z, 0] ≈ [−0.666666, 0].
  const Z = 0.75 + 1e-6

  it('prime-reinforce: A_t = r_o + Σ_{s≥t} s_s', () => {
    // row 0: [1 + 0.75/Z, 1 + 0.25/Z] ≈ [2, 1.333333]; row 1: [0 − 0.5/Z, 0] ≈ [−0.666666, 0].
    expectAllClose(advantagesOf('prime-reinforce'), [1 + 0.75 / Z, 1 + 0.25 / Z, -0.5 / Z, 0], 12)
    expectAllClose(advantagesOf('prime-reinforce'), [2, 1.333333, -0.666666, 0], 5)
    expect(computeAdvantages(twoByTwo, 'prime-reinforce', paper).normaliser).toBe(Z)
  })

  it('prime-grpo: tokens normalised by the group mean/std of per-sample mean process scores, plus grpo', () => {
    // Per-sample means: 0.375/Z and −0.5/Z → group mean −0.0625/Z, unbiased std 0.875/(Z·√2).
    // Normalised tokens: row 0 [0.5625, 0.3125]·√2/0.875 = [0.909137, 0.505076]; row 1 [−0.4375·√2/0.875] = [−0.707107].
    // γ = 1 returns: row 0 [1.414214, 0.505076], row 1 [−0.707107, 0]; plus grpo's ±0.707107.
    expectAllClose(advantagesOf('prime-grpo'), [1.414214 + 0.707107, 0.505076 + 0.707107, -0.707107 - 0.707107, 0], 5)
    // With γ_process = 0.5 row 0's first token is 0.909137 + 0.5·0.505076.
    const discounted = advantagesOf('prime-grpo', { granularity: 'token', gammaProcess: 0.5, gammaOutcome: 1 })
    expect(discounted[0]).toBeCloseTo(0.909137 + 0.5 * 0.505076 + 0.707107, 5)
  })

  it('prime with K = 2 equals the hand-worked RLOO of process and outcome, whitened', () => {
    // Process RLOO: group sum of means S = (0.375 − 0.5)/Z; x·2 − S at valid tokens:
    // row 0 [1 + 0.125, 0.5 + 0.125]/Z, row 1 [−1 + 0.125]/Z. Returns add the suffix sums and the outcome ±1.
    const processReturns = [(1.125 + 0.625) / Z, 0.625 / Z, -0.875 / Z, 0]
    const returns = processReturns.map((r, i) => r + ([1, 1, -1, 0][i] as number))
    const result = computeAdvantages(twoByTwo, 'prime', paper)
    expectAllClose(Array.from(result.returns), returns, 12)
    const valid = [returns[0], returns[1], returns[2]] as number[]
    const mean = valid.reduce((a, x) => a + x, 0) / 3
    const variance = valid.reduce((a, x) => a + (x - mean) ** 2, 0) / 2
    expectAllClose(Array.from(result.advantages), returns.map((r) => (r - mean) / Math.sqrt(variance + 1e-8)), 12)
  })

  it("granularity 'whole' puts Σq on the last valid token", () => {
    const { tokenScores, seqScores } = implicitProcessRewards(twoByTwo, 'whole')
    expect(Array.from(tokenScores)).toEqual([0, 0.75, -0.5, 0])
    expect(Array.from(seqScores)).toEqual([0.75, -0.5])
    // The suffix sums are unchanged at t = 0, so Z is too; prime-reinforce then credits Σq/Z from every token.
    expectAllClose(advantagesOf('prime-reinforce', { granularity: 'whole', gammaProcess: 1, gammaOutcome: 1 }), [1 + 0.75 / Z, 1 + 0.75 / Z, -0.5 / Z, 0], 12)
  })

  it("q keeps padding (unmasked, as upstream) while 'token' scores are 0 there", () => {
    const { q, tokenScores } = implicitProcessRewards(twoByTwo, 'token')
    expect(Array.from(q)).toEqual([0.5, 0.25, -0.5, PAD + PAD])
    expect(Array.from(tokenScores)).toEqual([0.5, 0.25, -0.5, 0])
  })
})

describe('the dense-surprisal control', () => {
  it('is PRIME with log πθ_old as the implicit reward: the same pipeline on the same numbers', () => {
    const asPrime = makeRolloutBatch({ numPrompts: 1, K: 2, R: 2, lengths: [2, 1], acc: [1, 0], oldLogp: [-1, -1.25, -2, PAD], logpPrm: [-1, -1.25, -2, PAD], logpRef: [0, 0, 0, 0] })
    const control = computeAdvantages(asPrime, 'dense-surprisal', paper)
    const prime = computeAdvantages(asPrime, 'prime', paper)
    expect(Array.from(control.advantages)).toEqual(Array.from(prime.advantages))
    expect(control.normaliser).toBe(prime.normaliser)
    // It needs no PRM: an outcome-only batch is enough.
    const outcomeOnly = makeRolloutBatch({ numPrompts: 1, K: 2, R: 2, lengths: [2, 1], acc: [1, 0], oldLogp: [-1, -1.25, -2, PAD] })
    expect(Array.from(computeAdvantages(outcomeOnly, 'dense-surprisal', paper).advantages)).toEqual(Array.from(prime.advantages))
  })
})

describe('process rewards only on the rows that earn them', () => {
  // Two groups of K = 2: group 0 passed the filter, group 1 (all wrong) only tops up the batch.
  const batch = makeRolloutBatch({
    numPrompts: 2,
    K: 2,
    R: 2,
    lengths: [2, 2, 2, 2],
    acc: [1, 0, 0, 0],
    oldLogp: [0, 0, 0, 0, 0, 0, 0, 0],
    logpPrm: [0.5, 0.25, -0.5, 0, 0.1, -3, -2, 0.4],
    logpRef: [0, 0, 0, 0, 0, 0, 0, 0],
  })

  it('zeroes a top-up group’s process scores before batch_norm, so it gets no advantage from them', () => {
    const result = computeAdvantages(batch, 'prime', { ...paper, processRows: [1, 1, 0, 0] })
    expect(Array.from(result.processScores!.subarray(4))).toEqual([0, 0, 0, 0])
    // Z comes from group 0 alone: its largest |suffix sum| is 0.75.
    expect(result.normaliser).toBeCloseTo(0.75 + 1e-6, 12)
    // The top-up group's returns: no outcome advantage (equal accuracies), no process reward.
    expect(Array.from(result.returns.subarray(4))).toEqual([0, 0, 0, 0])
    // With every row counted (processRewardOnTopUp), the top-up group's big negative q reaches its returns.
    const all = computeAdvantages(batch, 'prime', paper)
    expect(all.returns.subarray(4).some((r) => r !== 0)).toBe(true)
  })

  it('rejects a row mask of the wrong size', () => {
    expect(() => computeAdvantages(batch, 'prime', { ...paper, processRows: [1, 1] })).toThrow(/processRows has 2 rows, expected B = 4/)
  })
})

describe('bad input', () => {
  it('names the algorithm list for an unknown algorithm', () => {
    expect(() => computeAdvantages(twoByTwo, 'ppo' as Algorithm, paper)).toThrow(/unknown algorithm 'ppo'.*prime, rloo, grpo/)
  })

  it('refuses a PRIME algorithm on an outcome-only batch, but runs the outcome-only ones', () => {
    const outcomeOnly = makeRolloutBatch({ numPrompts: 1, K: 2, R: 2, lengths: [2, 1], acc: [1, 0], oldLogp: [0, 0, 0, 0] })
    for (const algorithm of ALGORITHMS) {
      if (algorithm.startsWith('prime')) expect(() => computeAdvantages(outcomeOnly, algorithm, paper)).toThrow(/no logpPrm/)
      else expect(computeAdvantages(outcomeOnly, algorithm, paper).advantages.length).toBe(4)
    }
  })

  it('refuses leave-one-out with one sample per prompt and γ outside [0, 1]', () => {
    const single = makeRolloutBatch({ numPrompts: 2, K: 1, R: 2, lengths: [2, 2], acc: [1, 0], oldLogp: [0, 0, 0, 0] })
    expect(() => computeAdvantages(single, 'rloo', paper)).toThrow(/rloo: needs K >= 2/)
    expect(() => computeAdvantages(twoByTwo, 'reinforce', { ...paper, gammaOutcome: 1.5 })).toThrow(/gamma = 1.5/)
  })

  it('refuses to whiten fewer than 2 valid tokens (the unbiased variance divides by n − 1)', () => {
    const shape = { B: 1, R: 2, K: 1 }
    expect(() => whiten(shape, Float64Array.of(3, 0), Float64Array.of(1, 0))).toThrow(/at least 2 valid tokens.*got 1/)
    expect(whiten(shape, Float64Array.of(3, 1), Float64Array.of(1, 1)).varianceUnbiased).toBe(2)
  })
})
