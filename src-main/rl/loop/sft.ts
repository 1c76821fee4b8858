// The SFT warm start: train a freshly initialised policy on the task's worked demonstrations, so RL starts from a
// model that answers in the task's format and is right sometimes (PRIME starts from an SFT model too). The result
// is cached per (model, task, SFT settings) in the workspace, so every run of a comparison starts from the very
// same weights whatever its algorithm or RL seed.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { RlConfig } from '../../../src-preload/contract/rl-config'
import { DEFAULT_ADAMW, TrainState } from '../../engine'
import type { LanguageModel } from '../../model/language-model'
import type { Tokenizer } from '../../model/tokenizers/tokenizer'
import { writeDirectoryAtomically } from '../../storage/atomic-dir'
import type { SyntheticTask } from '../../tasks/synthetic/task'
import { readModelParams } from './checkpoints'
import { encodePrompt, packSequencesBucketed } from './episodes'
import { writeHfModelFiles } from '../../model/checkpoint/hf-model-dir'
import { toHfWeights } from '../../model/hf-weights'
import { CorruptCheckpointError, writeManifest } from '../../model/checkpoint/manifest'

export interface SftProgress {
  (step: number, total: number, loss: number): Promise<void> | void
}

/** The cache key: everything that determines the SFT weights. */
export function sftKey(config: RlConfig): string {
  const what = { model: config.model.preset, task: config.task, sft: config.sft, maxResponseTokens: config.rollout.maxResponseTokens }
  return createHash('sha256').update(JSON.stringify(what)).digest('hex').slice(0, 16)
}

export async function trainSft(
  config: RlConfig,
  model: LanguageModel,
  tokenizer: Tokenizer,
  task: SyntheticTask,
  onStep: SftProgress,
): Promise<Float32Array> {
  const { seed, steps, batchSize, lr } = config.sft
  const state = new TrainState(model.initParams(seed), { ...DEFAULT_ADAMW, weightDecay: 0.01, maxGradNorm: 1 })
  // Demonstrations come from their own seed stream, apart from RL training and validation prompts.
  const problems = task.generate((seed * 7919 + 17) >>> 0, steps * batchSize, config.task.level)
  for (let step = 0; step < steps; step++) {
    const items = problems.slice(step * batchSize, (step + 1) * batchSize).map((problem) => {
      const response = [...tokenizer.encode(task.demonstration(problem)), tokenizer.eosId]
      if (response.length > config.rollout.maxResponseTokens) {
        throw new Error(`a ${task.name} demonstration takes ${response.length} tokens, more than rollout.maxResponseTokens (${config.rollout.maxResponseTokens})`)
      }
      return { prompt: encodePrompt(tokenizer, problem.prompt), response }
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
  model: LanguageModel,
  tokenizer: Tokenizer,
  task: SyntheticTask,
  onStep: SftProgress,
): Promise<{ params: Float32Array; cached: boolean; dir: string; damaged?: string }> {
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
  const params = await trainSft(config, model, tokenizer, task, onStep)
  await writeDirectoryAtomically(dir, async (temp) => {
    await writeHfModelFiles(temp, { config: model.config, weights: toHfWeights(model.config, params), tokenizer })
    await writeManifest(temp)
  })
  return { params, cached: false, dir, ...(damaged ? { damaged } : {}) }
}
