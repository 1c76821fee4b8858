// The trainer's writes to its run directory: append-only NDJSON files, flushed line by line, so a crash loses at
// most the step in flight; files it replaces (a rollout sample, metrics cut back on resume) are replaced
// atomically. The run directory is the source of truth; the host and the UI only read it.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { LogLevel } from '../../src-preload/contract/primitives'
import type { FINISHED_RUN_STATES, MetricsRow } from '../../src-preload/contract/schemas'
import { appendLine, writeFileAtomicSync } from '../storage/atomic-file'

export const METRICS_FILE = 'metrics.ndjson'
export const EVENTS_FILE = 'events.ndjson'
export const RUN_FILE = 'run.json'
export const ROLLOUTS_DIR = 'rollouts'
/** Held by the trainer writing the run (storage/process-lock.ts): a second writer is refused. */
export const TRAINER_LOCK_FILE = 'trainer.lock'

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
    appendLine(join(this.dir, METRICS_FILE), JSON.stringify(row))
  }

  appendEvent(event: Omit<RunEvent, 'time'>): void {
    appendRunEvent(this.dir, event)
  }

  /** rollouts/<iteration>.ndjson, replaced whole (a resumed run rewrites the iterations it repeats). */
  writeRollouts(iteration: number, records: readonly unknown[]): void {
    mkdirSync(join(this.dir, ROLLOUTS_DIR), { recursive: true })
    writeFileAtomicSync(join(this.dir, ROLLOUTS_DIR, `${iteration}.ndjson`), records.map((r) => `${JSON.stringify(r)}\n`).join(''))
  }

  /**
   * On resume: drop what comes after the checkpoint's iteration (it will be produced again): metrics rows of later
   * steps, a last line cut short by the crash, any line that is not a metrics row, and later rollout samples.
   * Metrics are replaced atomically, so a crash here loses no history. Returns the lines dropped as unreadable
   * ("…/metrics.ndjson:7"), for the log.
   */
  rewindTo(iteration: number): string[] {
    this.dropRolloutsAfter(iteration)
    const path = join(this.dir, METRICS_FILE)
    if (!existsSync(path)) return []
    const unreadable: string[] = []
    const lines = readFileSync(path, 'utf8').split('\n')
    const kept = lines.filter((line, index) => {
      if (line.trim() === '') return false
      try {
        return (JSON.parse(line) as MetricsRow).step <= iteration
      } catch {
        if (index < lines.length - 1) unreadable.push(`${path}:${index + 1}`)
        return false
      }
    })
    writeFileAtomicSync(path, kept.map((line) => `${line}\n`).join(''))
    return unreadable
  }

  /** The last event that changed the run's state (not a log line), or null when it has none. */
  lastLifecycleEvent(): RunEvent['event'] | null {
    const path = join(this.dir, EVENTS_FILE)
    if (!existsSync(path)) return null
    const lines = readFileSync(path, 'utf8').split('\n')
    for (let i = lines.length - 1; i >= 0; i--) {
      try {
        const { event } = JSON.parse(lines[i]!) as RunEvent
        if (event !== 'log') return event
      } catch {
        // empty, cut short or damaged: not an event
      }
    }
    return null
  }

  /** A run restarted before it had saved anything to start from begins clean: no metrics, no rollout samples. */
  clearProgress(): void {
    if (existsSync(join(this.dir, METRICS_FILE))) writeFileAtomicSync(join(this.dir, METRICS_FILE), '')
    this.dropRolloutsAfter(-1)
  }

  private dropRolloutsAfter(iteration: number): void {
    const dir = join(this.dir, ROLLOUTS_DIR)
    if (!existsSync(dir)) return
    for (const name of readdirSync(dir)) {
      const match = /^(\d+)\.ndjson$/.exec(name)
      if (match && Number(match[1]) > iteration) rmSync(join(dir, name), { force: true })
    }
  }
}

export function appendRunEvent(dir: string, event: Omit<RunEvent, 'time'>): void {
  const line: RunEvent = { time: new Date().toISOString(), ...event }
  appendLine(join(dir, EVENTS_FILE), JSON.stringify(line))
}
