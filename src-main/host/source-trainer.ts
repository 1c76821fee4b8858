// Starting trainers from wherever this code runs: the built bundle forks out/main/trainer.js beside it; the
// TypeScript sources (tests, `tsx` during development) fork the trainer's source through tsx.
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { forkTrainerProcess, type SpawnTrainer, type TrainerProcess } from './trainer-process'

export const TRAINER_SOURCE = resolve(import.meta.dirname, '../trainer/main.ts')

export function forkSourceTrainer(): TrainerProcess {
  return forkTrainerProcess({ entry: TRAINER_SOURCE, execArgv: ['--import', 'tsx'] })
}

/** The spawner for code whose module URL is `moduleUrl`: bundled (a .js beside trainer.js) or TypeScript source. */
export function trainerSpawnerFor(moduleUrl: string): SpawnTrainer {
  if (moduleUrl.endsWith('.ts')) return forkSourceTrainer
  const entry = join(dirname(fileURLToPath(moduleUrl)), 'trainer.js')
  return () => forkTrainerProcess({ entry })
}
