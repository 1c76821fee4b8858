import { describe, expect, it } from 'vitest'
import { LINEAR_EQUATION_CHARSET, linearEquation, parseEquation } from './linear-equation'

const p = linearEquation.parsePrompt('3x+5=20')
const truth = (response: string) => linearEquation.stepTruth(p, response)

describe('linear-equation step truth', () => {
  it('accepts one transformation per line', () => {
    expect(p.answer).toBe('5')
    expect(truth('3x=15\nx=5\n\\boxed{5}')).toEqual([true, true, true])
  })
  it('flags a wrong transformation and judges the next line from it', () => {
    // "25/3" is outside the grammar; the answer 5 is not the solution of the last equation (3x=25): judged locally
    expect(truth('3x=25\nx=25/3\n\\boxed{5}')).toEqual([false, false, false])
    expect(truth('3x=25\n3x-25=0\nx=5\n\\boxed{5}')).toEqual([false, true, false, true])
  })
  it('flags a wrong final answer, a repeated line and lines after the answer', () => {
    expect(truth('3x=15\nx=5\n\\boxed{6}')).toEqual([true, true, false])
    expect(truth('3x=15\n15=3x\nx=5\n\\boxed{5}')).toEqual([true, false, true, true]) // same equation mirrored: no progress
    expect(truth('3x=15\nx=5\n\\boxed{5}\nx=5')).toEqual([true, true, true, false])
  })
  it('accepts skipped transformations when the equation is still equivalent', () => {
    expect(truth('x=5\n\\boxed{5}')).toEqual([true, true])
  })
  it('solves x on both sides (level 3)', () => {
    const q = linearEquation.parsePrompt('5x+2=2x+11')
    expect(q.answer).toBe('3')
    expect(linearEquation.demonstration(q)).toBe('3x+2=11\n3x=9\nx=3\n\\boxed{3}')
    expect(linearEquation.stepTruth(q, '3x+2=11\n3x=13\nx=3\n\\boxed{3}')).toEqual([true, false, false, true])
  })
  it('parses its grammar', () => {
    expect(parseEquation('-x+12=2x-3')).toEqual({ left: { a: -1, b: 12 }, right: { a: 2, b: -3 } })
    expect(parseEquation('3(x+1)=6')).toBeNull()
  })
  it('lists its exact character set', () => {
    expect(LINEAR_EQUATION_CHARSET).toBe('\n+-0123456789=\\bdeox{}')
  })
})
