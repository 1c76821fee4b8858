import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Tokenizer as HfTokenizerEngine } from '@huggingface/tokenizers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CharTokenizer } from './char-tokenizer'
import { charsetFromTokenizerJson } from './char-tokenizer-json'
import { loadTokenizer } from './load-tokenizer'

describe("the character tokenizer's tokenizer.json", () => {
  const ours = new CharTokenizer()
  const files = ours.hfFiles()
  // Text with every kind of character the tasks use, including newlines and repeated spaces.
  const text = 'Q: 12 + 3 * (4 - 1) = ?\n  A: \\frac{a}{b}, x^2_1; [ok] "done"!\n'

  it('is read by Hugging Face tokenizers (JS) with the same ids and text', () => {
    const hf = new HfTokenizerEngine(files.tokenizerJson, files.tokenizerConfig)
    const encoded = hf.encode(text, { add_special_tokens: true })
    expect(encoded.ids).toEqual(ours.encode(text))
    const ids = [ours.bosId, ...ours.encode(text), ours.eosId]
    expect(hf.decode(ids, { skip_special_tokens: true })).toBe(ours.decode(ids))
    expect(hf.decode(ids, { skip_special_tokens: false })).toBe(`<|bos|>${text}<|eos|>`)
    expect(hf.token_to_id('<|pad|>')).toBe(0)
  })

  it('declares the special tokens to transformers in tokenizer_config.json', () => {
    expect(files.tokenizerConfig).toMatchObject({ tokenizer_class: 'PreTrainedTokenizerFast', pad_token: '<|pad|>', bos_token: '<|bos|>', eos_token: '<|eos|>', clean_up_tokenization_spaces: false })
    const added = files.tokenizerJson.added_tokens as { id: number; content: string; special: boolean }[]
    expect(added.map((t) => [t.id, t.content, t.special])).toEqual([[0, '<|pad|>', true], [1, '<|bos|>', true], [2, '<|eos|>', true]])
  })

  it('is recognised by structure and gives the charset back, order included', () => {
    expect(charsetFromTokenizerJson(files.tokenizerJson)).toBe(ours.charset)
    const custom = new CharTokenizer('z\na😀')
    expect(charsetFromTokenizerJson(custom.hfFiles().tokenizerJson)).toBe('z\na😀')
  })

  it('is not mistaken for other tokenizers', () => {
    const json = files.tokenizerJson as { model: { vocab: Record<string, number> } }
    const withVocab = (vocab: Record<string, number>) => ({ ...json, model: { ...json.model, vocab } })
    expect(charsetFromTokenizerJson({ ...json, model: { type: 'BPE', vocab: json.model.vocab, merges: [] } })).toBeNull()
    expect(charsetFromTokenizerJson({ ...json, pre_tokenizer: { type: 'Whitespace' } })).toBeNull()
    expect(charsetFromTokenizerJson(withVocab({ '<|pad|>': 0, '<|bos|>': 1, '<|eos|>': 2, ab: 3 }))).toBeNull() // multi-char entry
    expect(charsetFromTokenizerJson(withVocab({ '<|pad|>': 0, '<|bos|>': 1, '<|eos|>': 2, a: 4 }))).toBeNull() // a hole
    expect(charsetFromTokenizerJson(withVocab({ '<|bos|>': 0, '<|pad|>': 1, '<|eos|>': 2, a: 3 }))).toBeNull() // specials moved
  })
})

describe('loadTokenizer (character tokenizer directory)', () => {
  let dir = ''
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'char-tok-'))
    const { tokenizerJson, tokenizerConfig } = new CharTokenizer('ba\n').hfFiles()
    await writeFile(join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson))
    await writeFile(join(dir, 'tokenizer_config.json'), JSON.stringify(tokenizerConfig))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('comes back as a CharTokenizer with the same ids', async () => {
    const t = await loadTokenizer(dir)
    expect(t).toBeInstanceOf(CharTokenizer)
    expect(t.encode('ab\n')).toEqual([4, 3, 5])
  })
})
