// The shape of a Llama/Qwen2-style decoder, as far as checkpoints are concerned: everything that decides
// which tensors exist and how large they are, plus the two numbers (RoPE base, norm epsilon) a checkpoint
// must carry so the same weights compute the same function elsewhere.

export interface ModelConfig {
  vocabSize: number
  /** Width of the residual stream (HF hidden_size). */
  dModel: number
  nLayers: number
  /** Query heads; head size is dModel / nHeads. */
  nHeads: number
  /** Key/value heads (grouped-query attention when fewer than nHeads). */
  nKvHeads: number
  /** Hidden width of the SwiGLU MLP (HF intermediate_size). */
  ffnDim: number
  /** The output head reuses the embedding matrix (no lm_head.weight tensor). */
  tieEmbeddings: boolean
  /** Biases on the q, k and v projections, as Qwen2 has (not on o_proj). */
  attentionBias: boolean
  ropeTheta: number
  rmsNormEps: number
  maxPositions: number
}

export function headDim(c: ModelConfig): number {
  return c.dModel / c.nHeads
}

/** Throws, naming the field, unless the config describes a buildable model. */
export function validateModelConfig(c: ModelConfig, source = 'model config'): void {
  const positiveInts = ['vocabSize', 'dModel', 'nLayers', 'nHeads', 'nKvHeads', 'ffnDim', 'maxPositions'] as const
  for (const key of positiveInts) {
    if (!Number.isSafeInteger(c[key]) || c[key] <= 0) throw new Error(`${source}: ${key} must be a positive integer, got ${c[key]}`)
  }
  for (const key of ['ropeTheta', 'rmsNormEps'] as const) {
    if (!(Number.isFinite(c[key]) && c[key] > 0)) throw new Error(`${source}: ${key} must be a positive number, got ${c[key]}`)
  }
  for (const key of ['tieEmbeddings', 'attentionBias'] as const) {
    if (typeof c[key] !== 'boolean') throw new Error(`${source}: ${key} must be true or false, got ${c[key]}`)
  }
  if (c.dModel % c.nHeads !== 0) throw new Error(`${source}: dModel ${c.dModel} is not divisible by nHeads ${c.nHeads}`)
  if (c.nHeads % c.nKvHeads !== 0) throw new Error(`${source}: nHeads ${c.nHeads} is not a multiple of nKvHeads ${c.nKvHeads}`)
  // RoPE rotates pairs of dimensions.
  if (headDim(c) % 2 !== 0) throw new Error(`${source}: head size ${headDim(c)} (dModel / nHeads) must be even for rotary embeddings`)
}
