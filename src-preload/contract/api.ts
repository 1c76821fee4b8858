// The one contract for everything the renderer may ask of the main side. Each method names its request and
// response schema; the main side validates every request (and, in tests, every response) against them.
import { z } from 'zod'
import {
  AppInfo,
  DatasetFormat,
  DatasetRow,
  DatasetSummary,
  FieldMapping,
  SplitPlan,
  Id,
  MetricsRow,
  ReportFormat,
  RunConfig,
  RolloutRecord,
  RunSummary,
  RuntimeInfo,
  Settings,
} from './schemas'
import { Algorithm, RlConfig } from './rl-config'

const Empty = z.object({}).strict()
const ById = z.object({ id: Id }).strict()
const Ok = z.object({ ok: z.literal(true) })

export const apiContract = {
  'app.info': { request: Empty, response: AppInfo },
  /** Versions and execution providers as reported by a real trainer process (not guessed by the host). */
  'app.runtime': { request: Empty, response: RuntimeInfo },

  'settings.get': { request: Empty, response: Settings },
  'settings.update': { request: Settings.partial().strict(), response: Settings },

  'datasets.list': { request: Empty, response: z.array(DatasetSummary) },
  /**
   * Import a file on the machine running the host: verl Parquet/JSONL, GSM8K- or MATH-style JSONL, or other JSONL/CSV
   * through a field mapping. Progress streams as `dataset.progress` events.
   */
  'datasets.import': {
    request: z
      .object({
        name: z.string().min(1).max(200),
        path: z.string().min(1),
        format: DatasetFormat.default('auto'),
        mapping: FieldMapping.optional(),
        splits: SplitPlan.optional(),
      })
      .strict(),
    response: DatasetSummary,
  },
  'datasets.rows': {
    request: z.object({ id: Id, offset: z.number().int().min(0), limit: z.number().int().min(1).max(1000) }).strict(),
    response: z.object({ total: z.number().int(), rows: z.array(DatasetRow) }),
  },
  'datasets.delete': { request: ById, response: Ok },

  'runs.list': { request: Empty, response: z.array(RunSummary) },
  'runs.get': { request: ById, response: RunSummary },
  'runs.create': {
    request: z.object({ name: z.string().min(1).max(200), config: RunConfig }).strict(),
    response: RunSummary,
  },
  /**
   * A fair comparison: one run per (algorithm, seed) from one base config. The runs share the SFT checkpoint (same
   * SFT settings), and runs with equal seeds see the same prompts in the same order and draw the same sampling
   * seeds, so their curves differ only by the algorithm. Launched at once (queued beyond the concurrency limit).
   */
  'runs.createComparison': {
    request: z
      .object({
        name: z.string().min(1).max(200),
        base: RlConfig,
        algorithms: z.array(Algorithm).min(1).max(6),
        seeds: z.array(z.number().int().min(0).max(2 ** 31 - 1)).min(1).max(16),
        launch: z.boolean().default(true),
      })
      .strict(),
    response: z.array(RunSummary),
  },
  'runs.delete': { request: ById, response: Ok },
  'runs.launch': { request: ById, response: RunSummary },
  'runs.pause': { request: ById, response: RunSummary },
  'runs.resume': { request: ById, response: RunSummary },
  'runs.cancel': { request: ById, response: RunSummary },
  'runs.metrics': {
    request: z.object({ id: Id, sinceStep: z.number().int().min(0).default(0) }).strict(),
    response: z.array(MetricsRow),
  },
  /** The sampled responses of one iteration (rollouts/<iteration>.ndjson; iterations count from 1). */
  'runs.rollouts': {
    request: z.object({ id: Id, step: z.number().int().min(0) }).strict(),
    response: z.array(RolloutRecord),
  },
  /** Which iterations of a run have sampled rollouts. */
  'runs.rolloutSteps': { request: ById, response: z.array(z.number().int()) },
  'runs.logs': {
    request: z.object({ id: Id, tail: z.number().int().min(1).max(10_000).default(200) }).strict(),
    response: z.array(z.string()),
  },

  /** Export one or more runs' metrics; returns the file written on the host's machine and its contents. */
  'reports.export': {
    request: z.object({ runIds: z.array(Id).min(1).max(64), format: ReportFormat }).strict(),
    response: z.object({ path: z.string(), mediaType: z.string(), content: z.string() }),
  },
} as const

export type ApiContract = typeof apiContract
export type ApiMethod = keyof ApiContract
export type ApiRequest<M extends ApiMethod> = z.input<ApiContract[M]['request']>
export type ApiParsedRequest<M extends ApiMethod> = z.output<ApiContract[M]['request']>
export type ApiResponse<M extends ApiMethod> = z.output<ApiContract[M]['response']>

export const apiMethods = Object.keys(apiContract) as ApiMethod[]

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.hasOwn(apiContract, name)
}
