// RL checkpoints in a run folder. Every `checkpointEvery` iterations the trainer writes, atomically:
//   checkpoints/iter-<n>/policy/   the policy as a Hugging Face model directory + optimizer.safetensors
//   checkpoints/iter-<n>/prm/      the implicit PRM, likewise (PRIME algorithms only)
//   checkpoints/iter-<n>/state.json  iteration, data cursor, RNG state, samples seen, training wall time
// and then points checkpoints/latest.json at it. checkpoints/sft/ holds the starting policy (the reference model).
// A crashed run resumes from latest.json and loses only the iterations after it.
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, rm, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { RngState, TrainState } from '../../engine'
import { writeDirectoryAtomically } from '../../model/checkpoint/atomic-dir'
import { readHfModelDir, writeHfModelFiles } from '../../model/checkpoint/hf-model-dir'
import { writeJson } from '../../model/checkpoint/json-file'
import { readOptimizerState, writeOptimizerState } from '../../model/checkpoint/training-state'
import { fromHfWeights, toHfWeights } from '../../model/hf-weights'
import type { LanguageModel } from '../../model/language-model'
import type { Tokenizer } from '../../model/tokenizers/tokenizer'
import type { ProblemCursor } from './problems'

export const CHECKPOINTS_DIR = 'checkpoints'
const LATEST = 'latest.json'
/** Iteration checkpoints kept on disk (older ones are deleted once a newer one is complete). */
const KEEP = 2

export interface LoopState {
  /** Iterations completed. */
  iteration: number
  cursor: ProblemCursor
  rng: RngState
  samplesSeen: number
  /** Seconds spent training so far, summed over every attempt. */
  wallTime: number
}

function flatParams(model: LanguageModel) {
  return model.layout.entries.map((e) => ({ name: e.name, shape: [...e.shape] }))
}

async function writeModel(dir: string, model: LanguageModel, tokenizer: Tokenizer, params: Float32Array, optimizer: TrainState | null): Promise<void> {
  await mkdir(dir, { recursive: true })
  await writeHfModelFiles(dir, { config: model.config, weights: toHfWeights(model.config, params), tokenizer })
  if (optimizer) await writeOptimizerState(dir, { step: optimizer.step, m: optimizer.m, v: optimizer.v, params: flatParams(model) })
}

export async function readModelParams(dir: string, model: LanguageModel): Promise<Float32Array> {
  const hf = await readHfModelDir(dir)
  return fromHfWeights(model.config, hf.weights)
}

/** The starting policy, which is also the frozen reference. */
export async function saveSft(runDir: string, model: LanguageModel, tokenizer: Tokenizer, params: Float32Array): Promise<void> {
  await writeDirectoryAtomically(join(runDir, CHECKPOINTS_DIR, 'sft'), (dir) => writeModel(dir, model, tokenizer, params, null))
}

export function sftDir(runDir: string): string {
  return join(runDir, CHECKPOINTS_DIR, 'sft')
}

export async function saveCheckpoint(
  runDir: string,
  m: { model: LanguageModel; tokenizer: Tokenizer; policy: TrainState; prm: TrainState | null },
  state: LoopState,
): Promise<string> {
  const name = `iter-${String(state.iteration).padStart(6, '0')}`
  const root = join(runDir, CHECKPOINTS_DIR)
  await writeDirectoryAtomically(join(root, name), async (dir) => {
    await writeModel(join(dir, 'policy'), m.model, m.tokenizer, m.policy.params, m.policy)
    if (m.prm) await writeModel(join(dir, 'prm'), m.model, m.tokenizer, m.prm.params, m.prm)
    await writeJson(join(dir, 'state.json'), state)
  })
  await writeJson(join(root, LATEST), { checkpoint: name, iteration: state.iteration })
  const older = (await readdir(root)).filter((entry) => /^iter-\d+$/.test(entry) && entry < name).sort()
  for (const entry of older.slice(0, Math.max(0, older.length - (KEEP - 1)))) await rm(join(root, entry), { recursive: true, force: true })
  return name
}

/** The latest complete checkpoint's folder, or null when the run has none yet. */
export function latestCheckpoint(runDir: string): string | null {
  const pointer = join(runDir, CHECKPOINTS_DIR, LATEST)
  if (!existsSync(pointer)) return null
  const { checkpoint } = JSON.parse(readFileSync(pointer, 'utf8')) as { checkpoint: string }
  const dir = join(runDir, CHECKPOINTS_DIR, checkpoint)
  return existsSync(dir) ? dir : null
}

/** Restores parameters, optimizer moments and step counts into the given train states; returns the loop state. */
export async function loadCheckpoint(
  dir: string,
  m: { model: LanguageModel; policy: TrainState; prm: TrainState | null },
): Promise<LoopState> {
  const restore = async (sub: string, state: TrainState) => {
    state.params = await readModelParams(join(dir, sub), m.model)
    const optimizer = await readOptimizerState(join(dir, sub))
    if (!optimizer) throw new Error(`${join(dir, sub)}: no optimizer state, cannot resume exactly`)
    state.m = optimizer.m
    state.v = optimizer.v
    state.step = optimizer.step
  }
  await restore('policy', m.policy)
  if (m.prm) await restore('prm', m.prm)
  return JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as LoopState
}
