// Saving and loading the model as a checkpoint directory (checkpoint/checkpoint-dir.ts: a Hugging Face model
// directory that transformers opens, plus optimizer.safetensors and rng.json for exact resume). This file only maps
// between the model's flat buffers and that format: HF tensors via hf-weights.ts, AdamW's moments in the order of
// the flat layout (checked on load), each named random stream's state words.
import { type AdamWHyper, Rng, type RngState, TrainState } from '../engine'
import { readCheckpoint, writeCheckpoint } from './checkpoint/checkpoint-dir'
import type { HfConfig } from './checkpoint/hf-config'
import { assertSameParams, type FlatParam } from './checkpoint/training-state'
import type { Tokenizer } from './tokenizers/tokenizer'
import type { ModelConfig } from './config'
import { fromHfWeights, toHfWeights } from './hf-weights'
import { modelLayout } from './programs'

export interface ModelToSave {
  config: ModelConfig
  params: Float32Array
  tokenizer: Tokenizer
  /** The optimizer to resume (its params must be `params`'s layout; its moments and step are saved). */
  optimizer?: TrainState
  /** Random streams to resume, by name (e.g. "sampling", "data"). */
  rngs?: Record<string, Rng>
}

export interface LoadedModel {
  config: ModelConfig
  /** Everything config.json said, including special token ids. */
  hfConfig: HfConfig
  params: Float32Array
  tokenizer: Tokenizer
  /** AdamW's step and moments, when the directory has them. */
  optimizer: { step: number; m: Float32Array; v: Float32Array } | null
  rngStates: Record<string, RngState> | null
}

function flatParams(c: ModelConfig): FlatParam[] {
  return modelLayout(c).entries.map((e) => ({ name: e.name, shape: [...e.shape] }))
}

export async function saveModel(dir: string, m: ModelToSave): Promise<void> {
  const layout = modelLayout(m.config)
  if (m.params.length !== layout.size) throw new Error(`saveModel ${dir}: ${m.params.length} parameters, the model has ${layout.size}`)
  if (m.optimizer && m.optimizer.m.length !== layout.size) throw new Error(`saveModel ${dir}: the optimizer state holds ${m.optimizer.m.length} values, the model has ${layout.size}`)
  await writeCheckpoint(dir, {
    config: m.config,
    weights: toHfWeights(m.config, m.params),
    tokenizer: m.tokenizer,
    ...(m.optimizer ? { optimizer: { step: m.optimizer.step, m: m.optimizer.m, v: m.optimizer.v, params: flatParams(m.config) } } : {}),
    ...(m.rngs ? { rng: Object.fromEntries(Object.entries(m.rngs).map(([name, rng]) => [name, rng.state()])) } : {}),
  })
}

export async function loadModel(dir: string): Promise<LoadedModel> {
  const ck = await readCheckpoint(dir)
  const config = ck.config.model
  const params = fromHfWeights(config, ck.weights)
  if (ck.optimizer) assertSameParams(ck.optimizer.params, flatParams(config), dir)
  let rngStates: Record<string, RngState> | null = null
  if (ck.rng) {
    rngStates = {}
    for (const [name, words] of Object.entries(ck.rng)) {
      if (words.length !== 4) throw new Error(`${dir}: random stream "${name}" has ${words.length} state words, the engine's Rng has 4`)
      rngStates[name] = words as RngState
    }
  }
  return {
    config,
    hfConfig: ck.config,
    params,
    tokenizer: ck.tokenizer,
    optimizer: ck.optimizer ? { step: ck.optimizer.step, m: ck.optimizer.m, v: ck.optimizer.v } : null,
    rngStates,
  }
}

/** The TrainState a loaded checkpoint resumes (fresh moments when it has none). */
export function resumeTrainState(loaded: LoadedModel, hyper: AdamWHyper): TrainState {
  const state = new TrainState(loaded.params.slice(), hyper)
  if (loaded.optimizer) {
    state.m = loaded.optimizer.m
    state.v = loaded.optimizer.v
    state.step = loaded.optimizer.step
  }
  return state
}

/** The named random stream as saved, or a fresh one from `seed` when the checkpoint has none. */
export function resumeRng(loaded: LoadedModel, name: string, seed: number): Rng {
  const state = loaded.rngStates?.[name]
  return state ? new Rng(state) : new Rng(seed)
}
