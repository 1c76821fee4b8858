// The one interface the model, the RL loop and the UI see, whatever tokenizer sits behind it: the built-in
// character-level tokenizer (char-tokenizer.ts) or an imported Hugging Face tokenizer (hf-tokenizer.ts).

/** Text plus, for each token, the [start, end) span (UTF-16 code units, as JS strings index) it produced. */
export interface DecodedText {
  text: string
  /**
   * offsets[i] is the span of `text` that token i completed. Spans are contiguous and in order, so joining
   * `text.slice(start, end)` over all tokens gives `text` back. A token that produces no text of its own (a
   * special token, or a byte that only completes a character together with later bytes) gets an empty span.
   * The RL code uses these spans to assign reasoning steps (lines) to tokens.
   */
  offsets: [number, number][]
}

/** The two files a Hugging Face tokenizer is saved as, so a checkpoint can carry its tokenizer. */
export interface HfTokenizerFiles {
  /** The content of `tokenizer.json`. */
  tokenizerJson: Record<string, unknown>
  /** The content of `tokenizer_config.json`. */
  tokenizerConfig: Record<string, unknown>
}

export interface Tokenizer {
  /** One more than the largest token id (the model's vocabulary may be larger, never smaller). */
  readonly vocabSize: number
  /** Padding id. Padded positions are masked out, so a tokenizer without a pad token uses its EOS id. */
  readonly padId: number
  /** Beginning-of-sequence id, or null where the model has none (Qwen2): callers then prepend nothing. */
  readonly bosId: number | null
  readonly eosId: number
  /** The ids of `text`. No special tokens are added: callers (or a chat template) place BOS/EOS themselves. */
  encode(text: string): number[]
  /** The text of `ids`, with special tokens (PAD, BOS, EOS, …) left out. */
  decode(ids: readonly number[]): string
  /** Like decode, plus the span each token produced. */
  decodeWithOffsets(ids: readonly number[]): DecodedText
  /** The vocabulary entry of one id as written in the vocabulary (e.g. "Ġthe" for a byte-level BPE). */
  tokenToString(id: number): string
  isSpecial(id: number): boolean
  /** The tokenizer as `tokenizer.json` + `tokenizer_config.json`, for a checkpoint directory. */
  hfFiles(): HfTokenizerFiles
}
