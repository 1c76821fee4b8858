// User settings, stored as settings.json in the workspace and validated on every read and write. The file is
// replaced atomically, so a crash mid-write keeps the previous settings; a file that is not valid JSON (edited by
// hand) fails with its path and what to do.
import { existsSync, readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { Settings } from '../../src-preload/contract/schemas'
import { parseOrThrow } from '../../src-preload/contract/validation'
import { defaultMemoryBudget } from '../engine/runtime/memory-budget'
import { writeFileAtomicSync } from '../storage/atomic-file'

export function defaultSettings(): Settings {
  return { maxConcurrentRuns: 1, intraOpThreads: 0, device: 'cpu' }
}

function readSettingsFile(file: string): unknown {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`, { cause: error })
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message}); fix it, or delete it to go back to the default settings`, { cause: error })
  }
}

export class SettingsService {
  private current: Settings

  constructor(private readonly file: string) {
    this.current = existsSync(file)
      ? parseOrThrow(Settings, { ...defaultSettings(), ...(readSettingsFile(file) as object) }, file, 'settings', { unknownKeys: 'reject' })
      : defaultSettings()
  }

  get(): Settings {
    return this.current
  }

  update(patch: Partial<Settings>): Settings {
    const next = parseOrThrow(Settings, { ...this.current, ...patch }, 'settings.update', 'settings', { unknownKeys: 'reject' })
    writeFileAtomicSync(this.file, `${JSON.stringify(next, null, 2)}\n`)
    this.current = next
    return this.current
  }

  /**
   * The memory budget of each trainer's ONNX Runtime: the Runtime's default (half the machine) shared among the runs
   * that may train at once, so that concurrent trainers do not overcommit the machine between them.
   */
  trainerMemoryBudget(): number {
    return Math.floor(defaultMemoryBudget() / this.current.maxConcurrentRuns)
  }

  /** Threads a trainer should use: the setting, or one per core when it is 0. */
  intraOpThreads(): number {
    return this.current.intraOpThreads || availableParallelism()
  }
}
