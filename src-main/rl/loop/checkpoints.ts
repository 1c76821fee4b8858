// RL checkpoints in a run folder. Every `checkpointEvery` iterations the trainer writes, atomically:
//   checkpoints/iter-<n>/policy/   the policy as a Hugging Face model directory + optimizer.safetensors
//   checkpoints/iter-<n>/prm/      the implicit PRM, likewise (PRIME algorithms only)
//   checkpoints/iter-<n>/state.json  iteration, data cursor, RNG state, samples seen, training wall time
//   checkpoints/iter-<n>/manifest.json  SHA-256 of each of those files, checked before the checkpoint is used
// and then points checkpoints/latest.json at it. checkpoints/sft/ holds the starting policy (the reference model).
// A crashed run resumes from the newest intact checkpoint and loses only the iterations after it; a damaged one
// (a file that no longer matches its manifest, or a missing folder) is skipped for the one before, saying why.
import { existsSync, readdirSync } from 'node:fs'
import { mkdir, rm, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { RngState, TrainState } from '../../engine'
import { writeDirectoryAtomically } from '../../storage/atomic-dir'
import { readHfModelDir, writeHfModelFiles } from '../../model/checkpoint/hf-model-dir'
import { readOptionalJson, readRequiredJson, writeJson } from '../../model/checkpoint/json-file'
import { verifyManifest, writeManifest } from '../../model/checkpoint/manifest'
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

/** A model folder's weights as the engine's flat buffer, after checking its manifest when it has one. */
export async function readModelParams(dir: string, model: LanguageModel): Promise<Float32Array> {
  await verifyManifest(dir)
  const hf = await readHfModelDir(dir)
  return fromHfWeights(model.config, hf.weights)
}

/** The starting policy, which is also the frozen reference. */
export async function saveSft(runDir: string, model: LanguageModel, tokenizer: Tokenizer, params: Float32Array): Promise<void> {
  await writeDirectoryAtomically(join(runDir, CHECKPOINTS_DIR, 'sft'), async (dir) => {
    await writeModel(dir, model, tokenizer, params, null)
    await writeManifest(dir)
  })
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
    await writeManifest(dir)
  })
  await writeJson(join(root, LATEST), { checkpoint: name, iteration: state.iteration })
  const older = (await readdir(root)).filter((entry) => /^iter-\d+$/.test(entry) && entry < name).sort()
  for (const entry of older.slice(0, Math.max(0, older.length - (KEEP - 1)))) await rm(join(root, entry), { recursive: true, force: true })
  return name
}

/** The iteration checkpoints on disk, newest first. */
function iterationCheckpoints(runDir: string): string[] {
  const root = join(runDir, CHECKPOINTS_DIR)
  if (!existsSync(root)) return []
  return readdirSync(root)
    .filter((entry) => /^iter-\d+$/.test(entry))
    .sort()
    .reverse()
}

/** What latest.json names, or why it cannot be read (a crash mid-write leaves it empty on older versions). */
async function readLatestPointer(runDir: string): Promise<{ checkpoint: string } | { problem: string } | null> {
  const path = join(runDir, CHECKPOINTS_DIR, LATEST)
  try {
    const raw = (await readOptionalJson(path)) as { checkpoint?: unknown } | null
    if (raw === null) return null
    return typeof raw.checkpoint === 'string' ? { checkpoint: raw.checkpoint } : { problem: `${path}: no "checkpoint" field` }
  } catch (error) {
    return { problem: (error as Error).message }
  }
}

export interface Resumed {
  dir: string
  state: LoopState
}

/**
 * Restores the newest intact checkpoint into the given train states: the one latest.json names, unless a newer
 * complete one exists (a crash between writing it and updating latest.json) or it is missing or damaged, in which
 * case the one before is tried. Every checkpoint skipped, and why, is reported through `warn`. Null when none is
 * intact (the run then starts afresh).
 */
export async function restoreNewestIntact(
  runDir: string,
  m: { model: LanguageModel; policy: TrainState; prm: TrainState | null },
  warn: (message: string) => void,
): Promise<Resumed | null> {
  const candidates = iterationCheckpoints(runDir)
  const pointer = await readLatestPointer(runDir)
  if (pointer && 'problem' in pointer) warn(`cannot read the checkpoint pointer: ${pointer.problem}; looking for the newest intact checkpoint instead`)
  if (pointer && 'checkpoint' in pointer && !candidates.includes(pointer.checkpoint)) {
    warn(`${join(runDir, CHECKPOINTS_DIR, LATEST)} names ${pointer.checkpoint}, which is missing; looking for the newest intact checkpoint instead`)
  }
  for (const name of candidates) {
    const dir = join(runDir, CHECKPOINTS_DIR, name)
    try {
      return { dir, state: await loadCheckpoint(dir, m) }
    } catch (error) {
      warn(`skipping checkpoint ${name}: ${(error as Error).message}`)
    }
  }
  return null
}

/** Restores parameters, optimizer moments and step counts into the given train states; returns the loop state. */
export async function loadCheckpoint(
  dir: string,
  m: { model: LanguageModel; policy: TrainState; prm: TrainState | null },
): Promise<LoopState> {
  await verifyManifest(dir)
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
  return (await readRequiredJson(join(dir, 'state.json'), 'the loop state of a checkpoint')) as LoopState
}
