// The SFT warm start: train the policy on worked demonstrations (a built-in task's, or a dataset's solutions), so RL
// starts from a model that answers in the task's format and is right sometimes (PRIME starts from an SFT model too).
// A preset starts from fresh weights, a checkpoint from its own. The result is cached per (model, task, SFT
// settings) in the workspace, so every run of a comparison starts from the very same weights whatever its
// algorithm or RL seed.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { RlConfig } from '../../../src-preload/contract/rl-config'
import { DEFAULT_ADAMW, TrainState } from '../../engine'
import type { LanguageModel } from '../../model/language-model'
import type { Tokenizer } from '../../model/tokenizers/tokenizer'
import { writeDirectoryAtomically } from '../../storage/atomic-dir'
import { readModelParams } from './checkpoints'
import { packSequencesBucketed } from './episodes'
import type { ProblemSource } from './problem-source'
import type { PromptEncoder } from './prompt-encoder'
import { writeHfModelFiles } from '../../model/checkpoint/hf-model-dir'
import { toHfWeights } from '../../model/hf-weights'
import { CorruptCheckpointError, writeManifest } from '../../model/checkpoint/manifest'

export interface SftProgress {
  (step: number, total: number, loss: number): Promise<void> | void
}

/** The cache key: everything that determines the SFT weights. */
export function sftKey(config: RlConfig): string {
  // A built-in task's demonstrations depend on its name, level and misconception only (not on how much is held out).
  const model = config.model.kind === 'preset' ? config.model.preset : config.model
  const task = config.task.kind === 'builtin' ? { name: config.task.name, level: config.task.level, misconception: config.task.misconception } : config.task
  const what = { model, task, sft: config.sft, maxResponseTokens: config.rollout.maxResponseTokens }
  return createHash('sha256').update(JSON.stringify(what)).digest('hex').slice(0, 16)
}

export interface SftInputs {
  model: LanguageModel
  tokenizer: Tokenizer
  prompts: PromptEncoder
  source: ProblemSource
  /** Where training starts: a checkpoint's weights, or null for fresh weights from the SFT seed. */
  init: Float32Array | null
}

export async function trainSft(config: RlConfig, inputs: SftInputs, onStep: SftProgress): Promise<Float32Array> {
  const { model, tokenizer, prompts, source } = inputs
  const { seed, steps, batchSize, lr } = config.sft
  const state = new TrainState(inputs.init ? inputs.init.slice() : model.initParams(seed), { ...DEFAULT_ADAMW, weightDecay: 0.01, maxGradNorm: 1 })
  const demonstrations = source.demonstrations(seed, steps * batchSize)
  for (let step = 0; step < steps; step++) {
    const items = demonstrations.slice(step * batchSize, (step + 1) * batchSize).map(({ problem, response: text }) => {
      const response = [...tokenizer.encode(text), tokenizer.eosId]
      if (response.length > config.rollout.maxResponseTokens) {
        throw new Error(`a ${source.description} demonstration takes ${response.length} tokens, more than rollout.maxResponseTokens (${config.rollout.maxResponseTokens})`)
      }
      return { prompt: prompts.encode(problem), response }
    })
    const batch = packSequencesBucketed(items, batchSize, tokenizer.padId, model.config.vocabSize)
    const result = await model.sftStep(state, batch, lr)
    const loss = result.losses[0]!
    if (!Number.isFinite(loss)) throw new Error(`SFT loss is ${loss} at step ${step + 1}`)
    await onStep(step + 1, steps, loss)
  }
  return state.params
}

/**
 * The SFT weights for `config`: from the workspace cache when another run already trained them, else trained now
 * (also when the cached copy fails its checksums: `damaged` then says which file and why).
 */
export async function sftWeights(
  config: RlConfig,
  cacheRoot: string,
  inputs: SftInputs,
  onStep: SftProgress,
): Promise<{ params: Float32Array; cached: boolean; dir: string; damaged?: string }> {
  const { model, tokenizer } = inputs
  const dir = join(cacheRoot, sftKey(config))
  let damaged: string | undefined
  if (existsSync(join(dir, 'config.json'))) {
    try {
      return { params: await readModelParams(dir, model), cached: true, dir }
    } catch (error) {
      if (!(error instanceof CorruptCheckpointError)) throw error
      damaged = error.message
    }
  }
  const params = await trainSft(config, inputs, onStep)
  await writeDirectoryAtomically(dir, async (temp) => {
    await writeHfModelFiles(temp, { config: model.config, weights: toHfWeights(model.config, params), tokenizer })
    await writeManifest(temp)
  })
  return { params, cached: false, dir, ...(damaged ? { damaged } : {}) }
}
