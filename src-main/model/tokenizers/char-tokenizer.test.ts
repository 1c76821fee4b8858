import { describe, expect, it } from 'vitest'
import { CharTokenizer } from './char-tokenizer'
import { COMPACT_CHARSET, DEFAULT_CHARSET } from './charsets'

describe('CharTokenizer', () => {
  it('lays out PAD=0, BOS=1, EOS=2, then the charset in order', () => {
    const t = new CharTokenizer('ab\n')
    expect([t.padId, t.bosId, t.eosId]).toEqual([0, 1, 2])
    expect(t.vocabSize).toBe(6)
    expect(t.encode('ba\na')).toEqual([4, 3, 5, 3])
    expect([0, 1, 2, 3, 4, 5].map((id) => t.tokenToString(id))).toEqual(['<|pad|>', '<|bos|>', '<|eos|>', 'a', 'b', '\n'])
    expect([0, 1, 2, 3].map((id) => t.isSpecial(id))).toEqual([true, true, true, false])
  })

  it('default charset: newline + printable ASCII (vocab 99) and covers the synthetic tasks', () => {
    const t = new CharTokenizer()
    expect(t.vocabSize).toBe(99)
    expect(t.charset).toBe(DEFAULT_CHARSET)
    const needed = '0123456789+-*/=().,  \nabcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ\\{}^_:?'
    expect(t.decode(t.encode(needed))).toBe(needed)
  })

  it('compact charset fits the XS/S presets (vocab 64)', () => {
    const t = new CharTokenizer(COMPACT_CHARSET)
    expect(t.vocabSize).toBe(64)
    const text = 'what is 12*(3+4)/2?\nanswer: \\frac{1}{2}, x^2_1 = [0]!'
    expect(t.decode(t.encode(text))).toBe(text)
  })

  it('round-trips every character of the charset and a realistic problem', () => {
    const t = new CharTokenizer()
    expect(t.decode(t.encode(DEFAULT_CHARSET))).toBe(DEFAULT_CHARSET)
    const problem = 'Compute $\\sqrt{2^{10}}$.\nStep 1: 2^10 = 1024.\nThe answer is \\boxed{32}.'
    const ids = t.encode(problem)
    expect(ids).toHaveLength(problem.length)
    expect(t.decode(ids)).toBe(problem)
  })

  it('names an unknown character with its position, line and column', () => {
    const t = new CharTokenizer('abc\n')
    expect(() => t.encode('ab\ncé')).toThrow('CharTokenizer: character "é" (U+00E9) at position 4 (line 2, column 2) is not in the charset (4 characters)')
    expect(() => new CharTokenizer().encode('x × y')).toThrow(/"×" \(U\+00D7\) at position 2 \(line 1, column 3\)/)
  })

  it('rejects an empty charset and duplicate characters', () => {
    expect(() => new CharTokenizer('')).toThrow('the charset is empty')
    expect(() => new CharTokenizer('abca')).toThrow('character "a" (U+0061) appears twice in the charset (at 0 and 3)')
  })

  it('decode leaves special tokens out and rejects ids outside the vocabulary', () => {
    const t = new CharTokenizer('ab')
    expect(t.decode([1, 3, 4, 2, 0, 0])).toBe('ab')
    expect(() => t.decode([3, 5])).toThrow('token 1: id 5 is outside the vocabulary [0, 5)')
    expect(() => t.decode([3, 1.5])).toThrow('token 1: id 1.5 is outside')
    expect(() => t.tokenToString(-1)).toThrow('outside the vocabulary')
  })

  it('gives each token its span; specials get empty spans', () => {
    const t = new CharTokenizer('ab\n')
    const { text, offsets } = t.decodeWithOffsets([1, 3, 5, 4, 2])
    expect(text).toBe('a\nb')
    expect(offsets).toEqual([[0, 0], [0, 1], [1, 2], [2, 3], [3, 3]])
  })

  it('treats characters outside the BMP as one token with a two-unit span', () => {
    const t = new CharTokenizer('a😀')
    const ids = t.encode('😀a')
    expect(ids).toEqual([4, 3])
    expect(t.decodeWithOffsets(ids).offsets).toEqual([[0, 2], [2, 3]])
    expect(() => t.encode('a😁')).toThrow('at position 1')
  })
})
