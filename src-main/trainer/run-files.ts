// The trainer's writes to its run directory: append-only NDJSON files, flushed line by line, so a crash loses at
// most the step in flight. The run directory is the source of truth; the host and the UI only read it.
import { appendFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { MetricsRow } from '../../src-preload/contract/schemas'

export const METRICS_FILE = 'metrics.ndjson'
export const EVENTS_FILE = 'events.ndjson'
export const RUN_FILE = 'run.json'

/** One line of events.ndjson: what happened to the run, when, and (for failures) why. */
export interface RunEvent {
  time: string
  event: 'started' | 'paused' | 'resumed' | 'completed' | 'cancelled' | 'failed' | 'crashed' | 'log'
  message?: string
  level?: 'debug' | 'info' | 'warn' | 'error'
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
}

export function appendRunEvent(dir: string, event: Omit<RunEvent, 'time'>): void {
  const line: RunEvent = { time: new Date().toISOString(), ...event }
  appendFileSync(join(dir, EVENTS_FILE), `${JSON.stringify(line)}\n`)
}
