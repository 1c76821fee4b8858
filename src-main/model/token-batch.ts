// Packs (prompt, response) token sequences into the programs' right-padded batch: tokens (B, T) are the inputs at
// positions 0..T-1 and targets (B, T) the tokens that follow, so scoring a sequence of length L needs T = L - 1
// columns (its last token is only ever a target). mask is 1 exactly where the target is a response token.

export interface PromptResponse {
  prompt: readonly number[]
  response: readonly number[]
}

export interface TokenBatch {
  batch: number
  seq: number
  tokens: BigInt64Array
  targets: BigInt64Array
  /** 1 where targets[b, t] is a response token, else 0 (prompt and padding). */
  mask: Float32Array
  /** Rows that hold a sequence (the rest is padding added to reach a fixed batch size). */
  rows: number
  /** Column of each row's first response target (= prompt length - 1). */
  responseStart: number[]
  responseLength: number[]
}

export interface PackOptions {
  /** Fill id for padding (its predictions are masked out). */
  padId: number
  /** Pad to this many columns (default: the longest sequence's L - 1). */
  seq?: number
  /** Pad to this many rows (default: one per sequence). */
  batch?: number
  /** Ids must be below this (the model's vocabulary), checked so a bad id fails here rather than inside ORT. */
  vocabSize?: number
}

export function packSequences(items: readonly PromptResponse[], opts: PackOptions): TokenBatch {
  if (items.length === 0) throw new Error('packSequences: no sequences')
  const need = Math.max(...items.map((it) => it.prompt.length + it.response.length - 1))
  const seq = opts.seq ?? need
  const batch = opts.batch ?? items.length
  if (seq < need) throw new Error(`packSequences: a sequence needs ${need} positions, the batch has ${seq}`)
  if (batch < items.length) throw new Error(`packSequences: ${items.length} sequences do not fit a batch of ${batch}`)
  const tokens = new BigInt64Array(batch * seq).fill(BigInt(opts.padId))
  const targets = new BigInt64Array(batch * seq).fill(BigInt(opts.padId))
  const mask = new Float32Array(batch * seq)
  items.forEach((it, b) => {
    if (it.prompt.length === 0) throw new Error(`packSequences: sequence ${b} has an empty prompt (the first response token needs a token before it)`)
    const full = [...it.prompt, ...it.response]
    full.forEach((id, i) => {
      if (!Number.isInteger(id) || id < 0 || (opts.vocabSize !== undefined && id >= opts.vocabSize)) {
        throw new Error(`packSequences: sequence ${b}, token ${i}: id ${id} is outside the vocabulary [0, ${opts.vocabSize ?? 'inf'})`)
      }
    })
    for (let t = 0; t < full.length - 1; t++) {
      tokens[b * seq + t] = BigInt(full[t]!)
      targets[b * seq + t] = BigInt(full[t + 1]!)
      if (t + 1 >= it.prompt.length) mask[b * seq + t] = 1
    }
  })
  return {
    batch,
    seq,
    tokens,
    targets,
    mask,
    rows: items.length,
    responseStart: items.map((it) => it.prompt.length - 1),
    responseLength: items.map((it) => it.response.length),
  }
}

/** The per-response-token values of a (B, T) output, one array per packed sequence. */
export function responseValues(batch: TokenBatch, values: Float32Array): number[][] {
  return batch.responseStart.map((start, b) => Array.from(values.subarray(b * batch.seq + start, b * batch.seq + start + batch.responseLength[b]!)))
}
