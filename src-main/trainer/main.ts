// Entry of the trainer process: an Electron utility process in the desktop app, a child_process.fork in browser
// mode and under tests. It runs one job at a time, reports over the host channel and writes the run directory.
// Any uncaught error is reported, then the process exits non-zero; the host never goes down with it.
// It holds the run folder's trainer.lock while it runs, so no second trainer writes the same run, and it stops
// when its host goes away (at the next step; the run is then recorded as crashed and can be resumed).
import { join } from 'node:path'
import { acquireLock, describeHolder, LockHeldError, releaseLock } from '../storage/process-lock'
import { connectToHost } from './channel'
import { JobCancelled, TrainerJobContext } from './job-context'
import { runJob } from './jobs'
import { RunFiles, TRAINER_LOCK_FILE } from './run-files'
import { describeRuntime } from './runtime-info'
import type { ExitReason } from '../../src-preload/contract/schemas'
import type { HostToTrainer } from './protocol'

const channel = connectToHost()
let job: TrainerJobContext | null = null
let lockPath: string | null = null
/** Why the run's lock was stale when this trainer took it over, if it was. */
let staleLock: string | null = null
let hostGone = false
const hostPid = process.ppid

process.on('exit', () => {
  if (lockPath) releaseLock(lockPath)
})

async function exit(reason: ExitReason, code: number): Promise<never> {
  await channel.send({ type: 'exit', reason, code })
  process.exit(code)
}

async function fail(error: unknown): Promise<never> {
  const err = error instanceof Error ? error : new Error(String(error))
  await channel.send({ type: 'error', message: err.message, stack: err.stack })
  return exit('failed', 1)
}

/** The run belongs to another trainer: say why, write nothing, and leave. */
async function refuse(why: string): Promise<never> {
  await channel.send({ type: 'error', message: why })
  return exit('refused', 0)
}

/**
 * Takes the run's lock, or returns why not. A host that launched the run looked at its folder a moment ago; if
 * another trainer has started (or finished) it since, this one has nothing to do.
 */
function claimRun(message: Extract<HostToTrainer, { type: 'start' }>, files: RunFiles): string | null {
  const path = join(message.runDir, TRAINER_LOCK_FILE)
  try {
    acquireLock(path, (reason) => (staleLock = reason))
  } catch (error) {
    if (!(error instanceof LockHeldError)) throw error
    return `run ${message.runId} is already being trained by ${describeHolder(error.holder)}; a run has one trainer at a time (${path})`
  }
  lockPath = path
  const last = files.lastLifecycleEvent()
  if (!message.resume && last !== null) return `run ${message.runId} has been started by another process meanwhile (its last event is "${last}")`
  // A followed verl run that was completed (following stopped) may be followed again.
  if (message.resume && last === 'completed' && message.config.kind !== 'verl') return `run ${message.runId} has been completed by another process meanwhile`
  return null
}

async function start(message: Extract<HostToTrainer, { type: 'start' }>): Promise<void> {
  if (job) throw new Error(`trainer is already running run ${job.runId}; one run per trainer process`)
  const files = new RunFiles(message.runDir)
  // Before anything is written: a refused trainer leaves the run folder exactly as its real trainer keeps it.
  const taken = claimRun(message, files)
  if (taken) return refuse(taken)
  // Bundled, the verifier pool's worker is verify-worker.js beside this file; from source the pool finds its own.
  const verifierWorkerUrl = import.meta.url.endsWith('.ts') ? undefined : new URL('./verify-worker.js', import.meta.url)
  job = new TrainerJobContext(message.runId, message.intraOpThreads, message.device, channel, files, message.resume, verifierWorkerUrl, message.memoryBudget)
  const resuming = message.config.kind === 'verl' ? 'following again' : 'resuming from the last checkpoint'
  files.appendEvent({ event: 'started', ...(message.resume ? { message: resuming } : {}) })
  if (staleLock) job.log('info', `took over the run's lock from a trainer that is gone: ${staleLock}`)
  await channel.send({ type: 'state', runId: message.runId, state: 'running' })
  try {
    await runJob(message.config, job)
  } catch (error) {
    if (error instanceof JobCancelled && hostGone) {
      files.appendEvent({ event: 'crashed', message: `stopped: the process that started this trainer (pid ${hostPid}) is gone` })
      process.exit(1)
    }
    if (error instanceof JobCancelled) {
      files.appendEvent({ event: 'cancelled' })
      return exit('cancelled', 0)
    }
    files.appendEvent({ event: 'failed', message: error instanceof Error ? error.message : String(error) })
    return fail(error)
  }
  files.appendEvent({ event: 'completed' })
  return exit('completed', 0)
}

function handle(message: HostToTrainer): void {
  switch (message.type) {
    case 'start':
      start(message).catch(fail)
      return
    case 'pause':
      job?.pause()
      return
    case 'resume':
      job?.resume()
      return
    case 'cancel':
      if (job) job.cancel()
      else void exit('cancelled', 0)
      return
    case 'attach-stream':
      return
    case 'heartbeat':
      void channel.send({ type: 'heartbeat', time: Date.now() })
      return
    case 'describe-runtime':
      describeRuntime()
        .then((info) => channel.send({ type: 'runtime', info }))
        .catch(fail)
      return
  }
}

process.on('uncaughtException', (error) => void fail(error))
process.on('unhandledRejection', (error) => void fail(error))
channel.onMessage(handle, (error) => void channel.send({ type: 'error', message: error.message }))
// Nobody is left to follow the run: stop at the next step (the job's yield point), or at once when idle.
channel.onHostGone(() => {
  hostGone = true
  if (job) job.cancel('host-gone')
  else process.exit(0)
})
void channel.send({ type: 'ready', pid: process.pid })
