// The trainer's writes to its run directory: append-only NDJSON files, flushed line by line, so a crash loses at
// most the step in flight. The run directory is the source of truth; the host and the UI only read it.
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { LogLevel } from '../../src-preload/contract/primitives'
import type { FINISHED_RUN_STATES, MetricsRow } from '../../src-preload/contract/schemas'

export const METRICS_FILE = 'metrics.ndjson'
export const EVENTS_FILE = 'events.ndjson'
export const RUN_FILE = 'run.json'
export const ROLLOUTS_DIR = 'rollouts'

/** One line of events.ndjson: what happened to the run, when, and (for failures) why. */
export interface RunEvent {
  time: string
  event: 'started' | 'paused' | 'resumed' | (typeof FINISHED_RUN_STATES)[number] | 'log'
  message?: string
  level?: LogLevel
  exitCode?: number | null
  signal?: string | null
  lastLogLines?: string[]
}

export class RunFiles {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true })
  }

  appendMetrics(row: MetricsRow): void {
    appendFileSync(join(this.dir, METRICS_FILE), `${JSON.stringify(row)}\n`)
  }

  appendEvent(event: Omit<RunEvent, 'time'>): void {
    appendRunEvent(this.dir, event)
  }

  /** rollouts/<iteration>.ndjson, replaced whole (a resumed run rewrites the iterations it repeats). */
  writeRollouts(iteration: number, records: readonly unknown[]): void {
    mkdirSync(join(this.dir, ROLLOUTS_DIR), { recursive: true })
    writeFileSync(join(this.dir, ROLLOUTS_DIR, `${iteration}.ndjson`), records.map((r) => `${JSON.stringify(r)}\n`).join(''))
  }

  /**
   * On resume: drop metrics rows after the checkpoint's iteration (they will be produced again), and a last line
   * cut short by the crash.
   */
  truncateMetricsAfter(step: number): void {
    const path = join(this.dir, METRICS_FILE)
    if (!existsSync(path)) return
    const kept = readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => {
        if (line.trim() === '') return false
        try {
          return (JSON.parse(line) as MetricsRow).step <= step
        } catch {
          return false
        }
      })
    writeFileSync(path, kept.map((line) => `${line}\n`).join(''))
  }
}

export function appendRunEvent(dir: string, event: Omit<RunEvent, 'time'>): void {
  const line: RunEvent = { time: new Date().toISOString(), ...event }
  appendFileSync(join(dir, EVENTS_FILE), `${JSON.stringify(line)}\n`)
}
