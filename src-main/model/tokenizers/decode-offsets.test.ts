import { describe, expect, it } from 'vitest'
import { decodeWithOffsetsBy } from './decode-offsets'

// Decoders written as plain functions over a toy vocabulary, each with a behaviour real decoders have.
const pieces = ['▁a', '▁b', 'c', '▁', 'd']
/** Metaspace-like: "▁" is a space, and the text's leading space is dropped. */
const metaspace = (ids: readonly number[]) => ids.map((id) => pieces[id]).join('').replaceAll('▁', ' ').replace(/^ /, '')

describe('decodeWithOffsetsBy', () => {
  it('gives the first token its stripped text and later tokens their spaces', () => {
    const r = decodeWithOffsetsBy(metaspace, [0, 1, 2, 3, 4])
    expect(r.text).toBe('a bc d')
    expect(r.offsets).toEqual([[0, 1], [1, 3], [3, 4], [4, 5], [5, 6]])
  })

  it('handles an empty sequence', () => {
    expect(decodeWithOffsetsBy(metaspace, [])).toEqual({ text: '', offsets: [] })
  })

  it('falls back to exact prefix decoding when the text depends on tokens far back', () => {
    // Upper-cases everything once token 9 has been seen anywhere before: a window of recent tokens cannot see it.
    const shouting = (ids: readonly number[]) => {
      const s = ids.map((id) => (id === 9 ? '!' : String.fromCharCode(97 + id))).join('')
      return ids.slice(0, -1).includes(9) ? s.toUpperCase() : s
    }
    const ids = [9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 2, 3]
    const r = decodeWithOffsetsBy(shouting, ids)
    expect(r.text).toBe('!ABCDEFGHIABCD')
    // Joined spans give the text back, one character per token.
    expect(r.offsets).toEqual(ids.map((_, i) => [i, i + 1]))
  })
})
