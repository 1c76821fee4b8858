// Runs compiled programs with onnxruntime-node: one InferenceSession per (program, shape class), created once and
// cached; thread and spinning settings that measured best on the 2-core machines; the execution provider chosen
// at creation with the reason recorded; ORT errors re-thrown with the program's name and input shapes.
import * as ort from 'onnxruntime-node'
import type { Graph } from '../graph/graph'
import { serializeModel } from '../graph/serialize'
import { type ExecutionProviderName, type ProviderChoice, chooseExecutionProvider } from './providers'
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
  /** ORT's per-kernel profiler (benchmarks): every session writes `<prefix>_<date>.json` once endProfiling() is called. */
  profileFilePrefix?: string
}

export class ProgramRunError extends Error {
  override name = 'ProgramRunError'
}

export class CompiledProgram {
  constructor(
    readonly name: string,
    readonly shapeClass: string,
    private readonly session: ort.InferenceSession,
    readonly nodeCount: number,
  ) {}

  get inputNames(): readonly string[] {
    return this.session.inputNames
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames
  }

  async run(feeds: Feeds): Promise<Record<string, ort.Tensor>> {
    try {
      return await this.session.run(feeds)
    } catch (err) {
      throw new ProgramRunError(
        `program "${this.name}" (shape class ${this.shapeClass}) failed with inputs {${describeFeeds(feeds)}}: ${(err as Error).message}`,
        { cause: err },
      )
    }
  }

  /** Ends ORT profiling of this session and writes its profile file (sessions of a profiling Runtime only). */
  endProfiling(): void {
    this.session.endProfiling()
  }

  release(): Promise<void> {
    return this.session.release()
  }
}

export class Runtime {
  private readonly sessions = new Map<string, Promise<CompiledProgram>>()
  private disposed = false

  private constructor(
    readonly provider: ProviderChoice,
    readonly options: Required<Omit<RuntimeOptions, 'executionProvider' | 'profileFilePrefix'>> & Pick<RuntimeOptions, 'profileFilePrefix'>,
  ) {}

  static async create(options: RuntimeOptions = {}): Promise<Runtime> {
    const provider = await chooseExecutionProvider(options.executionProvider ?? 'auto')
    return new Runtime(provider, {
      intraOpNumThreads: options.intraOpNumThreads ?? 2,
      allowSpinning: options.allowSpinning ?? false,
      graphOptimizationLevel: options.graphOptimizationLevel ?? 'all',
      memoryPattern: options.memoryPattern ?? false,
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
      extra: { session: { 'intra_op.allow_spinning': spin, 'inter_op.allow_spinning': spin } },
      ...(this.options.profileFilePrefix ? { enableProfiling: true, profileFilePrefix: this.options.profileFilePrefix } : {}),
    }
  }

  /**
   * The program `name` for `shapeClass` (e.g. "B16xT128"): built, serialised and opened the first time, cached
   * after. `build` must return the same graph for the same key.
   */
  program(name: string, shapeClass: string, build: () => Graph): Promise<CompiledProgram> {
    if (this.disposed) throw new Error('Runtime has been disposed')
    const key = `${name}@${shapeClass}`
    let compiled = this.sessions.get(key)
    if (!compiled) {
      compiled = (async () => {
        const graph = build()
        const bytes = serializeModel(graph, `${name} @ ${shapeClass}`)
        try {
          const session = await ort.InferenceSession.create(bytes, this.sessionOptions())
          return new CompiledProgram(name, shapeClass, session, graph.nodes.length)
        } catch (err) {
          throw new ProgramRunError(`program "${name}" (shape class ${shapeClass}) failed to load: ${(err as Error).message}`, {
            cause: err,
          })
        }
      })()
      compiled.catch(() => this.sessions.delete(key))
      this.sessions.set(key, compiled)
    }
    return compiled
  }

  /** Ends profiling of every program opened so far (a Runtime created with profileFilePrefix). */
  async endProfiling(): Promise<void> {
    for (const program of await Promise.all(this.sessions.values())) program.endProfiling()
  }

  get cachedPrograms(): string[] {
    return [...this.sessions.keys()]
  }

  /** Releases every cached session; the runtime cannot be used afterwards. */
  async dispose(): Promise<void> {
    this.disposed = true
    const pending = [...this.sessions.values()]
    this.sessions.clear()
    await Promise.all(pending.map(async (p) => (await p.catch(() => null))?.release()))
  }
}

/** One-off: serialise a graph and open it with default settings (tests, tools). */
export async function openGraph(graph: Graph, options: ort.InferenceSession.SessionOptions = {}): Promise<CompiledProgram> {
  const session = await ort.InferenceSession.create(serializeModel(graph), { logSeverityLevel: 3, ...options })
  return new CompiledProgram(graph.name, 'single', session, graph.nodes.length)
}
