// Agreement with the authors' grader on ../shared/fixtures/math-grader-golden.json (80 pairs, verdicts produced by
// running upstream evaluate_math with sympy 1.11.1 and a working parse_latex; see that folder's README, section 2).
//
// Disagreements of the default verifier with the primary `verdict` (1 of 80, 98.75% agreement):
//  - mp048 "\boxed{x \in [2, 5]}" vs "[2,5]": upstream false, ours true. Deliberate (fix 2 in
//    MathGradeOptions.exactUpstream): MATH-500 reference solution 1 boxes "x \in [-2,7]" for the answer "[-2,7]",
//    which upstream grades wrong.
// With `exactUpstream: true` all 80 verdicts, the deciding stage (grade_answer / math_equal) and the extracted answer
// strings agree.
// parse_latex-sensitive pairs (mp027, mp028, mp031, mp039, mp079: true only with sympy's parse_latex working) are
// matched on the primary verdict: our LaTeX parser (compute-engine) plays parse_latex's part.

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { sharedDataPresent, sharedPath } from '../../test-support/shared-data'
import { gradeMath } from './grade-math'

interface GoldenPair {
  id: string
  model_output: string
  ground_truth: string
  verdict: boolean
  extracted: string
  decided_by: 'grade_answer' | 'math_equal'
  parse_latex_sensitive: boolean
}

const GOLDEN = sharedPath('fixtures/math-grader-golden.json')
const haveGolden = sharedDataPresent(['fixtures/math-grader-golden.json'], 'math grader golden tests')
const pairs: GoldenPair[] = haveGolden ? (JSON.parse(readFileSync(GOLDEN, 'utf8')) as { pairs: GoldenPair[] }).pairs : []

const EXPECTED_DISAGREEMENTS = ['mp048']

describe.skipIf(!haveGolden)('math grader golden verdicts', () => {
  it('holds the 80 public pairs', () => {
    expect(pairs.length).toBe(80)
  })

  it('default verifier agrees on >= 95% and disagrees exactly where documented', () => {
    const disagree = pairs.filter((p) => (gradeMath(p.model_output, p.ground_truth).score === 1) !== p.verdict).map((p) => p.id)
    expect(disagree).toEqual(EXPECTED_DISAGREEMENTS)
    expect(1 - disagree.length / pairs.length).toBeGreaterThanOrEqual(0.95)
  })

  it('exactUpstream mode reproduces every verdict, deciding stage and extracted answer', () => {
    for (const p of pairs) {
      const g = gradeMath(p.model_output, p.ground_truth, { exactUpstream: true })
      expect({ id: p.id, verdict: g.score === 1, extracted: g.extracted, stage: g.detail.split(':')[0] }).toEqual({
        id: p.id,
        verdict: p.verdict,
        extracted: p.extracted,
        stage: p.verdict ? p.decided_by : 'not equal',
      })
    }
  })

  it('matches the parse_latex-sensitive pairs on their primary verdict', () => {
    const sensitive = pairs.filter((p) => p.parse_latex_sensitive)
    expect(sensitive.map((p) => p.id)).toEqual(['mp027', 'mp028', 'mp031', 'mp039', 'mp079'])
    for (const p of sensitive) expect(gradeMath(p.model_output, p.ground_truth).score).toBe(p.verdict ? 1 : 0)
  })
})
