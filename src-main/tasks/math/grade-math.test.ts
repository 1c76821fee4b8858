// Behaviour of the math verifier on hand-written cases (the golden file covers the authors' own verdicts).

import { describe, expect, it } from 'vitest'
import { extractAnswer, lastBoxedContent } from './extract'
import { gradeMath } from './grade-math'
import { normalizeHendrycks } from './normalize-hendrycks'
import { normalizePrm800k } from './grade-answer'
import { mathVerifier } from './math-verifier'

const score = (response: string, reference: string) => gradeMath(response, reference).score

describe('answer extraction', () => {
  it('takes the last box with nested braces, else the text after the last marker', () => {
    expect(lastBoxedContent('a \\boxed{1} b \\boxed{\\frac{a}{\\sqrt{b}}} c')).toBe('\\frac{a}{\\sqrt{b}}')
    expect(lastBoxedContent('\\boxed{5')).toBeNull()
    expect(extractAnswer('so \\fbox{ 9 }').answer).toBe('9')
    expect(extractAnswer('We know 2+2 = 4').answer).toBe('4')
    expect(extractAnswer('The answer is: 12').matched).toBe(true)
    expect(extractAnswer('no digits here').matched).toBe(false)
  })
})

describe('normalisation', () => {
  it('Hendrycks: fracs, sqrt, units, "k = "', () => {
    expect(normalizeHendrycks('\\dfrac12')).toBe('\\frac{1}{2}')
    expect(normalizeHendrycks('k = \\sqrt3')).toBe('\\sqrt{3}')
    expect(normalizeHendrycks('5\\text{ cm}')).toBe('5')
    expect(normalizeHendrycks('3/4')).toBe('\\frac{3}{4}')
  })
  it('PRM800K: LaTeX to sympy text, mixed numbers, thousands', () => {
    expect(normalizePrm800k('\\frac{\\sqrt{3}}{2}')).toBe('sqrt(3)/2')
    expect(normalizePrm800k('7\\frac{3}{4}')).toBe('7+3/4')
    expect(normalizePrm800k('1,000,000')).toBe('1000000')
    expect(normalizePrm800k('\\frac{x+1}{2}')).toBe('(x+1)/2')
  })
})

describe('equivalence', () => {
  it('accepts equal values written differently', () => {
    expect(score('\\boxed{\\frac{10}{12}}', '\\frac{5}{6}')).toBe(1)
    expect(score('\\boxed{0.5}', '\\frac{1}{2}')).toBe(1)
    expect(score('\\boxed{\\frac{1}{2}}', '0.5')).toBe(1)
    expect(score('\\boxed{(x+1)^2}', 'x^2+2x+1')).toBe(1)
    expect(score('\\boxed{\\sqrt{12}}', '2\\sqrt{3}')).toBe(1)
    expect(score('\\boxed{2.00005}', '2')).toBe(1)
  })
  it('rejects different values and different shapes', () => {
    expect(score('\\boxed{\\frac{5}{7}}', '\\frac{5}{6}')).toBe(0)
    expect(score('\\boxed{2.001}', '2')).toBe(0)
    expect(score('\\boxed{(1,2)}', '(2,1)')).toBe(0)
    expect(score('\\boxed{x^2-1}', '(x-1)^2')).toBe(0)
    expect(score('', '3')).toBe(0)
  })
  it('applies the percent variants only when a percent sign is written (fix 4)', () => {
    expect(score('\\boxed{40\\%}', '0.4')).toBe(1)
    expect(score('\\boxed{0.4}', '40\\%')).toBe(1)
    expect(score('\\boxed{6}', '600')).toBe(0)
    expect(gradeMath('\\boxed{6}', '600', { exactUpstream: true }).score).toBe(1)
  })
  it('tries pi = 3.14 as upstream does', () => {
    expect(gradeMath('\\boxed{9.42}', '3\\pi').detail).toBe('math_equal:numeric (pi=3.14)')
  })
  it('grades a boxed equation whole when its left side is an expression (fix 3)', () => {
    expect(score('\\boxed{2x + 3y - 6 = 0}', '0')).toBe(0)
    expect(score('\\boxed{2x + 3y - 6 = 0}', '2x+3y-6=0')).toBe(1)
    expect(score('\\boxed{x = 4}', '4')).toBe(1)
  })
})

describe('mathVerifier', () => {
  it('has the common signature and names a bad option', () => {
    expect(mathVerifier('\\boxed{4}', '4')).toMatchObject({ score: 1, extracted: '4' })
    expect(() => mathVerifier('\\boxed{4}', '4', { relTol: 'big' })).toThrow(/option "relTol"/)
    expect(mathVerifier('\\boxed{4.1}', '4', { relTol: 0.05 }).score).toBe(1)
  })
})
