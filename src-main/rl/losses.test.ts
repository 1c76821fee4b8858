// Hand-checked values of the PRM loss, pairwise PRM accuracy and PPO-clip loss (the goldens cover typical inputs).
import { describe, expect, it } from 'vitest'
import { pairwisePrmAccuracy } from './pairwisePrmAccuracy'
import { policyLoss } from './policyLoss'
import { prmLoss } from './prmLoss'

describe('prmLoss', () => {
  const shape = { B: 2, R: 2, K: 2 }
  const mask = Float64Array.of(1, 1, 1, 0)

  it('is the mean BCE of sigmoid(β·Σq) against acc, ignoring padding', () => {
    // Row 0: Σq = 10 + 10 = 20, β = 0.1 → p = sigmoid(2), label 1 → −log σ(2) = 0.126928.
    // Row 1: Σq = −10 (padding 1000 ignored) → p = σ(−1), label 0.25 → −(0.25·log σ(−1) + 0.75·log σ(1)) = 0.563262.
    const loss = prmLoss(shape, Float64Array.of(10, 10, -10, 1000), mask, Float64Array.of(1, 0.25), 0.1)
    const logSigmoid = (z: number) => -Math.log1p(Math.exp(-z))
    expect(loss).toBeCloseTo((-logSigmoid(2) - (0.25 * logSigmoid(-1) + 0.75 * logSigmoid(1))) / 2, 14)
    expect(loss).toBeCloseTo((0.126928 + 0.563262) / 2, 6)
  })

  it("clamps each log at −100 like torch's binary_cross_entropy, so saturation gives 100, not Infinity", () => {
    const saturated = prmLoss(shape, Float64Array.of(1e4, 0, -1e4, 0), mask, Float64Array.of(0, 1), 1)
    expect(saturated).toBe(100)
  })

  it('rejects a label outside [0, 1]', () => {
    expect(() => prmLoss(shape, new Float64Array(4), mask, Float64Array.of(1, 2), 0.05)).toThrow(/acc\[1\] = 2/)
  })
})

describe('pairwisePrmAccuracy', () => {
  const shape = { B: 4, R: 1, K: 4 }
  const mask = new Float64Array(4).fill(1)

  it('weights each pair by |Δacc| and counts it when the score order agrees', () => {
    // acc [1, 0.5, 0, 0], scores [3, 1, 2, 0]. Pairs (i<j): (0,1) da .5 ds 2 ✓; (0,2) 1, 1 ✓; (0,3) 1, 3 ✓;
    // (1,2) .5, −1 ✗; (1,3) .5, 1 ✓; (2,3) da 0 → weight 0. Correct weight 3 of 3.5.
    expect(pairwisePrmAccuracy(shape, Float64Array.of(3, 1, 2, 0), mask, Float64Array.of(1, 0.5, 0, 0))).toBeCloseTo(3 / 3.5, 15)
  })

  it("follows the code on score ties: ds = 0 counts as correct when da < 0, wrong when da > 0", () => {
    const two = { B: 2, R: 1, K: 2 }
    const both = Float64Array.of(1, 1)
    expect(pairwisePrmAccuracy(two, Float64Array.of(5, 5), both, Float64Array.of(0, 1))).toBe(1)
    expect(pairwisePrmAccuracy(two, Float64Array.of(5, 5), both, Float64Array.of(1, 0))).toBe(0)
  })

  it('is 0.5 for a group with equal acc and averages groups without weighting', () => {
    const twoGroups = { B: 4, R: 1, K: 2 }
    // Group 0 all correct → 0.5; group 1 ordered right → 1; mean 0.75.
    expect(pairwisePrmAccuracy(twoGroups, Float64Array.of(1, -1, 2, 1), mask, Float64Array.of(1, 1, 1, 0))).toBe(0.75)
  })

  it('rejects a batch that is not whole groups', () => {
    expect(() => pairwisePrmAccuracy({ B: 3, R: 1, K: 2 }, new Float64Array(3), new Float64Array(3), new Float64Array(3))).toThrow(
      /B=3 rows is not a whole number of groups of K=2/,
    )
  })
})

describe('policyLoss', () => {
  const options = { clipRange: 0.2, aggregation: 'token-mean' } as const

  it('clips a positive advantage above 1 + ε and counts it as clipped', () => {
    // ratio 1.5, A = 1: −1.5 vs −1.2 → loss −1.2, clipped; KL estimate old − new = −ln 1.5.
    const one = { B: 1, R: 1, K: 1 }
    const result = policyLoss(one, { logp: Float64Array.of(Math.log(1.5)), oldLogp: Float64Array.of(0), advantages: Float64Array.of(1), mask: Float64Array.of(1) }, options)
    expect(result.loss).toBeCloseTo(-1.2, 14)
    expect(result.clipFraction).toBe(1)
    expect(result.approxKl).toBeCloseTo(-Math.log(1.5), 14)
  })

  it('does not clip a negative advantage above 1 + ε (the pessimistic bound keeps −A·ratio)', () => {
    const one = { B: 1, R: 1, K: 1 }
    const result = policyLoss(one, { logp: Float64Array.of(Math.log(1.5)), oldLogp: Float64Array.of(0), advantages: Float64Array.of(-1), mask: Float64Array.of(1) }, options)
    expect(result.loss).toBeCloseTo(1.5, 14)
    expect(result.clipFraction).toBe(0)
  })

  it('token-mean and seq-mean-token-mean differ as hand-computed when lengths differ', () => {
    // Ratio 1 everywhere, so the token loss is −A. Row 0 (1 valid token): A = 3. Row 1 (3 valid): A = 1, 1, 1.
    // token-mean: −(3 + 3)/4 = −1.5. seq-mean-token-mean: −(3 + 1)/2 = −2. Padding A = 100 is ignored.
    const shape = { B: 2, R: 3, K: 2 }
    const input = {
      logp: new Float64Array(6),
      oldLogp: new Float64Array(6),
      advantages: Float64Array.of(3, 100, 100, 1, 1, 1),
      mask: Float64Array.of(1, 0, 0, 1, 1, 1),
    }
    expect(policyLoss(shape, input, options).loss).toBe(-1.5)
    expect(policyLoss(shape, input, { clipRange: 0.2, aggregation: 'seq-mean-token-mean' }).loss).toBe(-2)
  })

  it('rejects a clip range outside (0, 1) and mis-sized tensors', () => {
    const one = { B: 1, R: 1, K: 1 }
    const ok = { logp: Float64Array.of(0), oldLogp: Float64Array.of(0), advantages: Float64Array.of(0), mask: Float64Array.of(1) }
    expect(() => policyLoss(one, ok, { clipRange: 0, aggregation: 'token-mean' })).toThrow(/clipRange = 0/)
    expect(() => policyLoss(one, { ...ok, advantages: Float64Array.of(0, 0) }, options)).toThrow(/policyLoss advantages \(B\*R\): length 2, expected 1/)
  })
})
