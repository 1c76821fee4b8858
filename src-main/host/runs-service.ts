// The run registry: creates run folders, launches trainers (queueing beyond the concurrency limit), relays their
// progress as events, and records how each run ended. Everything it knows is rebuilt from the run folders at start.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Device } from '../../src-preload/contract/primitives'
import { FINISHED_RUN_STATES, STOPPED_RUN_STATES, isActiveRunState, type MetricsRow, type RolloutRecord, type RunConfig, type RunState, type RunSummary } from '../../src-preload/contract/schemas'
import type { Algorithm, RlConfig } from '../../src-preload/contract/rl-config'
import { RolloutRecord as RolloutRecordSchema, RunConfig as RunConfigSchema } from '../../src-preload/contract/schemas'
import { parseOrThrow } from '../../src-preload/contract/validation'
import { packColumns, type MetricColumnsPayload } from '../../src-preload/contract/metric-columns-wire'
import { EVENTS_FILE, METRICS_FILE, ROLLOUTS_DIR, RUN_FILE, appendRunEvent, type RunEvent } from '../trainer/run-files'
import type { EventBus } from './event-bus'
import { MetricsReader } from './metrics-reader'
import { RequestError } from './request-error'
import { lastNdjsonRow, readNdjson } from './ndjson'
import { TrainerClient, type TrainerEnd } from './trainer-client'
import type { SpawnTrainer } from './trainer-process'
import { newId } from './workspace'

interface RunRecord {
  summary: RunSummary
  trainer: TrainerClient | null
  /** Continue from the last checkpoint rather than start afresh. */
  resume?: boolean
}

interface RunFile {
  id: string
  name: string
  config: RunConfig
  createdAt: string
}

export function totalSteps(config: RunConfig): number {
  return config.kind === 'rl' ? config.iterations : config.steps
}

export interface RunServiceOptions {
  runsDir: string
  spawnTrainer: SpawnTrainer
  bus: EventBus
  maxConcurrentRuns: () => number
  intraOpThreads: () => number
  device: () => Device
}

export class RunService {
  private readonly runs = new Map<string, RunRecord>()
  private readonly metricsReader = new MetricsReader()

  /** Run folders that could not be read, with the reason (shown by the CLI and logged by hosts). */
  readonly unreadable: { id: string; reason: string }[] = []

  constructor(private readonly options: RunServiceOptions) {
    for (const entry of readdirSync(options.runsDir, { withFileTypes: true })) {
      if (!entry.isDirectory() || !existsSync(join(options.runsDir, entry.name, RUN_FILE))) continue
      try {
        this.runs.set(entry.name, { summary: this.loadSummary(entry.name), trainer: null })
      } catch (error) {
        // One damaged or outdated run folder must not take the others (or the app) down with it.
        this.unreadable.push({ id: entry.name, reason: (error as Error).message })
      }
    }
  }

  list(): RunSummary[] {
    return [...this.runs.values()].map((r) => r.summary).sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  }

  get(id: string): RunSummary {
    return this.record(id).summary
  }

  create(name: string, config: RunConfig): RunSummary {
    const id = newId('run')
    const dir = this.dir(id)
    mkdirSync(dir, { recursive: true })
    const createdAt = new Date().toISOString()
    const file: RunFile = { id, name, config, createdAt }
    writeFileSync(join(dir, RUN_FILE), `${JSON.stringify(file, null, 2)}\n`)
    const summary: RunSummary = {
      id,
      name,
      state: 'created',
      config,
      createdAt,
      updatedAt: createdAt,
      progress: { step: 0, total: totalSteps(config), etaSeconds: null },
      failure: null,
      pid: null,
    }
    this.runs.set(id, { summary, trainer: null })
    this.options.bus.emit({ type: 'runs.changed' })
    return summary
  }

  /** One run per (algorithm, seed) of `base`; see the contract's runs.createComparison. */
  createComparison(name: string, base: RlConfig, algorithms: Algorithm[], seeds: number[], launch: boolean): RunSummary[] {
    const created = seeds.flatMap((seed) =>
      [...new Set(algorithms)].map((algorithm) => this.create(`${name} · ${algorithm} · seed ${seed}`, { ...base, algorithm, seed })),
    )
    if (launch) for (const run of created) this.launch(run.id)
    return created.map((run) => this.get(run.id))
  }

  delete(id: string): void {
    const run = this.record(id)
    if (isActiveRunState(run.summary.state)) throw new RequestError(`run ${id} is ${run.summary.state}; cancel it before deleting`, 'id')
    rmSync(this.dir(id), { recursive: true, force: true })
    this.metricsReader.forget(join(this.dir(id), METRICS_FILE))
    this.runs.delete(id)
    this.options.bus.emit({ type: 'runs.changed' })
  }

  /**
   * Starts a new run, or continues a stopped RL run (crashed, failed or cancelled) from its last checkpoint: the
   * trainer then loses only the iterations since that checkpoint.
   */
  launch(id: string): RunSummary {
    const run = this.record(id)
    const { state, config } = run.summary
    const resumable = config.kind === 'rl' && (STOPPED_RUN_STATES as readonly RunState[]).includes(state)
    if (state !== 'created' && !resumable) {
      throw new RequestError(`run ${id} is ${state}; only a new run, or a stopped RL run (to resume it), can be launched`, 'id')
    }
    run.resume = resumable
    this.update(run, { state: 'queued', failure: null })
    this.startQueued()
    return run.summary
  }

  pause(id: string): RunSummary {
    return this.control(id, 'pause', ['running'])
  }

  resume(id: string): RunSummary {
    return this.control(id, 'resume', ['paused'])
  }

  cancel(id: string): RunSummary {
    const run = this.record(id)
    if (run.summary.state === 'queued') {
      appendRunEvent(this.dir(id), { event: 'cancelled', message: 'cancelled while queued' })
      this.update(run, { state: 'cancelled' })
      return run.summary
    }
    return this.control(id, 'cancel', ['running', 'paused'])
  }

  metrics(id: string, sinceStep: number): MetricsRow[] {
    this.record(id)
    return this.metricsReader.read(join(this.dir(id), METRICS_FILE)).filter((row) => row.step >= sinceStep)
  }

  /** The contract's runs.metricColumns: the iterations from `sinceStep` on, as packed float64 columns. */
  metricColumns(id: string, sinceStep: number): MetricColumnsPayload {
    this.record(id)
    const iterations = this.metricsReader.iterations(join(this.dir(id), METRICS_FILE))
    return packColumns(iterations.rowsFrom(iterations.indexOfStep(sinceStep)))
  }

  rollouts(id: string, iteration: number): RolloutRecord[] {
    this.record(id)
    const file = join(this.dir(id), ROLLOUTS_DIR, `${iteration}.ndjson`)
    return readNdjson(file).map((row, index) => parseOrThrow(RolloutRecordSchema, row, `${file}:${index + 1}`, 'record'))
  }

  /** Iterations that have sampled rollouts on disk (rollouts/<iteration>.ndjson; iterations count from 1). */
  rolloutIterations(id: string): number[] {
    this.record(id)
    const dir = join(this.dir(id), ROLLOUTS_DIR)
    if (!existsSync(dir)) return []
    return readdirSync(dir)
      .flatMap((name) => (/^\d+\.ndjson$/.test(name) ? [Number(name.slice(0, -'.ndjson'.length))] : []))
      .sort((a, b) => a - b)
  }

  logs(id: string, tail: number): string[] {
    this.record(id)
    const lines = (readNdjson(join(this.dir(id), EVENTS_FILE)) as RunEvent[]).flatMap((event) => {
      const head = `${event.time} ${event.event}${event.message ? `: ${event.message}` : ''}`
      return event.event === 'log' ? [`${event.time} [${event.level}] ${event.message}`] : [head, ...(event.lastLogLines ?? [])]
    })
    return lines.slice(-tail)
  }

  /** Stop every trainer (host shutdown). Their runs are recorded as crashed-by-shutdown on next start. */
  dispose(): void {
    for (const run of this.runs.values()) run.trainer?.kill()
  }

  private control(id: string, command: 'pause' | 'resume' | 'cancel', allowed: RunState[]): RunSummary {
    const run = this.record(id)
    if (!allowed.includes(run.summary.state) || !run.trainer) {
      throw new RequestError(`cannot ${command} run ${id}: it is ${run.summary.state}`, 'id')
    }
    run.trainer.send({ type: command })
    return run.summary
  }

  private startQueued(): void {
    const active = [...this.runs.values()].filter((r) => r.summary.state === 'running' || r.summary.state === 'paused')
    let free = this.options.maxConcurrentRuns() - active.length
    const queued = [...this.runs.values()]
      .filter((r) => r.summary.state === 'queued' && !r.trainer)
      .sort((a, b) => a.summary.updatedAt.localeCompare(b.summary.updatedAt))
    for (const run of queued) {
      if (free <= 0) break
      free -= 1
      this.startTrainer(run)
    }
  }

  private startTrainer(run: RunRecord): void {
    const { id, config } = run.summary
    const trainer = new TrainerClient(this.options.spawnTrainer(id))
    run.trainer = trainer
    const direct = trainer.process.streamsToRenderer
    this.update(run, { state: 'running', pid: trainer.pid })
    trainer.onMessage((message) => {
      switch (message.type) {
        case 'ready':
          trainer.send({
            type: 'start',
            runId: id,
            runDir: this.dir(id),
            config,
            intraOpThreads: this.options.intraOpThreads(),
            device: this.options.device(),
            resume: run.resume ?? false,
          })
          return
        case 'state':
          this.update(run, { state: message.state })
          return
        case 'progress': {
          const { step, total, etaSeconds, phase } = message
          run.summary = { ...run.summary, progress: { step, total, etaSeconds } }
          this.options.bus.emit({ type: 'run.progress', runId: id, step, total, phase, etaSeconds }, direct)
          return
        }
        case 'metrics':
          this.options.bus.emit({ type: 'run.metrics', runId: id, row: message.row }, direct)
          return
        case 'log':
          this.options.bus.emit({ type: 'run.log', runId: id, level: message.level, message: message.message, time: message.time }, direct)
          return
        case 'error':
          this.options.bus.emit({ type: 'run.log', runId: id, level: 'error', message: message.message, time: Date.now() / 1000 })
          return
        default:
          return
      }
    })
    trainer.onEnd((end) => this.finish(run, end))
  }

  private finish(run: RunRecord, end: TrainerEnd): void {
    run.trainer = null
    if (end.reason === 'crashed' && existsSync(this.dir(run.summary.id))) {
      // The trainer could not write this itself; the host records it so that the run folder tells the whole story.
      appendRunEvent(this.dir(run.summary.id), {
        event: 'crashed',
        message: crashMessage(end),
        exitCode: end.exitCode,
        signal: end.signal,
        lastLogLines: end.lastLogLines,
      })
    }
    const failed = end.reason === 'crashed' || end.reason === 'failed'
    this.update(run, {
      state: end.reason,
      pid: null,
      failure: failed
        ? {
            message: end.reason === 'crashed' ? crashMessage(end) : (end.error ?? 'the trainer reported a failure'),
            exitCode: end.exitCode,
            signal: end.signal,
            lastLogLines: end.lastLogLines,
          }
        : null,
    })
    this.startQueued()
  }

  private update(run: RunRecord, patch: Partial<RunSummary>): void {
    run.summary = { ...run.summary, ...patch, updatedAt: new Date().toISOString() }
    this.options.bus.emit({ type: 'run.status', run: run.summary })
  }

  private record(id: string): RunRecord {
    const run = this.runs.get(id)
    if (!run) throw new RequestError(`no run with id ${id}`, 'id')
    return run
  }

  private dir(id: string): string {
    return join(this.options.runsDir, id)
  }

  private loadSummary(id: string): RunSummary {
    const path = join(this.dir(id), RUN_FILE)
    const raw = JSON.parse(readFileSync(path, 'utf8')) as RunFile
    const config = parseOrThrow(RunConfigSchema, raw.config, path, 'config')
    const events = readNdjson(join(this.dir(id), EVENTS_FILE)) as RunEvent[]
    const lifecycle = events.filter((e) => e.event !== 'log')
    const last = lifecycle.at(-1)
    const step = (lastNdjsonRow(join(this.dir(id), METRICS_FILE)) as MetricsRow | undefined)?.step ?? 0
    let state: RunState = 'created'
    let failure: RunSummary['failure'] = null
    if (last) {
      state = (FINISHED_RUN_STATES as readonly string[]).includes(last.event) ? (last.event as RunState) : 'crashed'
      if (state === 'failed' || state === 'crashed') {
        failure = {
          message: last.event === state ? (last.message ?? state) : 'the host stopped while this run was training',
          exitCode: last.exitCode ?? null,
          signal: last.signal ?? null,
          lastLogLines: last.lastLogLines ?? [],
        }
      }
    }
    return {
      id,
      name: raw.name,
      state,
      config,
      createdAt: raw.createdAt,
      updatedAt: last?.time ?? raw.createdAt,
      progress: { step, total: totalSteps(config), etaSeconds: null },
      failure,
      pid: null,
    }
  }
}

function crashMessage(end: TrainerEnd): string {
  const how = end.signal ? `killed by ${end.signal}` : `exited with code ${end.exitCode}`
  return `the trainer process ${how} without finishing${end.error ? `: ${end.error}` : ''}`
}
