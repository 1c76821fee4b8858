// Entry of the trainer process: an Electron utility process in the desktop app, a child_process.fork in browser
// mode and under tests. It runs one job at a time, reports over the host channel and writes the run directory.
// Any uncaught error is reported, then the process exits non-zero; the host never goes down with it.
import { connectToHost } from './channel'
import { JobCancelled, TrainerJobContext } from './job-context'
import { runJob } from './jobs'
import { RunFiles } from './run-files'
import { describeRuntime } from './runtime-info'
import type { HostToTrainer } from './protocol'

const channel = connectToHost()
let job: TrainerJobContext | null = null

async function exit(reason: 'completed' | 'cancelled' | 'failed', code: number): Promise<never> {
  await channel.send({ type: 'exit', reason, code })
  process.exit(code)
}

async function fail(error: unknown): Promise<never> {
  const err = error instanceof Error ? error : new Error(String(error))
  await channel.send({ type: 'error', message: err.message, stack: err.stack })
  return exit('failed', 1)
}

async function start(message: Extract<HostToTrainer, { type: 'start' }>): Promise<void> {
  if (job) throw new Error(`trainer is already running run ${job.runId}; one run per trainer process`)
  const files = new RunFiles(message.runDir)
  // Bundled, the verifier pool's worker is verify-worker.js beside this file; from source the pool finds its own.
  const verifierWorkerUrl = import.meta.url.endsWith('.ts') ? undefined : new URL('./verify-worker.js', import.meta.url)
  job = new TrainerJobContext(message.runId, message.intraOpThreads, message.device, channel, files, message.resume, verifierWorkerUrl)
  files.appendEvent({ event: 'started', ...(message.resume ? { message: 'resuming from the last checkpoint' } : {}) })
  await channel.send({ type: 'state', runId: message.runId, state: 'running' })
  try {
    await runJob(message.config, job)
  } catch (error) {
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
void channel.send({ type: 'ready', pid: process.pid })
