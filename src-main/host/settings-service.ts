// User settings, stored as settings.json in the workspace and validated on every read and write.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { Settings } from '../../src-preload/contract/schemas'
import { parseOrThrow } from '../../src-preload/contract/validation'

export function defaultSettings(): Settings {
  return { maxConcurrentRuns: 1, intraOpThreads: 0, device: 'cpu' }
}

export class SettingsService {
  private current: Settings

  constructor(private readonly file: string) {
    this.current = existsSync(file)
      ? parseOrThrow(Settings, { ...defaultSettings(), ...JSON.parse(readFileSync(file, 'utf8')) }, file, 'settings', { unknownKeys: 'reject' })
      : defaultSettings()
  }

  get(): Settings {
    return this.current
  }

  update(patch: Partial<Settings>): Settings {
    this.current = parseOrThrow(Settings, { ...this.current, ...patch }, 'settings.update', 'settings', { unknownKeys: 'reject' })
    writeFileSync(this.file, `${JSON.stringify(this.current, null, 2)}\n`)
    return this.current
  }

  /** Threads a trainer should use: the setting, or one per core when it is 0. */
  intraOpThreads(): number {
    return this.current.intraOpThreads || availableParallelism()
  }
}
