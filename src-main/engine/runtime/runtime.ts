// Runs compiled programs with onnxruntime-node: one InferenceSession per (program, shape class), created once and
// cached, released when idle while the process is over its memory budget and reopened on its next run; thread and spinning settings that measured best on the 2-core machines; the execution provider chosen
// at creation with the reason recorded; ORT errors re-thrown with the program's name and input shapes.
import * as ort from 'onnxruntime-node'
import type { Graph } from '../graph/graph'
import { serializeModel } from '../graph/serialize'
import { type ExecutionProviderName, type ProviderChoice, chooseExecutionProvider } from './providers'
import { defaultMemoryBudget, releaseOverBudget } from './memory-budget'
import { type Feeds, describeFeeds } from './tensors'

export interface RuntimeOptions {
  /** 'auto' = CUDA when its libraries load, else CPU. */
  executionProvider?: 'auto' | ExecutionProviderName
  /** ORT intra-op threads; default 2 (the development machines' core count). */
  intraOpNumThreads?: number
  /** Busy-wait between ops; off measured faster here and leaves the CPU to the rest of the app. */
  allowSpinning?: boolean
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all'
  /**
   * ORT's memory pattern: plan one block for every intermediate tensor of a run from the first run's sizes. Off by
   * default: measured on the S train step (model bench), it raised peak RSS from about 630 MB to 950 MB (above
   * PyTorch's 690 MB for the same step) for no measurable gain in speed; the arena serves allocations without it.
   */
  memoryPattern?: boolean
  /**
   * ORT's CPU memory arena, one per session, which keeps the memory of the session's largest run. On by default (ORT's
   * default). Off, freed tensors go back to malloc and are reused by every session: on PRIME s256 (10 iterations, one
   * thread, iteration-profile.measure.ts) peak RSS was 2.0 GB instead of 12.0 GB, results bit-identical, CPU time 125 s
   * instead of 136 s in all but about 4% more in iterations that open no program.
   */
  cpuMemArena?: boolean
  /**
   * Resident memory (bytes) the process should stay under: after a run ends above it, idle sessions are released,
   * least recently used first (./memory-budget.ts). Default: half the machine's memory; Infinity keeps every session
   * open until dispose().
   */
  memoryBudget?: number
  /** ORT's per-kernel profiler (benchmarks): every session writes `<prefix>_<date>.json` once endProfiling() is called. */
  profileFilePrefix?: string
}

export class ProgramRunError extends Error {
  override name = 'ProgramRunError'
}

/** What a Runtime's program reports to it: a session (re)opened, and a run ended (the memory check). */
interface SessionHost {
  reopen(program: CompiledProgram): Promise<ort.InferenceSession>
  ran(program: CompiledProgram): Promise<void>
}

export class CompiledProgram {
  readonly inputNames: readonly string[]
  readonly outputNames: readonly string[]
  private session: Promise<ort.InferenceSession> | null
  /** Runs started and not yet ended, a reopening session's included: while any is pending the session stays. */
  private pending = 0
  /** When a run last ended, in the Runtime's run count (least recently used sessions are released first). */
  lastUsed = 0

  constructor(
    readonly name: string,
    readonly shapeClass: string,
    session: ort.InferenceSession,
    readonly nodeCount: number,
    private readonly host: SessionHost | null = null,
  ) {
    this.session = Promise.resolve(session)
    this.inputNames = session.inputNames
    this.outputNames = session.outputNames
  }

  /** Holds a session; a released one is reopened by its Runtime on the next run. */
  get isOpen(): boolean {
    return this.session !== null
  }

  /** Open with no run pending: a session its Runtime may release. */
  get isIdle(): boolean {
    return this.session !== null && this.pending === 0
  }

  async run(feeds: Feeds): Promise<Record<string, ort.Tensor>> {
    this.pending++
    let out: Record<string, ort.Tensor>
    try {
      out = await (await this.openSession()).run(feeds)
    } catch (err) {
      throw new ProgramRunError(
        `program "${this.name}" (shape class ${this.shapeClass}) failed with inputs {${describeFeeds(feeds)}}: ${(err as Error).message}`,
        { cause: err },
      )
    } finally {
      this.pending--
    }
    await this.host?.ran(this)
    return out
  }

  private openSession(): Promise<ort.InferenceSession> {
    if (this.session) return this.session
    if (!this.host) throw new Error(`program "${this.name}" has been released`)
    const opening = this.host.reopen(this)
    this.session = opening
    opening.catch(() => {
      if (this.session === opening) this.session = null
    })
    return opening
  }

  /** Ends ORT profiling of this session and writes its profile file (sessions of a profiling Runtime only). */
  async endProfiling(): Promise<void> {
    ;(await this.session)?.endProfiling()
  }

  /** Releases the session (with its memory arena); a Runtime's program opens a new one on its next run. */
  async release(): Promise<void> {
    const session = this.session
    this.session = null
    await (await session)?.release()
  }
}

export class Runtime implements SessionHost {
  private readonly programs = new Map<string, Promise<CompiledProgram>>()
  private readonly builds = new Map<CompiledProgram, () => Graph>()
  private runsEnded = 0
  /** Sessions opened so far, reopened ones included (each compiles its program and fills a new arena). */
  sessionsOpened = 0
  /** Idle sessions released so far to stay under the memory budget. */
  sessionsReleased = 0
  private disposed = false

  private constructor(
    readonly provider: ProviderChoice,
    readonly options: Required<Omit<RuntimeOptions, 'executionProvider' | 'profileFilePrefix'>> & Pick<RuntimeOptions, 'profileFilePrefix'>,
  ) {}

  static async create(options: RuntimeOptions = {}): Promise<Runtime> {
    const budget = options.memoryBudget
    if (budget !== undefined && !(budget >= 0)) throw new Error(`RuntimeOptions.memoryBudget must be a number of bytes >= 0 (Infinity: no budget), got ${budget}`)
    const provider = await chooseExecutionProvider(options.executionProvider ?? 'auto')
    return new Runtime(provider, {
      intraOpNumThreads: options.intraOpNumThreads ?? 2,
      allowSpinning: options.allowSpinning ?? false,
      graphOptimizationLevel: options.graphOptimizationLevel ?? 'all',
      memoryPattern: options.memoryPattern ?? false,
      cpuMemArena: options.cpuMemArena ?? true,
      memoryBudget: budget ?? defaultMemoryBudget(),
      ...(options.profileFilePrefix ? { profileFilePrefix: options.profileFilePrefix } : {}),
    })
  }

  sessionOptions(): ort.InferenceSession.SessionOptions {
    const spin = this.options.allowSpinning ? '1' : '0'
    return {
      executionProviders: [this.provider.provider],
      intraOpNumThreads: this.options.intraOpNumThreads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: this.options.graphOptimizationLevel,
      enableMemPattern: this.options.memoryPattern,
      enableCpuMemArena: this.options.cpuMemArena,
      extra: { session: { 'intra_op.allow_spinning': spin, 'inter_op.allow_spinning': spin } },
      ...(this.options.profileFilePrefix ? { enableProfiling: true, profileFilePrefix: this.options.profileFilePrefix } : {}),
    }
  }

  /**
   * The program `name` for `shapeClass` (e.g. "B16xT128"): built, serialised and opened the first time, cached
   * after. `build` must return the same graph for the same key: it is called again to reopen a released session.
   */
  program(name: string, shapeClass: string, build: () => Graph): Promise<CompiledProgram> {
    if (this.disposed) throw new Error('Runtime has been disposed')
    const key = `${name}@${shapeClass}`
    let compiled = this.programs.get(key)
    if (!compiled) {
      compiled = (async () => {
        const graph = build()
        const program = new CompiledProgram(name, shapeClass, await this.open(name, shapeClass, graph), graph.nodes.length, this)
        this.builds.set(program, build)
        return program
      })()
      compiled.catch(() => this.programs.delete(key))
      this.programs.set(key, compiled)
    }
    return compiled
  }

  private async open(name: string, shapeClass: string, graph: Graph): Promise<ort.InferenceSession> {
    const bytes = serializeModel(graph, `${name} @ ${shapeClass}`)
    try {
      const session = await ort.InferenceSession.create(bytes, this.sessionOptions())
      this.sessionsOpened++
      return session
    } catch (err) {
      throw new ProgramRunError(`program "${name}" (shape class ${shapeClass}) failed to load: ${(err as Error).message}`, { cause: err })
    }
  }

  /** @internal A released program's next run: the same graph, built and opened again. */
  reopen(program: CompiledProgram): Promise<ort.InferenceSession> {
    if (this.disposed) return Promise.reject(new Error('Runtime has been disposed'))
    return this.open(program.name, program.shapeClass, this.builds.get(program)!())
  }

  /** @internal After each run: above the memory budget, idle sessions are released, least recently used first. */
  async ran(program: CompiledProgram): Promise<void> {
    program.lastUsed = ++this.runsEnded
    this.sessionsReleased += await releaseOverBudget([...this.builds.keys()], program, this.options.memoryBudget)
  }

  /** Ends profiling of every program opened so far (a Runtime created with profileFilePrefix). */
  async endProfiling(): Promise<void> {
    for (const program of await Promise.all(this.programs.values())) await program.endProfiling()
  }

  /** Every program opened so far, `name@shapeClass`, whether its session is open or was released. */
  get cachedPrograms(): string[] {
    return [...this.programs.keys()]
  }

  /** The programs whose session is open now. */
  get openPrograms(): string[] {
    return [...this.builds.keys()].filter((p) => p.isOpen).map((p) => `${p.name}@${p.shapeClass}`)
  }

  /** Releases every cached session; the runtime cannot be used afterwards. */
  async dispose(): Promise<void> {
    this.disposed = true
    const pending = [...this.programs.values()]
    this.programs.clear()
    this.builds.clear()
    await Promise.all(pending.map(async (p) => (await p.catch(() => null))?.release()))
  }
}

/** One-off: serialise a graph and open it with default settings (tests, tools). */
export async function openGraph(graph: Graph, options: ort.InferenceSession.SessionOptions = {}): Promise<CompiledProgram> {
  const session = await ort.InferenceSession.create(serializeModel(graph), { logSeverityLevel: 3, ...options })
  return new CompiledProgram(graph.name, 'single', session, graph.nodes.length)
}
