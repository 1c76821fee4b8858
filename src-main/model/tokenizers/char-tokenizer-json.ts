// The character tokenizer written as a Hugging Face `tokenizer.json` + `tokenizer_config.json`, so a checkpoint
// opens with `AutoTokenizer.from_pretrained(dir)` (or `PreTrainedTokenizerFast(tokenizer_file=...)`).
//
// The form: a WordLevel model whose vocabulary is the three specials plus one entry per character, behind a
// Split pre-tokenizer that isolates every character (regex `[\s\S]`, which unlike `.` also matches newlines),
// and a Fuse decoder (without a decoder the Rust library joins tokens with spaces). Checked against the Rust
// `tokenizers` 0.22 library (through a Node binding) and `@huggingface/tokenizers`: both give our ids for
// text inside the charset and our text back from decode.
//
// How far the compatibility goes:
//  - Text inside the charset encodes to the same ids; decode(ids, skip_special_tokens=True) gives our decode.
//  - A character outside the charset is an error here and in the Rust library ("Missing [UNK] token": the
//    declared unk token is deliberately absent from the vocabulary, so nothing is silently replaced).
//  - The specials are "added tokens" there, so the literal text "<|eos|>" encodes to EOS in Hugging Face's
//    tokenizers but to seven characters here. Task text never contains these strings.
//  - No post-processor: Hugging Face's encode(text) adds no BOS/EOS, exactly like our encode.
import { CHAR_SPECIAL_TOKENS, FIRST_CHAR_ID } from './char-vocab'
import type { HfTokenizerFiles } from './tokenizer'

const SPLIT_EVERY_CHARACTER = '[\\s\\S]'
/** Declared as WordLevel's unk token (the Rust library requires one) but kept out of the vocabulary. */
const ABSENT_UNK_TOKEN = '<|unk|>'

export function charTokenizerFiles(chars: readonly string[]): HfTokenizerFiles {
  const vocab: Record<string, number> = {}
  CHAR_SPECIAL_TOKENS.forEach((token, id) => (vocab[token] = id))
  chars.forEach((c, i) => (vocab[c] = FIRST_CHAR_ID + i))
  const tokenizerJson = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: CHAR_SPECIAL_TOKENS.map((content, id) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: null,
    pre_tokenizer: { type: 'Split', pattern: { Regex: SPLIT_EVERY_CHARACTER }, behavior: 'Isolated', invert: false },
    post_processor: null,
    decoder: { type: 'Fuse' },
    model: { type: 'WordLevel', vocab, unk_token: ABSENT_UNK_TOKEN },
  }
  const [pad, bos, eos] = CHAR_SPECIAL_TOKENS
  const tokenizerConfig = {
    tokenizer_class: 'PreTrainedTokenizerFast',
    bos_token: bos,
    eos_token: eos,
    pad_token: pad,
    // transformers would otherwise "clean up" spaces before punctuation on decode, changing the text.
    clean_up_tokenization_spaces: false,
  }
  return { tokenizerJson, tokenizerConfig }
}

/**
 * The charset of a tokenizer.json in the form above, or null when the file is some other tokenizer (which
 * then loads as an HfTokenizer). Recognised by structure, whoever wrote the file.
 */
export function charsetFromTokenizerJson(json: Record<string, unknown>): string | null {
  const model = json.model as { type?: unknown; vocab?: unknown } | null | undefined
  const pre = json.pre_tokenizer as { type?: unknown; pattern?: { Regex?: unknown }; behavior?: unknown } | null | undefined
  const normalizer = json.normalizer ?? null
  const postProcessor = json.post_processor ?? null
  if (model?.type !== 'WordLevel' || typeof model.vocab !== 'object' || model.vocab === null) return null
  if (pre?.type !== 'Split' || pre.pattern?.Regex !== SPLIT_EVERY_CHARACTER || pre.behavior !== 'Isolated') return null
  if (normalizer !== null || postProcessor !== null) return null
  const entries = Object.entries(model.vocab as Record<string, unknown>)
  const byId: string[] = []
  for (const [token, id] of entries) {
    // Ids must be exactly 0 … entries-1, each once.
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= entries.length || byId[id] !== undefined) return null
    byId[id] = token
  }
  const specialsInPlace = CHAR_SPECIAL_TOKENS.every((token, id) => byId[id] === token)
  const chars = byId.slice(FIRST_CHAR_ID)
  if (!specialsInPlace || chars.length === 0) return null
  if (chars.some((c) => Array.from(c).length !== 1)) return null
  return chars.join('')
}
