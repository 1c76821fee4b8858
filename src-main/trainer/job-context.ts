// What a training job sees of the world: report progress, metrics and logs, and yield between steps so that
// pause, resume and cancel take effect within one step (onnxruntime-node's run() blocks the event loop, so the
// job itself must give the loop a turn).
import type { Device, LogLevel } from '../../src-preload/contract/primitives'
import type { HostChannel } from './channel'
import type { RunFiles } from './run-files'

/** Why a job stops early: the user cancelled it, or the host that started its trainer is gone. */
export type CancelReason = 'user' | 'host-gone'

export class JobCancelled extends Error {
  constructor(readonly reason: CancelReason = 'user') {
    super('cancelled')
    this.name = 'JobCancelled'
  }
}

export interface JobContext {
  readonly runId: string
  readonly intraOpThreads: number
  /** The ONNX Runtime's memory budget (bytes) from the host; undefined: the Runtime's default. */
  readonly memoryBudget?: number
  readonly device: Device
  /** The run folder and its writer (the trainer is its only writer). */
  readonly files: RunFiles
  /** Continue from the run folder's last checkpoint. */
  readonly resumeFromCheckpoint: boolean
  /** The verifier pool's worker script when bundled (verify-worker.js beside trainer.js); from sources the pool finds its own. */
  readonly verifierWorkerUrl?: URL
  progress(step: number, total: number, phase: string): void
  metrics(step: number, values: Record<string, number>): void
  log(level: LogLevel, message: string): void
  /** Call between steps: returns at once when running, waits while paused, throws JobCancelled when cancelled. */
  checkpoint(): Promise<void>
  /**
   * Milliseconds on a clock that stands still while the run is paused (performance.now() less every pause so far):
   * what timing/* and train/wall_time measure, so a pause never counts as training time.
   */
  activeMs(): number
}

type Control = 'running' | 'paused' | 'cancelled'

export class TrainerJobContext implements JobContext {
  private control: Control = 'running'
  private cancelReason: CancelReason = 'user'
  private wake: (() => void) | null = null
  /** activeMs() when the first step was reported (the ETA counts from there). */
  private startedActiveMs = 0
  /** Total time spent paused by this process (pauses that have ended). */
  private pausedMs = 0
  private pausedAt = 0
  /** Step at which this process began (a resumed run starts mid-way); the ETA counts from here. */
  private firstStep: number | null = null

  constructor(
    readonly runId: string,
    readonly intraOpThreads: number,
    readonly device: Device,
    private readonly channel: HostChannel,
    readonly files: RunFiles,
    readonly resumeFromCheckpoint: boolean,
    readonly verifierWorkerUrl?: URL,
    readonly memoryBudget?: number,
  ) {}

  progress(step: number, total: number, phase: string): void {
    void this.channel.send({ type: 'progress', runId: this.runId, step, total, phase, etaSeconds: this.eta(step, total) })
  }

  metrics(step: number, values: Record<string, number>): void {
    const row = { step, time: Date.now() / 1000, values }
    this.files.appendMetrics(row)
    void this.channel.send({ type: 'metrics', runId: this.runId, row })
  }

  log(level: LogLevel, message: string): void {
    this.files.appendEvent({ event: 'log', level, message })
    void this.channel.send({ type: 'log', runId: this.runId, level, message, time: Date.now() / 1000 })
  }

  pause(): void {
    if (this.control !== 'running') return
    this.control = 'paused'
    this.pausedAt = performance.now()
    this.files.appendEvent({ event: 'paused' })
    void this.channel.send({ type: 'state', runId: this.runId, state: 'paused' })
  }

  resume(): void {
    if (this.control !== 'paused') return
    this.control = 'running'
    this.pausedMs += performance.now() - this.pausedAt
    this.files.appendEvent({ event: 'resumed' })
    void this.channel.send({ type: 'state', runId: this.runId, state: 'running' })
    this.wake?.()
  }

  cancel(reason: CancelReason = 'user'): void {
    this.cancelReason = reason
    this.control = 'cancelled'
    this.wake?.()
  }

  activeMs(): number {
    const now = performance.now()
    const pausing = this.control === 'paused' ? now - this.pausedAt : 0
    return now - this.pausedMs - pausing
  }

  async checkpoint(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve))
    while (this.control === 'paused') await new Promise<void>((resolve) => (this.wake = resolve))
    this.wake = null
    if (this.control === 'cancelled') throw new JobCancelled(this.cancelReason)
  }

  /** Remaining time from the average active (unpaused) time per completed step. */
  private eta(step: number, total: number): number | null {
    if (this.firstStep === null) {
      this.firstStep = step
      this.startedActiveMs = this.activeMs()
    }
    const done = step - this.firstStep
    if (done <= 0) return null
    const activeMs = this.activeMs() - this.startedActiveMs
    return ((activeMs / done) * (total - step)) / 1000
  }
}
