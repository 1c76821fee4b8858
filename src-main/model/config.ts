// Model presets and config construction. The config type itself is the checkpoint module's ModelConfig (what a
// Hugging Face config.json describes), so a preset, a trained checkpoint and an imported model share one shape.
import { headDim, validateModelConfig, type ModelConfig } from './checkpoint/model-config'

export { headDim, validateModelConfig, type ModelConfig }

/** Everything about the architecture except the sizes: plain Llama defaults. */
const LLAMA_DEFAULTS = {
  tieEmbeddings: false,
  attentionBias: false,
  ropeTheta: 10000,
  rmsNormEps: 1e-5,
  maxPositions: 512,
} as const

/**
 * The presets of the model issue. Vocabulary 64 is the compact character tokenizer's (COMPACT_CHARSET).
 * S is the benchmark workload (about 3.2M parameters); M is about 13M.
 */
export const PRESETS = {
  XS: { ...LLAMA_DEFAULTS, vocabSize: 64, dModel: 128, nLayers: 2, nHeads: 4, nKvHeads: 4, ffnDim: 352 },
  S: { ...LLAMA_DEFAULTS, vocabSize: 64, dModel: 256, nLayers: 4, nHeads: 4, nKvHeads: 4, ffnDim: 704 },
  M: { ...LLAMA_DEFAULTS, vocabSize: 64, dModel: 512, nLayers: 4, nHeads: 8, nKvHeads: 8, ffnDim: 1408 },
} as const satisfies Record<string, ModelConfig>

export type PresetName = keyof typeof PRESETS

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(PRESETS, name)
}

/** A preset with some fields overridden (e.g. a larger vocabulary, grouped-query heads), validated. */
export function modelConfig(base: PresetName | ModelConfig, overrides: Partial<ModelConfig> = {}): ModelConfig {
  let from: ModelConfig
  if (typeof base === 'string') {
    if (!isPresetName(base)) throw new Error(`unknown model preset "${base}" (known: ${Object.keys(PRESETS).join(', ')})`)
    from = PRESETS[base]
  } else {
    from = base
  }
  const config: ModelConfig = { ...from, ...overrides }
  validateModelConfig(config, typeof base === 'string' ? `preset ${base}` : 'model config')
  return config
}

/** Number of parameters (the embedding counted once when tied). */
export function parameterCount(c: ModelConfig): number {
  const d = headDim(c)
  const qkv = (c.nHeads + 2 * c.nKvHeads) * d
  const perLayer = 2 * c.dModel + c.dModel * qkv + (c.attentionBias ? qkv : 0) + c.nHeads * d * c.dModel + 3 * c.dModel * c.ffnDim
  return c.vocabSize * c.dModel * (c.tieEmbeddings ? 1 : 2) + c.nLayers * perLayer + c.dModel
}
