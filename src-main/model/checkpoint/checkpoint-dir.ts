// A training checkpoint: a Hugging Face model directory (hf-model-dir.ts) plus the optimizer and RNG state
// for exact resume (training-state.ts), written atomically with a manifest of checksums (manifest.ts) that is
// verified on read. The model files alone open in transformers; the extra files are ignored there.
import { readHfModelDir, writeHfModelFiles, type HfModel, type ModelToSave } from './hf-model-dir'
import { writeDirectoryAtomically } from '../../storage/atomic-dir'
import { verifyManifest, writeManifest } from './manifest'
import { readOptimizerState, readRngStates, writeOptimizerState, writeRngStates, type OptimizerState, type RngStates } from './training-state'

export interface CheckpointToSave extends ModelToSave {
  optimizer?: OptimizerState
  rng?: RngStates
}

export interface Checkpoint extends HfModel {
  /** Null when the directory holds a model only (an imported model, or a final export). */
  optimizer: OptimizerState | null
  rng: RngStates | null
}

/** Writes (or replaces) `dir` as a whole: a crash mid-write leaves the previous checkpoint untouched. */
export async function writeCheckpoint(dir: string, checkpoint: CheckpointToSave): Promise<void> {
  await writeDirectoryAtomically(dir, async (temp) => {
    await writeHfModelFiles(temp, checkpoint)
    if (checkpoint.optimizer) await writeOptimizerState(temp, checkpoint.optimizer)
    if (checkpoint.rng) await writeRngStates(temp, checkpoint.rng)
    await writeManifest(temp)
  })
}

export async function readCheckpoint(dir: string): Promise<Checkpoint> {
  await verifyManifest(dir)
  const model = await readHfModelDir(dir)
  return { ...model, optimizer: await readOptimizerState(dir), rng: await readRngStates(dir) }
}
