// Every output field of every case of the authors'-code goldens (../shared/fixtures/README.md), in float64.
import { describe, expect, it } from 'vitest'
import { computeAdvantages } from './advantages'
import { makeRolloutBatch } from './batch'
import { batchNorm } from './batchNorm'
import { implicitProcessRewards } from './implicitRewards'
import { pairwisePrmAccuracy } from './pairwisePrmAccuracy'
import { policyLoss } from './policyLoss'
import { prmLoss } from './prmLoss'
import { discountedReturns } from './returns'
import { lastTokenMask, placeOnLastToken, rloo } from './rloo'
import { FIXTURE_DIR, GOLDEN_FILES, fixturesPresent, loadGoldenCases, type GoldenCase } from './test-support/primeGolden'
import { whiten } from './whiten'

// The goldens are float64 runs of the authors' functions; README suggests 1e-9 for a float64 port. Relative to the
// value, absolute below magnitude 1 (several fields are exactly 0 or cancel to ~1e-17).
const TOLERANCE = 1e-9

function computeAll(c: GoldenCase): Record<string, number | Float64Array> {
  const batch = makeRolloutBatch(
    { numPrompts: c.numPrompts, K: c.K, R: c.R, lengths: c.lengths, acc: c.acc, oldLogp: c.policy.oldLogp, logpPrm: c.logpPrm, logpRef: c.logpRef },
    `${c.file} ${c.name}`,
  )
  expect(c.granularity).toBe('token')
  expect(c.norm).toBe('batch_norm')
  expect(Array.from(batch.responseMask)).toEqual(Array.from(c.responseMask))

  const mask = batch.responseMask
  const implicit = implicitProcessRewards(batch, 'token')
  const normed = batchNorm(batch, implicit.tokenScores)
  const gtScores = placeOnLastToken(batch, batch.lengths, batch.acc)
  const rlooRm = rloo(batch, normed.scores, mask)
  const rlooGt = rloo(batch, gtScores, lastTokenMask(batch, batch.lengths))
  const returnsRm = discountedReturns(batch, rlooRm, c.gammaRm)
  const returnsGt = discountedReturns(batch, rlooGt, c.gammaGt)
  const returns = returnsRm.map((r, i) => r + (returnsGt[i] as number))
  const whitened = whiten(batch, returns, mask)
  const composed = computeAdvantages(batch, 'prime', { granularity: 'token', gammaProcess: c.gammaRm, gammaOutcome: c.gammaGt })
  // The composed path must agree bit for bit with the step-by-step one it is built from.
  expect(Array.from(composed.returns)).toEqual(Array.from(returns))
  expect(Array.from(composed.advantages)).toEqual(Array.from(whitened.whitened))
  expect(composed.normaliser).toBe(normed.denominator)

  const pg = policyLoss(
    batch,
    { logp: c.policy.logp, oldLogp: batch.oldLogp, advantages: c.policy.advantages, mask },
    { clipRange: c.policy.clipRange, aggregation: 'token-mean' },
  )
  return {
    q: implicit.q,
    token_scores_raw: implicit.tokenScores,
    seq_scores_raw: implicit.seqScores,
    batch_norm_denominator: normed.denominator,
    rm_scores: normed.scores,
    gt_scores: gtScores,
    rloo_rm: rlooRm,
    rloo_gt: rlooGt,
    returns_rm: returnsRm,
    returns_gt: returnsGt,
    returns: composed.returns,
    advantages: composed.advantages,
    whiten_mean: whitened.mean,
    whiten_var_unbiased: whitened.varianceUnbiased,
    prm_ce_loss: prmLoss(batch, implicit.q, mask, batch.acc, c.beta),
    dpo_acc: pairwisePrmAccuracy(batch, implicit.tokenScores, mask, batch.acc),
    pg_loss: pg.loss,
    pg_clipfrac: pg.clipFraction,
    ppo_kl: pg.approxKl,
  }
}

/** Largest |actual − expected| / max(1, |expected|); throws naming the first element beyond the tolerance. */
function scaledDeviation(actual: number | Float64Array, expected: number | Float64Array, label: string): number {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual)
  const e = typeof expected === 'number' ? [expected] : Array.from(expected)
  expect(a.length, `${label}: length`).toBe(e.length)
  let worst = 0
  e.forEach((want, i) => {
    const got = a[i] as number
    const deviation = Math.abs(got - want) / Math.max(1, Math.abs(want))
    if (!(deviation <= TOLERANCE)) throw new Error(`${label}[${i}]: got ${got}, golden ${want} (scaled deviation ${deviation})`)
    worst = Math.max(worst, deviation)
  })
  return worst
}

const present = fixturesPresent()

describe.skipIf(!present)(`PRIME goldens from ${FIXTURE_DIR} (skipped when absent, except in CI)`, () => {
  for (const file of GOLDEN_FILES) {
    const cases = present ? loadGoldenCases(file) : []
    describe(file, () => {
      it('holds the expected cases', () => {
        expect(cases.length).toBe(file === 'prime-golden.json' ? 8 : 2)
      })
      for (const c of cases) {
        it(`${c.name}: every output field within ${TOLERANCE}`, () => {
          const computed = computeAll(c)
          expect(Object.keys(computed).sort()).toEqual(Object.keys(c.outputs).sort())
          for (const [field, expected] of Object.entries(c.outputs)) {
            scaledDeviation(computed[field] as number | Float64Array, expected, `${c.name}.${field}`)
          }
        })
      }
    })
  }

  it('leaves whitened padding un-masked: padding holds (0 − μ)/sqrt(σ² + 1e-8), as upstream', () => {
    const c = loadGoldenCases('prime-golden.json').find((k) => k.name.startsWith('pub02'))
    if (!c) throw new Error('prime-golden.json has no pub02 case')
    const mean = c.outputs.whiten_mean
    const variance = c.outputs.whiten_var_unbiased
    const golden = c.outputs.advantages
    if (typeof mean !== 'number' || typeof variance !== 'number' || !(golden instanceof Float64Array)) {
      throw new Error('pub02: whiten_mean / whiten_var_unbiased / advantages missing or of the wrong shape')
    }
    const paddingValue = (0 - mean) / Math.sqrt(variance + 1e-8)
    const computed = computeAll(c).advantages as Float64Array
    let paddingCells = 0
    c.responseMask.forEach((m, i) => {
      if (m === 0) {
        paddingCells++
        expect(computed[i]).toBeCloseTo(paddingValue, 12)
        expect(golden[i]).toBeCloseTo(paddingValue, 12)
      }
    })
    expect(paddingCells).toBeGreaterThan(0)
    expect(paddingValue).not.toBe(0)
  })
})
