// References from public math eval sets, given back boxed ("\boxed{<reference>}", what a re-grade of an imported
// dataset does): every one must grade equal to itself, or training would score a right answer 0 on that row.
// Upstream (evaluate_math, run on these strings) rejects the ones marked `upstream: false`: its answer extraction
// cuts the boxed text after ": ", "is ", "=", ". " ... and then compares the cut text with the uncut reference.
// Fix 5 of MathGradeOptions.exactUpstream tries the whole boxed answer when the reference itself would be cut.
import { describe, expect, it } from 'vitest'
import { gradeMath } from './grade-math'

const REFERENCES: { reference: string; upstream: boolean }[] = [
  { reference: '$2: 15$ PM', upstream: false },
  { reference: '2:15 \\text{ PM}', upstream: true },
  { reference: 'x \\in [-2,7]', upstream: true },
  { reference: 'x \\in (-\\infty, 3]', upstream: true },
  { reference: '\\text{No solution}', upstream: true },
  { reference: '\\text{There is no solution}', upstream: false },
  { reference: '\\text{The function is odd}', upstream: false },
  { reference: '\\text{Both are true}', upstream: false },
  { reference: '\\text{Yes, it is possible}', upstream: false },
  { reference: 'The sum is 10. The product is 21', upstream: false },
  { reference: '\\begin{cases} 1 & \\text{if } n \\text{ is even} \\\\ 0 & \\text{if } n \\text{ is odd} \\end{cases}', upstream: false },
  { reference: 'f(x) = \\begin{cases} x^2 & x \\ge 0 \\\\ -x^2 & x < 0 \\end{cases}', upstream: false },
  { reference: '\\left\\{\\begin{array}{ll} 2x & x<1 \\\\ x+1 & x \\geq 1 \\end{array}\\right.', upstream: true },
  { reference: 'a_n = 3n+1', upstream: false },
  { reference: 'x_1 = 2, x_2 = 3', upstream: false },
  { reference: 'T_{10} = 55', upstream: false },
  { reference: 'A3_{16}', upstream: true },
  { reference: '1011_2', upstream: true },
  { reference: '\\frac{1}{0}', upstream: true },
  { reference: '\\text{(C)}', upstream: true },
]

describe('real references given back boxed grade equal to themselves', () => {
  it.each(REFERENCES)('$reference', ({ reference, upstream }) => {
    expect(gradeMath(`\\boxed{${reference}}`, reference).score).toBe(1)
    expect(gradeMath(`\\boxed{${reference}}`, reference, { exactUpstream: true }).score).toBe(upstream ? 1 : 0)
  })

  it('reads the whole boxed answer only when the reference would be cut, so cut answers still grade as before', () => {
    expect(gradeMath('\\boxed{$2: 15$ PM}', '15$ PM').score).toBe(1)
    expect(gradeMath('\\boxed{2: 15}', '$2: 15$ PM').score).toBe(0)
    expect(gradeMath('\\boxed{[-2,7]}', 'x \\in [-2,7]').score).toBe(1)
    expect(gradeMath('\\boxed{\\text{There is a solution}}', '\\text{There is no solution}').score).toBe(0)
  })
})
