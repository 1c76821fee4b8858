// Following a run that verl trains elsewhere, so that it shows live exactly like a local run: this job writes what
// verl logs into the run folder as metrics rows (the same appends and messages a training job makes) until the run
// is over or the user stops following.
//  - files: verl's metrics file (a folder synced from the cluster) is read as it grows, and new rollout dumps are
//    converted once their size holds still between two looks. verl writes no end marker, so following ends when
//    the user stops it, or when the config's trainer.total_training_steps have arrived and the file has stayed
//    still for a while. Stopping leaves the run completed; it can be followed again.
//  - ray: a job submitted by the workbench (src-main/verl/ray/submit.ts) is followed through the Jobs REST API: its
//    status, and its log stream, whose `step:N - name:value …` console lines are the metrics. Every log line is
//    kept in the run folder's job.log. The job's end is the run's (SUCCEEDED: completed, FAILED: failed, STOPPED:
//    cancelled); Stop here stops the job on the cluster. A trainer stopped because its host went away leaves the
//    job running, and following it again picks it up where it is.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { MetricsRow } from '../../../src-preload/contract/schemas'
import type { VerlFilesSource, VerlRaySource, VerlRunConfig } from '../../../src-preload/contract/verl'
import { appendLine } from '../../storage/atomic-file'
import { LineTail } from '../../verl/import/line-tail'
import { dumpFile, dumpSteps, parseRolloutDump } from '../../verl/import/rollout-dumps'
import { RunMetrics } from '../../verl/import/run-metrics'
import { parseConsoleLine, parseFileLoggerLine, VerlFormatError } from '../../verl/import/step-lines'
import { RayApiError, RayJobsClient, TERMINAL_STATUSES, type LogTail, type RayJobInfo } from '../../verl/ray/jobs-client'
import { JobCancelled, type JobContext } from '../job-context'
import { METRICS_FILE } from '../run-files'

/** Every line of a followed Ray job's log, in the run folder. */
export const JOB_LOG_FILE = 'job.log'
const FILE_POLL_MS = 1000
const RAY_POLL_MS = 2000
/** A run whose last step has arrived is over once its metrics file has been still this long. */
const FINISHED_QUIET_MS = 60_000
/** Log lines relayed per look; the rest are only in job.log. */
const LOG_LINES_PER_LOOK = 50
/** How long a stopping job is given to reach STOPPED, its log drained meanwhile. */
const STOP_WAIT_MS = 30_000

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Writes a step's row when it differs from what the run folder already holds (a restart re-reads verl's files). */
function rowWriter(context: JobContext): (row: MetricsRow) => void {
  const written = new Map<number, string>()
  const path = join(context.files.dir, METRICS_FILE)
  if (existsSync(path)) {
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      try {
        const row = JSON.parse(line) as MetricsRow
        written.set(row.step, JSON.stringify(row.values))
      } catch {
        // blank or cut short: nothing written for it
      }
    }
  }
  return (row) => {
    const key = JSON.stringify(row.values)
    if (written.get(row.step) === key) return
    written.set(row.step, key)
    context.metrics(row.step, row.values)
  }
}

export async function runVerlFollow(config: VerlRunConfig, context: JobContext): Promise<void> {
  const write = rowWriter(context)
  if (config.source.kind === 'files') return followFiles(config, config.source, context, write)
  return followRay(config, config.source, context, write)
}

/** Converts rollout dumps whose size held still since the last look (verl writes each in one go, but a sync may not). */
class DumpWatcher {
  private readonly seen = new Map<number, number>()
  private readonly converted = new Map<number, number>()

  constructor(
    private readonly dir: string | null,
    private readonly context: JobContext,
  ) {}

  look(): void {
    if (!this.dir || !existsSync(this.dir)) return
    for (const step of dumpSteps(this.dir)) {
      const file = dumpFile(this.dir, step)
      const size = statSync(file).size
      const still = this.seen.get(step) === size
      this.seen.set(step, size)
      if (!still || this.converted.get(step) === size) continue
      this.converted.set(step, size)
      try {
        this.context.files.writeRollouts(step, parseRolloutDump(readFileSync(file, 'utf8'), file, step))
      } catch (error) {
        this.context.log('warn', `${(error as Error).message}; rollout dump skipped`)
      }
    }
  }
}

async function followFiles(config: VerlRunConfig, source: VerlFilesSource, context: JobContext, write: (row: MetricsRow) => void): Promise<void> {
  const metrics = new RunMetrics()
  const tail = new LineTail(source.metricsFile)
  const dumps = new DumpWatcher(source.rolloutDir, context)
  let lastSize: number | null = null
  let lastGrowth = Date.now()
  context.log('info', `following ${source.metricsFile}${source.rolloutDir ? ` and ${source.rolloutDir}` : ''}`)
  try {
    for (;;) {
      await context.checkpoint()
      const read = tail.read()
      if (read.restarted) context.log('warn', `${source.metricsFile} got shorter: verl started it again (a restarted run); reading it from the start`)
      for (const { text, line } of read.lines) {
        if (text.trim() === '') continue
        try {
          write(metrics.add(parseFileLoggerLine(text, `${source.metricsFile}:${line}`), Date.now() / 1000))
        } catch (error) {
          if (!(error instanceof VerlFormatError)) throw error
          context.log('warn', `${error.message}; line skipped`)
        }
      }
      if (read.size !== lastSize) lastGrowth = Date.now()
      lastSize = read.size
      dumps.look()
      const step = metrics.lastStep()
      const total = Math.max(config.totalSteps ?? step, step)
      context.progress(step, total, read.size === null ? `waiting for ${source.metricsFile}` : 'following verl')
      if (config.totalSteps !== null && step >= config.totalSteps && Date.now() - lastGrowth > FINISHED_QUIET_MS) {
        context.log('info', `all ${config.totalSteps} steps have arrived and the file has stayed still: following ends`)
        return
      }
      await sleep(FILE_POLL_MS)
    }
  } catch (error) {
    if (error instanceof JobCancelled && error.reason === 'user') {
      context.log('info', `stopped following at step ${metrics.lastStep()}; follow again to read on`)
      return
    }
    throw error
  }
}

/** Splits the job's log stream into lines, skipping the ones already read before a reconnect (the tail starts over). */
class JobLogLines {
  private buffer = ''
  private count = 0
  private consumed = 0

  constructor(private readonly onLine: (line: string) => void) {}

  /** A new connection streams the log from its beginning again. */
  restart(): void {
    this.buffer = ''
    this.count = 0
  }

  push(text: string): void {
    this.buffer += text
    const lines = this.buffer.split('\n')
    this.buffer = lines.pop() ?? ''
    for (const line of lines) {
      this.count += 1
      if (this.count <= this.consumed) continue
      this.consumed = this.count
      this.onLine(line.replace(/\r$/, ''))
    }
  }
}

async function followRay(config: VerlRunConfig, source: VerlRaySource, context: JobContext, write: (row: MetricsRow) => void): Promise<void> {
  const client = new RayJobsClient(source.address)
  const metrics = new RunMetrics()
  const jobLog = join(context.files.dir, JOB_LOG_FILE)
  const relay: string[] = []
  const lines = new JobLogLines((line) => {
    appendLine(jobLog, line)
    const entry = parseConsoleLine(line)
    if (entry) write(metrics.add(entry, Date.now() / 1000))
    else if (line.trim() !== '') relay.push(line)
  })
  let tail: LogTail | null = null
  const openTail = () => {
    lines.restart()
    const opened = client.tailLogs(source.submissionId, (text) => lines.push(text))
    tail = opened
    opened.done.then(
      () => void (tail === opened && (tail = null)),
      (error: unknown) => {
        if (tail === opened) tail = null
        context.log('warn', `${(error as Error).message}; reconnecting`)
      },
    )
  }
  const relayLog = () => {
    for (const line of relay.splice(0, LOG_LINES_PER_LOOK)) context.log('info', line)
    if (relay.length) context.log('info', `(${relay.splice(0).length} more lines in ${JOB_LOG_FILE})`)
  }
  let info: RayJobInfo | null = null
  let unreachableSince: number | null = null
  context.log('info', `following Ray job ${source.submissionId} at ${source.address}`)
  try {
    for (;;) {
      await context.checkpoint()
      try {
        info = await client.info(source.submissionId)
        unreachableSince = null
      } catch (error) {
        if (!(error instanceof RayApiError) || error.status !== null) throw error
        if (unreachableSince === null) context.log('warn', `${error.message}; retrying`)
        unreachableSince ??= Date.now()
      }
      if (unreachableSince === null && info === null) {
        throw new Error(`the Ray cluster at ${source.address} does not know job ${source.submissionId} (deleted, or the cluster was restarted)`)
      }
      if (info && info.status !== 'PENDING' && tail === null) openTail()
      relayLog()
      const step = metrics.lastStep()
      const total = Math.max(config.totalSteps ?? step, step)
      const phase = unreachableSince !== null ? 'cluster unreachable, retrying' : `Ray job ${info?.status.toLowerCase() ?? '…'}`
      context.progress(step, total, phase)
      if (info && TERMINAL_STATUSES.includes(info.status)) {
        await drain(() => tail, 10_000)
        relayLog()
        if (info.status === 'SUCCEEDED') return
        if (info.status === 'STOPPED') {
          context.log('info', `the Ray job was stopped${info.message ? `: ${info.message}` : ''}`)
          throw new JobCancelled('user')
        }
        throw new Error(`the Ray job failed${info.message ? `: ${info.message}` : ''} (its log is in ${JOB_LOG_FILE})`)
      }
      await sleep(RAY_POLL_MS)
    }
  } catch (error) {
    if (error instanceof JobCancelled && error.reason === 'user' && info && !TERMINAL_STATUSES.includes(info.status)) {
      context.log('info', `stopping Ray job ${source.submissionId}`)
      await client.stop(source.submissionId)
      const deadline = Date.now() + STOP_WAIT_MS
      while (Date.now() < deadline && !TERMINAL_STATUSES.includes((await client.info(source.submissionId))?.status ?? 'STOPPED')) await sleep(500)
      await drain(() => tail, 5000)
      relayLog()
    }
    throw error
  } finally {
    ;(tail as LogTail | null)?.close()
  }
}

/** Waits for the log stream to end (the cluster closes it when the job is over), at most `ms`. */
async function drain(current: () => LogTail | null, ms: number): Promise<void> {
  const tail = current()
  if (!tail) return
  await Promise.race([tail.done.catch(() => undefined), sleep(ms)])
}
