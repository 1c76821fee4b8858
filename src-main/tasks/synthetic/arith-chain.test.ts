import { describe, expect, it } from 'vitest'
import { ARITH_CHAIN_CHARSET, arithChain, firstErrorIsMisconception, smallerFromLarger } from './arith-chain'

// Problem "7 +3 *2 -4": 7+3=10, 10*2=20, 20-4=16.
const p = arithChain.parsePrompt('7 +3 *2 -4')
const truth = (response: string) => arithChain.stepTruth(p, response)

describe('arith-chain step truth', () => {
  it('accepts the right chain', () => {
    expect(p.answer).toBe('16')
    expect(truth('7+3=10\n10*2=20\n20-4=16\n\\boxed{16}')).toEqual([true, true, true, true])
  })
  it('flags wrong arithmetic, and judges the next steps (the answer line too) from the written result', () => {
    expect(truth('7+3=11\n11*2=22\n22-4=18\n\\boxed{18}')).toEqual([false, true, true, true])
  })
  it('flags an operand that does not continue from the previous result', () => {
    expect(truth('7+3=10\n7*2=14\n14-4=10\n\\boxed{10}')).toEqual([true, false, true, true])
  })
  it('flags the wrong operation or operand', () => {
    expect(truth('7+3=10\n10+2=12\n12-4=8\n\\boxed{8}')).toEqual([true, false, true, true])
    expect(truth('7+3=10\n10*3=30\n30-4=26\n\\boxed{26}')).toEqual([true, false, true, true])
  })
  it('flags a premature answer', () => {
    expect(truth('7+3=10\n10*2=20\n\\boxed{20}')).toEqual([true, true, false])
  })
  it('flags a wrong final answer after right steps', () => {
    expect(truth('7+3=10\n10*2=20\n20-4=16\n\\boxed{15}')).toEqual([true, true, true, false])
  })
  it('flags extra lines and lines after the answer; a missing line makes the next op line wrong', () => {
    expect(truth('7+3=10\n10*2=20\n20-4=16\n16+1=17\n\\boxed{16}')).toEqual([true, true, true, false, true])
    expect(truth('7+3=10\n10*2=20\n20-4=16\n\\boxed{16}\n16-0=16')).toEqual([true, true, true, true, false])
    expect(truth('7+3=10\n20-4=16\n\\boxed{16}')).toEqual([true, false, false]) // and the answer comes too early
    expect(truth('7+3=10\nhmm\n10*2=20\n20-4=16\n\\boxed{16}')).toEqual([true, false, true, true, true])
  })
  it('scores the outcome from the last line only', () => {
    expect(arithChain.verify('7+3=10\n10*2=20\n20-4=16\n\\boxed{16}', '16').score).toBe(1)
    expect(arithChain.verify('7+3=10\n10*2=20\n20-4=16', '16')).toEqual({ score: 0, detail: 'no answer line' })
    expect(arithChain.verify('\\boxed{16}\nmore', '16').score).toBe(0)
    expect(arithChain.verify('\\boxed{17}', '16')).toMatchObject({ score: 0, detail: 'wrong answer' })
  })
  it('segment offsets map back to the response', () => {
    const r = '7+3=10\n10*2=20\n\\boxed{20}'
    expect(arithChain.segmentSteps(r)).toEqual([
      { start: 0, end: 6, text: '7+3=10' },
      { start: 7, end: 14, text: '10*2=20' },
      { start: 15, end: 25, text: '\\boxed{20}' },
    ])
  })
  it('lists its exact character set', () => {
    expect(ARITH_CHAIN_CHARSET).toBe('\n *+-/0123456789=\\bdeox{}')
  })
  it('divides only exactly', () => {
    expect(() => arithChain.parsePrompt('7 /2')).toThrow(/divides 7 inexactly/)
  })
})

describe('arith-chain misconception: subtraction smaller-from-larger', () => {
  it('subtracts digit by digit, the smaller digit from the larger, never borrowing', () => {
    expect(smallerFromLarger(13, 7)).toBe(14)
    expect(smallerFromLarger(52, 38)).toBe(26)
    expect(smallerFromLarger(47, 5)).toBe(42) // no borrow needed: right
    expect(smallerFromLarger(9, 4)).toBe(5)
  })

  it('writes the buggy line and carries its result on; the step truth flags exactly that line', () => {
    const q = arithChain.parsePrompt('6 +7 -8 +2')
    expect(arithChain.demonstration(q)).toBe('6+7=13\n13-8=5\n5+2=7\n\\boxed{7}')
    const buggy = arithChain.misconceivedDemonstration!(q)
    expect(buggy).toBe('6+7=13\n13-8=15\n15+2=17\n\\boxed{17}')
    expect(arithChain.stepTruth(q, buggy)).toEqual([true, false, true, true])
    expect(arithChain.verify(buggy, q.answer).score).toBe(0)
    // Where no borrow is needed the misconceived solution is the right one.
    const noBorrow = arithChain.parsePrompt('8 +9 -3')
    expect(arithChain.misconceivedDemonstration!(noBorrow)).toBe(arithChain.demonstration(noBorrow))
  })

  it('tells whether a response first goes wrong by the misconception', () => {
    const prompt = '6 +7 -8 +2'
    expect(firstErrorIsMisconception(prompt, '6+7=13\n13-8=15\n15+2=17\n\\boxed{17}')).toBe(true)
    // Right throughout: no wrong step.
    expect(firstErrorIsMisconception(prompt, '6+7=13\n13-8=5\n5+2=7\n\\boxed{7}')).toBeNull()
    // A slip in the subtraction that is not smaller-from-larger.
    expect(firstErrorIsMisconception(prompt, '6+7=13\n13-8=6\n6+2=8\n\\boxed{8}')).toBe(false)
    // The first error is an addition slip; the later smaller-from-larger step does not count.
    expect(firstErrorIsMisconception(prompt, '6+7=14\n14-8=14\n14+2=16\n\\boxed{16}')).toBe(false)
    // A premature answer.
    expect(firstErrorIsMisconception(prompt, '6+7=13\n\\boxed{13}')).toBe(false)
  })
})
