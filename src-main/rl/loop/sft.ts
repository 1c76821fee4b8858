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
import { writeDirectoryAtomically } from '../../model/checkpoint/atomic-dir'
import { mulberry32 } from '../../tasks/random'
import { promptSplit } from '../../tasks/synthetic/partition'
import type { SyntheticProblem, SyntheticTask } from '../../tasks/synthetic/task'
import { readModelParams } from './checkpoints'
import { encodePrompt, packSequencesBucketed } from './episodes'
import { writeHfModelFiles } from '../../model/checkpoint/hf-model-dir'
import { toHfWeights } from '../../model/hf-weights'

export interface SftProgress {
  (step: number, total: number, loss: number): Promise<void> | void
}

/** The cache key: everything that determines the SFT weights. */
export function sftKey(config: RlConfig): string {
  const { name, level, misconception } = config.task
  const what = { model: config.model.preset, task: { name, level, misconception }, sft: config.sft, maxResponseTokens: config.rollout.maxResponseTokens }
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
  const worked = demonstrations(config, task)
  for (let step = 0; step < steps; step++) {
    const items = worked.slice(step * batchSize, (step + 1) * batchSize).map(({ problem, text }) => {
      const response = [...tokenizer.encode(text), tokenizer.eosId]
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
 * The SFT set: one worked solution per training step × batch row. A seeded fraction ρ of them follows the task's
 * misconception (RlConfig task.misconception), decided per demonstration.
 */
export function demonstrations(config: RlConfig, task: SyntheticTask): { problem: SyntheticProblem; text: string; misconceived: boolean }[] {
  const { seed, steps, batchSize } = config.sft
  const rho = config.task.misconception
  if (rho > 0 && !task.misconceivedDemonstration) throw new Error(`task.misconception: ${task.name} has no misconception`)
  const draw = mulberry32((seed * 104_729 + 3) >>> 0)
  return demonstrationProblems(task, config.task.level, seed, steps * batchSize).map((problem) => {
    const misconceived = rho > 0 && draw.next() < rho
    return { problem, text: misconceived ? task.misconceivedDemonstration!(problem) : task.demonstration(problem), misconceived }
  })
}

/**
 * Demonstrations come from their own seed stream and from the task's train split only, so no validation or test
 * prompt is ever a demonstration (../../tasks/synthetic/partition.ts).
 */
export function demonstrationProblems(task: SyntheticTask, level: number, seed: number, count: number): SyntheticProblem[] {
  const out: SyntheticProblem[] = []
  for (let block = 0; out.length < count; block++) {
    const fresh = task.generate((seed * 7919 + 17 + block * 0x9e3779b1) >>> 0, Math.max(count, 256), level)
    for (const problem of fresh) if (out.length < count && promptSplit(task.name, problem.prompt) === 'train') out.push(problem)
  }
  return out
}

/** The SFT weights for `config`: from the workspace cache when another run already trained them, else trained now. */
export async function sftWeights(
  config: RlConfig,
  cacheRoot: string,
  model: LanguageModel,
  tokenizer: Tokenizer,
  task: SyntheticTask,
  onStep: SftProgress,
): Promise<{ params: Float32Array; cached: boolean; dir: string }> {
  const dir = join(cacheRoot, sftKey(config))
  if (existsSync(join(dir, 'config.json'))) return { params: await readModelParams(dir, model), cached: true, dir }
  const params = await trainSft(config, model, tokenizer, task, onStep)
  await writeDirectoryAtomically(dir, (temp) => writeHfModelFiles(temp, { config: model.config, weights: toHfWeights(model.config, params), tokenizer }))
  return { params, cached: false, dir }
}
