import { describe, expect, it } from 'vitest'
import { evaluateFractionLine, FRACTIONS_CHARSET, fractions } from './fractions'

const p = fractions.parsePrompt('1/2+1/3')
const truth = (response: string) => fractions.stepTruth(p, response)

describe('fractions', () => {
  it('writes a lowest-terms boxed answer and a stepwise demonstration', () => {
    expect(p.answer).toBe('\\frac{5}{6}')
    expect(fractions.demonstration(p)).toBe('3/6+2/6\n5/6\n\\boxed{\\frac{5}{6}}')
    expect(fractions.demonstration(fractions.parsePrompt('1/6+3/6'))).toBe('4/6\n2/3\n\\boxed{\\frac{2}{3}}')
  })
  it('step truth: right, wrong arithmetic, copied line, wrong answer', () => {
    expect(truth('3/6+2/6\n5/6\n\\boxed{\\frac{5}{6}}')).toEqual([true, true, true])
    expect(truth('2/5\n\\boxed{\\frac{2}{5}}')).toEqual([false, true]) // the answer carries the slip faithfully
    expect(truth('3/6+2/6\n3/6+2/6\n5/6\n\\boxed{\\frac{5}{6}}')).toEqual([true, false, true, true])
    expect(truth('3/6+2/6\n5/6\n\\boxed{\\frac{5}{7}}')).toEqual([true, true, false])
    expect(truth('3/6+2/6\n5/6\n\\boxed{\\frac{5}{6}}\n5/6')).toEqual([true, true, true, false])
  })
  it('accepts equivalent answers through the math verifier (10/12 vs 5/6, 0.5 vs 1/2)', () => {
    expect(fractions.verify('10/12\n\\boxed{\\frac{10}{12}}', '\\frac{5}{6}').score).toBe(1)
    expect(truth('3/6+2/6\n10/12\n\\boxed{\\frac{10}{12}}')).toEqual([true, true, true])
    const half = fractions.parsePrompt('1/4+1/4')
    expect(half.answer).toBe('\\frac{1}{2}')
    expect(fractions.verify('2/4\n\\boxed{0.5}', half.answer).score).toBe(1)
    expect(fractions.verify('\\boxed{\\frac{1}{3}}', half.answer).score).toBe(0)
  })
  it('negative results at level 3', () => {
    const q = fractions.parsePrompt('1/3-1/2')
    expect(q.answer).toBe('-\\frac{1}{6}')
    expect(fractions.verify(fractions.demonstration(q), q.answer).score).toBe(1)
  })
  it('evaluates step lines exactly, multiplication first', () => {
    expect(evaluateFractionLine('1/2+1/3*3/4')).toEqual([3, 4])
    expect(evaluateFractionLine('-1/2--1/2')).toEqual([0, 1])
    expect(evaluateFractionLine('1/0+1')).toBeNull()
    expect(evaluateFractionLine('x')).toBeNull()
  })
  it('lists its exact character set', () => {
    expect(FRACTIONS_CHARSET).toBe('\n*+-/0123456789\\abcdeforx{}')
  })
})
