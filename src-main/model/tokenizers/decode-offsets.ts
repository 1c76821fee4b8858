// Token -> text spans for tokenizers that only decode whole id sequences (Hugging Face tokenizers in JS expose
// no decode offsets). A token's text is what decoding it adds to the tokens before it: byte-level BPE needs
// several tokens for one multi-byte character, and Metaspace/Strip decoders treat the first token specially,
// so tokens cannot be decoded one by one.
import type { DecodedText } from './tokenizer'

/** Tokens of left context decoded before each new token (enough for any decoder's look-behind in practice). */
const CONTEXT_TOKENS = 8
const REPLACEMENT_CHARACTER = '\uFFFD'

/**
 * Spans by incremental decoding with a short left context (O(n · context) decodes of short sequences), checked
 * against the full decode; if they disagree (a decoder whose output depends on far-away tokens, or a genuine
 * U+FFFD in the text) the spans are recomputed exactly from every prefix (O(n²)).
 */
export function decodeWithOffsetsBy(decode: (ids: readonly number[]) => string, ids: readonly number[]): DecodedText {
  const text = decode(ids)
  return incrementalOffsets(decode, ids, text) ?? prefixOffsets(decode, ids, text)
}

function incrementalOffsets(decode: (ids: readonly number[]) => string, ids: readonly number[], text: string): DecodedText | null {
  const offsets: [number, number][] = []
  let out = ''
  let pendingFrom = 0 // first token whose text has not been emitted yet
  for (let i = 0; i < ids.length; i++) {
    const contextFrom = Math.max(0, pendingFrom - CONTEXT_TOKENS)
    const before = decode(ids.slice(contextFrom, pendingFrom))
    const after = decode(ids.slice(contextFrom, i + 1))
    // An incomplete UTF-8 sequence decodes to U+FFFD: wait for the token that completes the character.
    if (after.endsWith(REPLACEMENT_CHARACTER) || !after.startsWith(before)) continue
    const start = out.length
    out += after.slice(before.length)
    for (let j = pendingFrom; j < i; j++) offsets.push([start, start])
    offsets.push([start, out.length])
    pendingFrom = i + 1
  }
  for (let j = pendingFrom; j < ids.length; j++) offsets.push([out.length, out.length])
  return out === text ? { text, offsets } : null
}

function prefixOffsets(decode: (ids: readonly number[]) => string, ids: readonly number[], text: string): DecodedText {
  const offsets: [number, number][] = []
  let end = 0
  for (let i = 0; i < ids.length; i++) {
    const start = end
    end = i === ids.length - 1 ? text.length : Math.max(end, commonPrefixLength(decode(ids.slice(0, i + 1)), text))
    offsets.push([start, end])
  }
  return { text, offsets }
}

function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  let i = 0
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++
  return i
}
