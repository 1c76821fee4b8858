// For tests only: start the trainer from its TypeScript source (through tsx) instead of the built bundle, so unit
// tests exercise the real process boundary without a build step.
import { resolve } from 'node:path'
import { forkTrainerProcess, type TrainerProcess } from './trainer-process'

export const TRAINER_SOURCE = resolve(import.meta.dirname, '../trainer/main.ts')

export function forkSourceTrainer(): TrainerProcess {
  return forkTrainerProcess({ entry: TRAINER_SOURCE, execArgv: ['--import', 'tsx'] })
}
