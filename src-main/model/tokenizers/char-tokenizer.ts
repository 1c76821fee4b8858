// A character-level tokenizer for the built-in tasks: one id per character, which keeps vocabularies tiny
// and makes every token a visible character in the UI's token view.
//
// Id layout (fixed; checkpoints depend on it):
//   0 = PAD "<|pad|>", 1 = BOS "<|bos|>", 2 = EOS "<|eos|>", then 3 + i = the i-th character of the charset.
// The charset is a string read by code point, so characters outside the BMP are single tokens too.
// Special tokens are never produced by encode: the text "<|eos|>" is seven ordinary characters here.
import { charTokenizerFiles } from './char-tokenizer-json'
import { CHAR_SPECIAL_TOKENS, FIRST_CHAR_ID } from './char-vocab'
import { DEFAULT_CHARSET } from './charsets'
import type { DecodedText, HfTokenizerFiles, Tokenizer } from './tokenizer'

export class CharTokenizer implements Tokenizer {
  readonly padId = 0
  readonly bosId = 1
  readonly eosId = 2
  readonly vocabSize: number
  /** The characters, in id order (id = 3 + index). */
  readonly chars: readonly string[]
  private readonly idOf: ReadonlyMap<string, number>

  constructor(charset: string = DEFAULT_CHARSET) {
    const chars = Array.from(charset)
    if (chars.length === 0) throw new Error('CharTokenizer: the charset is empty')
    const idOf = new Map<string, number>()
    chars.forEach((c, i) => {
      const first = idOf.get(c)
      if (first !== undefined) {
        throw new Error(`CharTokenizer: character ${describeChar(c)} appears twice in the charset (at ${first - FIRST_CHAR_ID} and ${i})`)
      }
      idOf.set(c, FIRST_CHAR_ID + i)
    })
    this.chars = chars
    this.idOf = idOf
    this.vocabSize = FIRST_CHAR_ID + chars.length
  }

  /** The charset as one string, as passed to the constructor. */
  get charset(): string {
    return this.chars.join('')
  }

  encode(text: string): number[] {
    const ids: number[] = []
    let pos = 0
    for (const c of text) {
      const id = this.idOf.get(c)
      if (id === undefined) {
        throw new Error(`CharTokenizer: character ${describeChar(c)} at position ${pos} (${lineAndColumn(text, pos)}) is not in the charset (${this.chars.length} characters)`)
      }
      ids.push(id)
      pos += c.length
    }
    return ids
  }

  decode(ids: readonly number[]): string {
    return this.decodeWithOffsets(ids).text
  }

  decodeWithOffsets(ids: readonly number[]): DecodedText {
    let text = ''
    const offsets: [number, number][] = []
    ids.forEach((id, i) => {
      this.checkId(id, `token ${i}`)
      const start = text.length
      if (id >= FIRST_CHAR_ID) text += this.chars[id - FIRST_CHAR_ID]!
      offsets.push([start, text.length])
    })
    return { text, offsets }
  }

  tokenToString(id: number): string {
    this.checkId(id, 'tokenToString')
    return id < FIRST_CHAR_ID ? CHAR_SPECIAL_TOKENS[id]! : this.chars[id - FIRST_CHAR_ID]!
  }

  isSpecial(id: number): boolean {
    this.checkId(id, 'isSpecial')
    return id < FIRST_CHAR_ID
  }

  hfFiles(): HfTokenizerFiles {
    return charTokenizerFiles(this.chars)
  }

  private checkId(id: number, where: string): void {
    if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) {
      throw new RangeError(`CharTokenizer: ${where}: id ${id} is outside the vocabulary [0, ${this.vocabSize})`)
    }
  }
}

function describeChar(c: string): string {
  const code = c.codePointAt(0)!
  return `${JSON.stringify(c)} (U+${code.toString(16).toUpperCase().padStart(4, '0')})`
}

function lineAndColumn(text: string, pos: number): string {
  const before = text.slice(0, pos)
  const line = before.split('\n').length
  const column = pos - (before.lastIndexOf('\n') + 1) + 1
  return `line ${line}, column ${column}`
}
