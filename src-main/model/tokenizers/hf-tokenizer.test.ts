import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HfTokenizer } from './hf-tokenizer'
import { loadTokenizer } from './load-tokenizer'

// GPT-2's reversible byte -> printable character map (the byte-level BPE alphabet): printable Latin-1 bytes
// map to themselves, the rest to U+0100 onwards in byte order (so space 0x20 becomes "Ġ" U+0120).
function byteLevelAlphabet(): string[] {
  const kept = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff)
  let next = 0x100
  return Array.from({ length: 256 }, (_, b) => String.fromCodePoint(kept(b) ? b : next++))
}

// A tiny Qwen2-style tokenizer: byte-level BPE whose ids 0-255 are the bytes, seven merges, three added
// special tokens. Expected encodings below are worked out by hand from the merge ranks.
const MERGES = ['h e', 'l l', 'he ll', 'hell o', 'Ġ w', 'o r', 'Ġw or']
const SPECIALS = ['<|endoftext|>', '<|im_start|>', '<|im_end|>'] // ids 263, 264, 265
const QWEN2_TEMPLATE =
  "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}" +
  "{{ '<|im_start|>system\\nYou are a helpful assistant.<|im_end|>\\n' }}{% endif %}" +
  "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"

function tinyTokenizerJson(): Record<string, unknown> {
  const vocab: Record<string, number> = {}
  byteLevelAlphabet().forEach((c, b) => (vocab[c] = b))
  MERGES.forEach((m, i) => (vocab[m.replace(' ', '')] = 256 + i))
  SPECIALS.forEach((s, i) => (vocab[s] = 263 + i))
  const byteLevel = { add_prefix_space: false, trim_offsets: true, use_regex: true }
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIALS.map((content, i) => ({ id: 263 + i, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', ...byteLevel },
    post_processor: null,
    decoder: { type: 'ByteLevel', ...byteLevel },
    model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: '', end_of_word_suffix: '', fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab, merges: MERGES },
  }
}

const tinyConfig = { bos_token: null, eos_token: '<|im_end|>', pad_token: { content: '<|endoftext|>', special: true }, chat_template: QWEN2_TEMPLATE }

describe('HfTokenizer', () => {
  const t = new HfTokenizer({ tokenizerJson: tinyTokenizerJson(), tokenizerConfig: tinyConfig, source: 'tiny' })

  it('reads the special ids from tokenizer_config.json (no BOS, as in Qwen2)', () => {
    expect(t.vocabSize).toBe(266)
    expect([t.bosId, t.eosId, t.padId]).toEqual([null, 265, 263])
    expect(t.isSpecial(265)).toBe(true)
    expect(t.isSpecial(259)).toBe(false)
  })

  it('encodes by the merge ranks and adds no special tokens', () => {
    expect(t.encode('hello world')).toEqual([259, 262, 108, 100])
    expect(t.tokenToString(262)).toBe('Ġwor')
    expect(t.encode('é')).toEqual([0xc3, 0xa9])
    expect(t.encode('hi<|im_end|>')).toEqual([104, 105, 265])
  })

  it('decodes back, leaving special tokens out', () => {
    expect(t.decode([264, 259, 262, 108, 100, 265])).toBe('hello world')
    expect(() => t.decode([266])).toThrow('tiny: token 0: id 266 is outside the vocabulary [0, 266)')
  })

  it('gives token spans, with a multi-byte character owned by the token that completes it', () => {
    const { text, offsets } = t.decodeWithOffsets([259, 260, 0xc3, 0xa9, 265, 10, 104])
    expect(text).toBe('hello wé\nh')
    expect(offsets).toEqual([[0, 5], [5, 7], [7, 7], [7, 8], [8, 8], [8, 9], [9, 10]])
  })

  it('renders a Qwen2-style chat template', () => {
    const prompt = t.applyChatTemplate([{ role: 'user', content: 'What is 2+2?' }], { addGenerationPrompt: true })
    expect(prompt).toBe('<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n')
    const ids = t.encode(prompt)
    expect(ids.filter((id) => id >= 263)).toEqual([264, 265, 264, 265, 264])
    expect(t.decode(ids)).toBe('system\nYou are a helpful assistant.\nuser\nWhat is 2+2?\nassistant\n')
    const withSystem = t.applyChatTemplate([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }])
    expect(withSystem).toBe('<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n')
  })

  it('names the file and field for bad special tokens', () => {
    expect(() => new HfTokenizer({ tokenizerJson: tinyTokenizerJson(), tokenizerConfig: { eos_token: '<|nope|>' }, source: 'x/tokenizer.json' }))
      .toThrow('x/tokenizer.json: tokenizer_config.json eos_token "<|nope|>" is not in the vocabulary of tokenizer.json')
    expect(() => new HfTokenizer({ tokenizerJson: tinyTokenizerJson(), tokenizerConfig: {}, source: 'x' })).toThrow('x: tokenizer_config.json names no eos_token')
    expect(() => new HfTokenizer({ tokenizerJson: tinyTokenizerJson(), tokenizerConfig: { eos_token: 7 }, source: 'x' })).toThrow('field "eos_token" must be a string')
  })

  it('names a word a vocabulary without an unk token cannot encode', () => {
    const wordLevel = {
      model: { type: 'WordLevel', vocab: { '</s>': 0, hello: 1, world: 2 }, unk_token: '<unk>' },
      pre_tokenizer: { type: 'WhitespaceSplit' },
      added_tokens: [{ id: 0, content: '</s>', special: true, single_word: false, lstrip: false, rstrip: false, normalized: false }],
      decoder: null,
      normalizer: null,
      post_processor: null,
    }
    const words = new HfTokenizer({ tokenizerJson: wordLevel, tokenizerConfig: { eos_token: '</s>' }, source: 'words' })
    expect(words.encode('hello world')).toEqual([1, 2])
    expect(() => words.encode('hello there world')).toThrow('words: token 1 ("there") is not in the vocabulary and the tokenizer has no unk token')
  })

  it('reports a missing chat template', () => {
    const plain = new HfTokenizer({ tokenizerJson: tinyTokenizerJson(), tokenizerConfig: { eos_token: '<|im_end|>' }, source: 'plain' })
    expect(() => plain.applyChatTemplate([{ role: 'user', content: 'x' }])).toThrow('plain: the tokenizer has no chat template')
  })
})

describe('loadTokenizer (Hugging Face directory)', () => {
  let dir = ''
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hf-tok-'))
    await writeFile(join(dir, 'tokenizer.json'), JSON.stringify(tinyTokenizerJson()))
    await writeFile(join(dir, 'tokenizer_config.json'), JSON.stringify({ eos_token: '<|im_end|>' }))
    await writeFile(join(dir, 'chat_template.jinja'), QWEN2_TEMPLATE)
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('loads tokenizer.json with a separate chat_template.jinja, and keeps the template when saved', async () => {
    const t = await loadTokenizer(dir)
    expect(t).toBeInstanceOf(HfTokenizer)
    const hf = t as HfTokenizer
    expect(hf.encode('hello')).toEqual([259])
    expect(hf.applyChatTemplate([{ role: 'system', content: 's' }])).toBe('<|im_start|>system\ns<|im_end|>\n')
    expect(hf.hfFiles().tokenizerConfig.chat_template).toBe(QWEN2_TEMPLATE)
  })

  it('names the missing tokenizer.json', async () => {
    await expect(loadTokenizer(join(dir, 'absent'))).rejects.toThrow(/absent\/tokenizer\.json: not found \(required/)
  })
})
