// The run registry: creates run folders, launches trainers (queueing beyond the concurrency limit), relays their
// progress as events, and records how each run ended. Everything it knows is rebuilt from the run folders at start.
// Other processes may work on the same workspace (the app, browser mode and CLI commands): a run whose
// trainer.lock is held by a live trainer that is not this host's own is "trained elsewhere": shown as running (or
// paused) and followed from its files, but read-only here; launching it again is refused. Every few seconds the
// folders are checked for such runs, for runs that ended elsewhere, for runs created elsewhere (the CLI) or copied
// into the workspace, and for runs whose files another process changed while no trainer held them.
import { existsSync, readdirSync, readFileSync, rmSync, mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { MetricColumns, metricFigures } from '../../src-preload/analysis'
import type { Device } from '../../src-preload/contract/primitives'
import {
  FINISHED_RUN_STATES,
  STOPPED_RUN_STATES,
  isActiveRunState,
  type MetricFigures,
  type MetricsRow,
  type RolloutRecord,
  type RunConfig,
  type RunOwner,
  type RunState,
  type RunSummary,
  type SweepRef,
} from '../../src-preload/contract/schemas'
import type { Algorithm, RlConfig } from '../../src-preload/contract/rl-config'
import { RolloutRecord as RolloutRecordSchema, RunConfig as RunConfigSchema, SweepRef as SweepRefSchema } from '../../src-preload/contract/schemas'
import { SweepError, expandSweep, type SweepAxis } from '../../src-preload/contract/sweep'
import { parseOrThrow } from '../../src-preload/contract/validation'
import { chooseColumns, packColumns, type ColumnChoice, type MetricColumnsPayload } from '../../src-preload/contract/metric-columns-wire'
import { writeFileAtomicSync } from '../storage/atomic-file'
import { describeHolder, inspectLock } from '../storage/process-lock'
import { EVENTS_FILE, METRICS_FILE, ROLLOUTS_DIR, RUN_FILE, TRAINER_LOCK_FILE, appendRunEvent, type RunEvent } from '../trainer/run-files'
import type { EventBus } from './event-bus'
import { MetricsReader, lastLoggedStep } from './metrics-reader'
import { RequestError } from './request-error'
import { readNdjson } from './ndjson'
import { TrainerClient, type TrainerEnd } from './trainer-client'
import type { SpawnTrainer } from './trainer-process'
import { newId } from './workspace'

interface RunRecord {
  summary: RunSummary
  trainer: TrainerClient | null
  /** Continue from the last checkpoint rather than start afresh. */
  resume?: boolean
  /** Metrics rows already relayed for a run trained elsewhere. */
  relayedRows?: number
  /** The sizes of the run's events and metrics files when its summary was last read or changed here. */
  stamp?: string
}

interface RunFile {
  id: string
  name: string
  config: RunConfig
  createdAt: string
  /** Absent for runs launched on their own (and for runs from before sweeps). */
  sweep?: SweepRef
}

/** How often the run folders are checked for work done by other processes. */
const FOLLOW_INTERVAL_MS = 2000
/** metricColumns answers kept for reuse: a comparison of 8–16 runs (16 MB each at 20,000 rows × 100 metrics). */
const PACKED_ANSWERS = 16

export function totalSteps(config: RunConfig): number {
  if (config.kind === 'verl') return config.totalSteps ?? 0
  return config.kind === 'rl' ? config.iterations : config.steps
}

/**
 * A verl run that has a follower to (re)start: one being read as its files grow, or a job on a Ray cluster. Its
 * follower is light (it reads files or a log stream), so it does not count against the concurrency limit.
 */
function hasFollower(config: RunConfig): boolean {
  return config.kind === 'verl' && (config.source.kind === 'ray' || config.source.follow)
}

export interface RunServiceOptions {
  runsDir: string
  spawnTrainer: SpawnTrainer
  bus: EventBus
  maxConcurrentRuns: () => number
  intraOpThreads: () => number
  /** The memory budget each trainer gets (bytes); absent: the trainer's Runtime default. */
  memoryBudget?: () => number
  device: () => Device
  /**
   * Checks an RL config before a run folder is written or a trainer starts (a missing dataset, a checkpoint without a
   * tokenizer, a prompt format that does not render): throws a RequestError on `${field}.<setting>`.
   */
  checkRlConfig: (config: RlConfig, field: string) => Promise<unknown>
}

export class RunService {
  private readonly runs = new Map<string, RunRecord>()
  private readonly metricsReader = new MetricsReader()

  /** Run folders that could not be read, with the reason (shown by the CLI and logged by hosts). */
  readonly unreadable: { id: string; reason: string }[] = []
  private readonly follower: ReturnType<typeof setInterval>
  private warming: ReturnType<typeof setTimeout> | undefined
  /** Runs whose metrics are still to be read in the background (warm), newest first at start. */
  private readonly toWarm: string[] = []
  /**
   * The latest metricColumns answers (least recently asked first): a comparison opened again — a reload, a second
   * window, a page whose cache was cleared — gets the same megabytes without their being packed again. An answer is
   * reused while its run's columns are the same object holding the same rows (they grow in place).
   */
  private readonly packed = new Map<string, { columns: MetricColumns; rows: number; payload: MetricColumnsPayload }>()

  constructor(private readonly options: RunServiceOptions) {
    this.scan()
    this.follower = setInterval(() => this.follow(), FOLLOW_INTERVAL_MS)
    this.follower.unref()
  }

  list(): RunSummary[] {
    for (const run of this.runs.values()) this.refreshAndTell(run)
    return [...this.runs.values()].map((r) => r.summary).sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  }

  get(id: string): RunSummary {
    const run = this.record(id)
    this.refreshAndTell(run)
    this.readMetricsOf(run)
    return run.summary
  }

  /** refresh(), telling every client (not only the caller) when the summary changed. */
  private refreshAndTell(run: RunRecord): void {
    if (this.refresh(run)) this.options.bus.emit({ type: 'run.status', run: run.summary })
  }

  async create(name: string, config: RunConfig): Promise<RunSummary> {
    if (config.kind === 'verl') throw new RequestError('a verl run is made by importing its files (runs.importVerl) or submitting an export to a Ray cluster (runs.submitVerl)', 'request.config.kind')
    if (config.kind === 'rl') await this.options.checkRlConfig(config, 'request.config')
    return this.createChecked(name, config, null)
  }

  /**
   * `name`, or `name (2)`, `name (3)`… when a run of this workspace has it already: every run picker lists runs by
   * name, and two entries that read the same cannot be told apart.
   */
  private uniqueName(name: string): string {
    const taken = new Set([...this.runs.values()].map((r) => r.summary.name))
    let unique = name
    for (let n = 2; taken.has(unique); n++) unique = `${name} (${n})`
    return unique
  }

  /** Writes the run folder of a config that has been checked. */
  private createChecked(requestedName: string, config: RunConfig, sweep: SweepRef | null): RunSummary {
    const id = newId('run')
    const dir = this.dir(id)
    const name = this.uniqueName(requestedName)
    mkdirSync(dir, { recursive: true })
    const createdAt = new Date().toISOString()
    const file: RunFile = { id, name, config, createdAt, ...(sweep ? { sweep } : {}) }
    try {
      writeFileAtomicSync(join(dir, RUN_FILE), `${JSON.stringify(file, null, 2)}\n`)
    } catch (error) {
      // A folder without its run.json (a full disk) would be left behind for nothing.
      rmSync(dir, { recursive: true, force: true })
      throw error
    }
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
      trainedElsewhere: null,
      warnings: [],
      sweep,
    }
    this.runs.set(id, { summary, trainer: null, stamp: this.stamp(id) })
    this.options.bus.emit({ type: 'runs.changed' })
    return summary
  }

  /** One run per (algorithm, seed) of `base`: a sweep over the algorithm; see the contract's runs.createComparison. */
  createComparison(name: string, base: RlConfig, algorithms: Algorithm[], seeds: number[], launch: boolean): Promise<RunSummary[]> {
    return this.createSweep(name, base, [{ path: 'algorithm', values: [...new Set(algorithms)] }], seeds, launch)
  }

  /** One run per cell of the grid and seed; see the contract's runs.createSweep and contract/sweep.ts. */
  async createSweep(name: string, base: RlConfig, axes: SweepAxis[], seeds: number[], launch: boolean): Promise<RunSummary[]> {
    let plans
    try {
      plans = expandSweep(name, base, axes, seeds)
    } catch (error) {
      if (error instanceof SweepError) throw new RequestError(error.message, `request.${error.field}`)
      throw error
    }
    // Settings that change what runs train on (a dataset, a checkpoint) are checked for every distinct value.
    await this.options.checkRlConfig(base, 'request.base')
    for (const plan of plans) if (plan.seed === seeds[0]) await this.options.checkRlConfig(plan.config, 'request.axes')
    const sweep: SweepRef = { id: newId('sweep'), name, settings: axes.map((axis) => axis.path) }
    const created = plans.map((plan) => this.createChecked(plan.name, plan.config, sweep))
    if (launch) for (const run of created) this.queue(this.record(run.id))
    return created.map((run) => this.get(run.id))
  }

  /** Figures of `metrics` for every run (analysis/run-figures.ts), by run id then metric. */
  figures(metrics: readonly string[]): Record<string, Record<string, MetricFigures>> {
    const out: Record<string, Record<string, MetricFigures>> = {}
    for (const id of this.runs.keys()) {
      const columns = this.columns(id)
      out[id] = Object.fromEntries(metrics.map((metric) => [metric, metricFigures(columns, metric)]))
    }
    return out
  }

  /** Every metric any run has logged, sorted. */
  metricNames(): string[] {
    const names = new Set<string>()
    for (const id of this.runs.keys()) for (const name of this.columns(id).names()) names.add(name)
    return [...names].sort()
  }

  /** A run's iterations as the analysis reads them, kept up to date as its metrics file grows. */
  private columns(id: string): MetricColumns {
    return this.metricsReader.iterations(join(this.dir(id), METRICS_FILE))
  }

  delete(id: string): void {
    const run = this.record(id)
    this.refreshAndTell(run)
    this.refuseIfElsewhere(run, 'delete')
    if (isActiveRunState(run.summary.state)) throw new RequestError(`run ${id} is ${run.summary.state}; cancel it before deleting`, 'id')
    rmSync(this.dir(id), { recursive: true, force: true })
    this.metricsReader.forget(join(this.dir(id), METRICS_FILE))
    for (const key of this.packed.keys()) if (key.startsWith(`${id}\n`)) this.packed.delete(key)
    this.runs.delete(id)
    this.options.bus.emit({ type: 'runs.changed' })
  }

  /**
   * Starts a new run, or continues a stopped RL run (crashed, failed or cancelled) from its last checkpoint: the
   * trainer then loses only the iterations since that checkpoint.
   */
  async launch(id: string): Promise<RunSummary> {
    const run = this.record(id)
    this.refreshAndTell(run)
    this.refuseIfElsewhere(run, 'launch')
    this.launchable(run)
    // The dataset or checkpoint may have gone since the run was created.
    if (run.summary.config.kind === 'rl') {
      try {
        await this.options.checkRlConfig(run.summary.config, 'config')
      } catch (error) {
        throw new RequestError(`run ${id} cannot start: ${(error as Error).message}`, 'id')
      }
    }
    return this.queue(run)
  }

  /**
   * A run folder another component wrote whole (an imported verl run), taken into the registry. `launch`: start its
   * follower at once.
   */
  async adopt(id: string, launch: boolean): Promise<RunSummary> {
    this.runs.set(id, { summary: this.loadSummary(id), trainer: null })
    this.options.bus.emit({ type: 'runs.changed' })
    return launch ? this.launch(id) : this.get(id)
  }

  /**
   * Throws unless the run is new, a stopped RL run (which launching resumes), or a verl run with a follower that is
   * not running (which launching follows again).
   */
  private launchable(run: RunRecord): boolean {
    const { id, state, config } = run.summary
    if (config.kind === 'verl') {
      if (!hasFollower(config)) throw new RequestError(`run ${id} is an imported verl run: it is read-only (import it with "follow" to read on as it grows)`, 'id')
      if (isActiveRunState(state)) throw new RequestError(`run ${id} is ${state}; it is being followed already`, 'id')
      return state !== 'created'
    }
    const resumable = config.kind === 'rl' && (STOPPED_RUN_STATES as readonly RunState[]).includes(state)
    if (state !== 'created' && !resumable) {
      throw new RequestError(`run ${id} is ${state}; only a new run, or a stopped RL run (to resume it), can be launched`, 'id')
    }
    return resumable
  }

  private queue(run: RunRecord): RunSummary {
    run.resume = this.launchable(run)
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

  metrics(id: string, sinceStep: number, untilStep = Number.POSITIVE_INFINITY): MetricsRow[] {
    this.record(id)
    return this.metricsReader.read(join(this.dir(id), METRICS_FILE)).filter((row) => row.step >= sinceStep && row.step <= untilStep)
  }

  /**
   * The contract's runs.metricColumns: the iterations from `sinceStep` on, as packed float64 columns — of `names`
   * only, or of all but `except`, if given.
   */
  metricColumns(id: string, sinceStep: number, which: ColumnChoice = {}): MetricColumnsPayload {
    this.record(id)
    const iterations = this.columns(id)
    const start = iterations.indexOfStep(sinceStep)
    const key = `${id}\n${start}\n${JSON.stringify(which)}`
    const kept = this.packed.get(key)
    this.packed.delete(key)
    const payload = kept && kept.columns === iterations && kept.rows === iterations.length ? kept.payload : packColumns(chooseColumns(iterations.rowsFrom(start), which))
    this.packed.set(key, { columns: iterations, rows: iterations.length, payload })
    for (const old of this.packed.keys()) if (this.packed.size > PACKED_ANSWERS) this.packed.delete(old)
    return payload
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
    clearInterval(this.follower)
    clearTimeout(this.warming)
    for (const run of this.runs.values()) run.trainer?.kill()
  }

  /**
   * Reads the metrics of `ids` and makes their iteration columns, one run per turn of the event loop, after they are
   * found: a run's summary needs only its last line (loadSummary), and the first comparison, runs-table metric or
   * column picker then finds the columns made. Built on its first request instead, they took 0.5 s of the first
   * Compare open of 8 runs × 20,000 rows after a start. Requests meanwhile are answered between two runs.
   */
  private warm(ids: readonly string[]): void {
    this.toWarm.push(...ids)
    if (this.warming === undefined) this.warmNext()
  }

  private warmNext(): void {
    const id = this.toWarm.shift()
    if (id === undefined) {
      this.warming = undefined
      return
    }
    this.warming = setTimeout(() => {
      const run = this.runs.get(id)
      try {
        if (run) {
          this.columns(id)
          this.readMetricsOf(run)
        }
      } catch {
        // A file that cannot be read now is reported to the request that asks for it.
      }
      this.warmNext()
    }, 0)
    // A CLI command that reads the runs exits when it is done, warm or not.
    this.warming.unref()
  }

  /**
   * Reads a run's metrics file (all of it, the first time) and adds the lines it had to skip to the summary's warnings
   * if a summary made from the last line only lacks them, telling every client.
   */
  private readMetricsOf(run: RunRecord): void {
    const file = join(this.dir(run.summary.id), METRICS_FILE)
    this.metricsReader.read(file)
    const missing = this.metricsReader.skipped(file).filter((warning) => !run.summary.warnings.includes(warning))
    if (!missing.length) return
    run.summary = { ...run.summary, warnings: [...run.summary.warnings, ...missing] }
    this.options.bus.emit({ type: 'run.status', run: run.summary })
  }

  /** Loads run folders not known yet (all of them at start); true when one was added. */
  private scan(): boolean {
    const added: string[] = []
    for (const entry of readdirSync(this.options.runsDir, { withFileTypes: true })) {
      // Names starting with "." are folders being written (an import's staging folder), not runs.
      if (!entry.isDirectory() || entry.name.startsWith('.') || this.runs.has(entry.name) || this.unreadable.some((u) => u.id === entry.name)) continue
      if (!existsSync(join(this.options.runsDir, entry.name, RUN_FILE))) continue
      try {
        this.runs.set(entry.name, { summary: this.loadSummary(entry.name), trainer: null, stamp: this.stamp(entry.name) })
        added.push(entry.name)
      } catch (error) {
        // One damaged or outdated run folder must not take the others (or the app) down with it.
        this.unreadable.push({ id: entry.name, reason: (error as Error).message })
      }
    }
    // The newest first: the Runs view shows the newest run on entry, and lists runs newest first.
    const createdAt = (id: string) => this.runs.get(id)?.summary.createdAt ?? ''
    this.warm(added.sort((a, b) => createdAt(b).localeCompare(createdAt(a))))
    return added.length > 0
  }

  /** The periodic check for other processes' work: new runs, runs trained elsewhere starting, progressing, ending. */
  private follow(): void {
    try {
      if (this.scan()) this.options.bus.emit({ type: 'runs.changed' })
      for (const run of this.runs.values()) {
        let changed = this.refresh(run)
        if (!changed && run.summary.trainedElsewhere) {
          // Paused or resumed over there?
          const { state } = this.loadSummary(run.summary.id)
          changed = state !== run.summary.state
          if (changed) run.summary = { ...run.summary, state, updatedAt: new Date().toISOString() }
        }
        if (changed) this.options.bus.emit({ type: 'run.status', run: run.summary })
        if (run.summary.trainedElsewhere) this.relayElsewhere(run)
      }
    } catch {
      // A folder deleted or rewritten mid-check; the next check sees it settled.
    }
  }

  /** The live trainer of this run that is not ours, from its lock; null when there is none. */
  private ownerElsewhere(id: string): RunOwner | null {
    const status = inspectLock(join(this.dir(id), TRAINER_LOCK_FILE))
    if (status.state !== 'held') return null
    const { pid, hostname, since } = status.holder
    return { pid, hostname, since }
  }

  /** The sizes of a run's events and metrics files: they only grow, or are rewritten, when a trainer works on it. */
  private stamp(id: string): string {
    const size = (file: string) => {
      try {
        return statSync(join(this.dir(id), file)).size
      } catch {
        return -1
      }
    }
    return `${size(EVENTS_FILE)}:${size(METRICS_FILE)}`
  }

  /**
   * Brings a run this host does not train up to date with its folder when another process started or stopped
   * training it, or changed its files while no trainer held it (a run copied into the workspace, or one trained
   * start to end by another process between two checks). True when its summary changed.
   */
  private refresh(run: RunRecord): boolean {
    if (run.trainer || run.summary.state === 'queued' || !existsSync(this.dir(run.summary.id))) return false
    const owner = this.ownerElsewhere(run.summary.id)
    const known = run.summary.trainedElsewhere
    if (owner === null && known === null) {
      const stamp = this.stamp(run.summary.id)
      if (stamp === run.stamp) return false
      run.summary = this.loadSummary(run.summary.id)
      run.stamp = stamp
      return true
    }
    if (owner && known && owner.pid === known.pid && owner.since === known.since) return false
    run.summary = this.loadSummary(run.summary.id)
    run.stamp = this.stamp(run.summary.id)
    run.relayedRows = undefined
    return true
  }

  /** Relays the metrics a trainer elsewhere has written since the last check, and its progress. */
  private relayElsewhere(run: RunRecord): void {
    const { id } = run.summary
    const rows = this.metricsReader.read(join(this.dir(id), METRICS_FILE))
    const from = run.relayedRows ?? rows.length
    run.relayedRows = rows.length
    if (rows.length <= from) return
    for (const row of rows.slice(from)) this.options.bus.emit({ type: 'run.metrics', runId: id, row })
    const step = rows.at(-1)?.step ?? 0
    const total = run.summary.progress.total
    run.summary = { ...run.summary, progress: { step, total, etaSeconds: null } }
    this.options.bus.emit({ type: 'run.progress', runId: id, step, total, phase: 'training elsewhere', etaSeconds: null })
  }

  private refuseIfElsewhere(run: RunRecord, action: string): void {
    const owner = run.summary.trainedElsewhere
    if (!owner) return
    throw new RequestError(
      `cannot ${action} run ${run.summary.id}: it is being trained by ${describeHolder({ ...owner, processStart: null })}, ` +
        'another app window, browser-mode server or CLI on this workspace; it is read-only here until that trainer stops',
      'id',
    )
  }

  private control(id: string, command: 'pause' | 'resume' | 'cancel', allowed: RunState[]): RunSummary {
    const run = this.record(id)
    this.refreshAndTell(run)
    this.refuseIfElsewhere(run, command)
    if (!allowed.includes(run.summary.state) || !run.trainer) {
      throw new RequestError(`cannot ${command} run ${id}: it is ${run.summary.state}`, 'id')
    }
    run.trainer.send({ type: command })
    return run.summary
  }

  private startQueued(): void {
    // This host's own trainers: each process on a workspace keeps to its own limit. Followers of verl runs do not
    // train and start at once.
    const active = [...this.runs.values()].filter((r) => r.trainer !== null && !hasFollower(r.summary.config))
    let free = this.options.maxConcurrentRuns() - active.length
    const queued = [...this.runs.values()]
      .filter((r) => r.summary.state === 'queued' && !r.trainer)
      .sort((a, b) => a.summary.updatedAt.localeCompare(b.summary.updatedAt))
    for (const run of queued) {
      if (hasFollower(run.summary.config)) {
        this.startTrainer(run)
        continue
      }
      if (free <= 0) continue
      free -= 1
      this.startTrainer(run)
    }
  }

  private startTrainer(run: RunRecord): void {
    const { id, config } = run.summary
    if (this.ownerElsewhere(id)) {
      // Taken by another process while it waited in the queue.
      run.summary = this.loadSummary(id)
      this.options.bus.emit({ type: 'run.status', run: run.summary })
      return
    }
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
            ...(this.options.memoryBudget ? { memoryBudget: this.options.memoryBudget() } : {}),
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
    if (end.reason === 'refused') {
      // Another process took the run first; our trainer wrote nothing. The folder, not our attempt, says how it is.
      this.options.bus.emit({ type: 'run.log', runId: run.summary.id, level: 'warn', message: end.error ?? 'another process trains this run', time: Date.now() / 1000 })
      run.summary = this.loadSummary(run.summary.id)
      this.options.bus.emit({ type: 'run.status', run: run.summary })
      this.startQueued()
      return
    }
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
    // What this host wrote (or its trainer did) is known here: not a change made elsewhere.
    run.stamp = this.stamp(run.summary.id)
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
    let raw: RunFile
    try {
      raw = JSON.parse(readFileSync(path, 'utf8')) as RunFile
    } catch (error) {
      throw new Error(`${path}: not valid JSON (${(error as Error).message})`, { cause: error })
    }
    const config = parseOrThrow(RunConfigSchema, raw.config, path, 'config')
    const warnings: string[] = []
    const events = readNdjson(join(this.dir(id), EVENTS_FILE), warnings) as RunEvent[]
    const lifecycle = events.filter((e) => e.event !== 'log')
    const last = lifecycle.at(-1)
    const metricsFile = join(this.dir(id), METRICS_FILE)
    // A file read before is read on from where it ended; another needs only its last line for the progress (a long
    // run's file takes a third of a second to parse) and is read whole in the background (warm), which adds the
    // lines it had to skip to the warnings.
    const lastStep = this.metricsReader.has(metricsFile) ? undefined : lastLoggedStep(metricsFile)
    const step = lastStep !== undefined ? (lastStep ?? 0) : (this.metricsReader.read(metricsFile).at(-1)?.step ?? 0)
    warnings.push(...this.metricsReader.skipped(metricsFile))
    const owner = this.ownerElsewhere(id)
    let state: RunState = 'created'
    let failure: RunSummary['failure'] = null
    if (owner) {
      state = last?.event === 'paused' ? 'paused' : 'running'
    } else if (last) {
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
      progress: { step, total: Math.max(totalSteps(config), config.kind === 'verl' ? step : 0), etaSeconds: null },
      failure,
      pid: owner?.pid ?? null,
      trainedElsewhere: owner,
      warnings,
      sweep: raw.sweep === undefined ? null : parseOrThrow(SweepRefSchema, raw.sweep, path, 'sweep'),
    }
  }
}

function crashMessage(end: TrainerEnd): string {
  const how = end.signal ? `killed by ${end.signal}` : `exited with code ${end.exitCode}`
  return `the trainer process ${how} without finishing${end.error ? `: ${end.error}` : ''}`
}
