// The worker pool runs real verifiers in worker_threads (the TypeScript worker entry, via tsx) and kills a check that
// overruns its hard timeout, replacing the worker.

import { afterAll, describe, expect, it } from 'vitest'
import { gradeMath } from '../math/grade-math'
import { VerifierPool } from './verifier-pool'

const CASES: Array<[string, string]> = [
  ['\\boxed{\\frac{10}{12}}', '\\frac{5}{6}'],
  ['The answer is 7', '7'],
  ['\\boxed{3.14}', '\\pi'],
  ['\\boxed{(3,2)}', '(2,3)'],
  ['\\boxed{x^2-1}', '(x-1)(x+1)'],
  ['no answer', '4'],
]

describe('VerifierPool', () => {
  const pool = new VerifierPool({ size: 2, timeoutMs: 10_000 })
  afterAll(() => pool.close())

  it('returns the in-process verdicts, in order, from parallel workers', async () => {
    const results = await pool.verifyBatch(CASES.map(([response, reference]) => ({ verifier: 'math', response, reference })))
    expect(results.map((r) => [r.score, r.detail])).toEqual(CASES.map(([a, b]) => [gradeMath(a, b).score, gradeMath(a, b).detail]))
    for (const r of results) expect(r.ms).toBeGreaterThanOrEqual(0)
  })

  it('rejects an unknown verifier by name and a bad option by field', async () => {
    await expect(pool.verify({ verifier: 'nope', response: '', reference: '' })).rejects.toThrow(/unknown verifier "nope"/)
    await expect(pool.verify({ verifier: 'math', response: '1', reference: '1', options: { relTol: 'x' } })).rejects.toThrow(/option "relTol"/)
  })

  it('kills a check that overruns the timeout, scores it 0 "timeout", and keeps serving with a fresh worker', async () => {
    // A 20,000-term LaTeX sum takes a few hundred milliseconds to parse; the budget here is 30 ms.
    const slow = `\\boxed{${Array.from({ length: 20_000 }, () => '\\frac{1}{2}').join('+')}}`
    const tight = new VerifierPool({ size: 1, timeoutMs: 30 })
    try {
      const killed = await tight.verify({ verifier: 'math', response: slow, reference: '7' })
      expect(killed).toEqual({ score: 0, detail: 'timeout', ms: 30 })
      expect(tight.stats).toEqual({ timeouts: 1, replacements: 1 })
      const after = await tight.verify({ verifier: 'math', response: '\\boxed{4}', reference: '4' })
      expect(after.score).toBe(1)
    } finally {
      await tight.close()
    }
  })
})
