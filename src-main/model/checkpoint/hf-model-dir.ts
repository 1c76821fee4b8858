// A model as a Hugging Face model directory: config.json + model.safetensors (or shards + index) +
// tokenizer.json + tokenizer_config.json. This is both how our policies are saved (so
// `AutoModelForCausalLM.from_pretrained(dir)` opens them) and how local Llama/Qwen2-style models are imported.
import { join } from 'node:path'
import { loadTokenizer } from '../tokenizers/load-tokenizer'
import type { Tokenizer } from '../tokenizers/tokenizer'
import { hfConfigJson, parseHfConfig, type HfConfig } from './hf-config'
import { readRequiredJson, writeJson } from './json-file'
import { assertMatchesLayout, llamaTensorLayout } from './llama-layout'
import type { ModelConfig } from './model-config'
import { numel } from './safetensors-format'
import { writeSafetensors } from './safetensors-writer'
import { SINGLE_WEIGHTS_FILE, WeightFiles } from './weight-files'

export interface HfModel {
  config: HfConfig
  /** Every tensor of the Llama layout by its HF name, as float32 in HF's shape (row-major). */
  weights: Map<string, Float32Array>
  tokenizer: Tokenizer
}

export interface ModelToSave {
  config: ModelConfig
  /** Every tensor of the Llama layout by HF name, row-major in HF's shape (Linear weights [out, in]). */
  weights: ReadonlyMap<string, Float32Array>
  tokenizer: Tokenizer
}

export async function readHfModelDir(dir: string): Promise<HfModel> {
  const configPath = join(dir, 'config.json')
  const config = parseHfConfig(await readRequiredJson(configPath, 'a model directory needs its config.json'), configPath)
  const tokenizer = await loadTokenizer(dir)
  if (tokenizer.vocabSize > config.model.vocabSize) {
    throw new Error(`${dir}: the tokenizer has ${tokenizer.vocabSize} ids but config.json vocab_size is ${config.model.vocabSize}`)
  }
  const files = await WeightFiles.open(dir)
  try {
    const shapes = files.shapes()
    for (const name of shapes.keys()) if (isIgnoredOnLoad(name, config.model)) shapes.delete(name)
    assertMatchesLayout(shapes, config.model, dir)
    const weights = new Map<string, Float32Array>()
    for (const { name } of llamaTensorLayout(config.model)) weights.set(name, await files.readF32(name))
    return { config, weights, tokenizer }
  } finally {
    await files.close()
  }
}

/**
 * Tensors transformers itself skips when loading: rotary inverse frequencies that older exports saved
 * (recomputed from rope_theta), and a copy of the embedding saved as lm_head.weight by a tied model (tying
 * replaces it with the embedding).
 */
export function isIgnoredOnLoad(name: string, c: ModelConfig): boolean {
  return name.endsWith('.self_attn.rotary_emb.inv_freq') || (c.tieEmbeddings && name === 'lm_head.weight')
}

/** Writes the model's files into an existing directory (the caller makes that atomic). */
export async function writeHfModelFiles(dir: string, model: ModelToSave): Promise<void> {
  const { config, weights, tokenizer } = model
  if (tokenizer.vocabSize > config.vocabSize) throw new Error(`the tokenizer has ${tokenizer.vocabSize} ids but the model's vocabSize is ${config.vocabSize}`)
  const layout = llamaTensorLayout(config)
  const shapeOf = new Map(layout.map((s) => [s.name, s.shape]))
  // Shapes come from the layout; a buffer of the wrong length shows up as a mis-shaped tensor.
  const found = new Map<string, number[]>()
  for (const [name, data] of weights) {
    const shape = shapeOf.get(name)
    found.set(name, shape && numel(shape) === data.length ? shape : [data.length])
  }
  assertMatchesLayout(found, config, `model to save in ${dir}`)
  await writeSafetensors(
    join(dir, SINGLE_WEIGHTS_FILE),
    layout.map((s) => ({ name: s.name, dtype: 'F32' as const, shape: s.shape, data: weights.get(s.name)! })),
    // transformers refuses a safetensors file whose metadata has no known "format" ("pt" for PyTorch).
    { format: 'pt' },
  )
  const tokens = { bosTokenId: tokenizer.bosId, eosTokenIds: [tokenizer.eosId], padTokenId: tokenizer.padId }
  await writeJson(join(dir, 'config.json'), hfConfigJson(config, tokens))
  const { tokenizerJson, tokenizerConfig } = tokenizer.hfFiles()
  await writeJson(join(dir, 'tokenizer.json'), tokenizerJson)
  await writeJson(join(dir, 'tokenizer_config.json'), tokenizerConfig)
}
