// The one contract for everything the renderer may ask of the main side. Each method names its request and
// response schema; the main side validates every request (and, in tests, every response) against them.
import { z } from 'zod'
import {
  AppInfo,
  DatasetFormat,
  ImportPreview,
  DatasetRow,
  DatasetSummary,
  FieldMapping,
  SplitPlan,
  Id,
  MAX_GENERATED_ROWS,
  RegradeResult,
  SyntheticTaskInfo,
  UPLOAD_CHUNK_BYTES,
  UPLOAD_MAX_BYTES,
  MetricsRow,
  ReportFormat,
  ReportOptions,
  RunConfig,
  RunPreview,
  MetricFigures,
  RolloutRecord,
  RunSummary,
  RuntimeInfo,
  Settings,
} from './schemas'
import { MetricColumnsPayload } from './metric-columns-wire'
import { Seed } from './primitives'
import { Algorithm, RlConfig } from './rl-config'
import { VerlExportRequest, VerlExportResult, VerlImportRequest, VerlSubmitRequest } from './verl'
import { MAX_SEEDS } from './seeds'
import { MAX_SWEEP_AXES, SweepAxis } from './sweep'

const Empty = z.object({}).strict()
const ById = z.object({ id: Id }).strict()
const Ok = z.object({ ok: z.literal(true) })
/** Import options beyond the file's reading: the rows' verifier (default: chosen from the data) and skipping bad rows. */
const ImportChoices = {
  verifier: z.enum(['math', 'exact', 'code', 'arith-chain', 'linear-equation', 'fractions']).optional(),
  skipBadRows: z.boolean().optional(),
}

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
        ...ImportChoices,
      })
      .strict(),
    response: DatasetSummary,
  },
  /**
   * The first step of an import: what the importer makes of a file (a path on the host, or an upload that has all
   * its bytes) — detected format, fields, the mapping it would use (proposed for files in no known shape), the
   * verifier and why, and the first rows as they would be imported, with any problems among them. Writes nothing.
   */
  'datasets.preview': {
    request: z
      .object({
        path: z.string().min(1).optional(),
        uploadId: Id.optional(),
        format: DatasetFormat.default('auto'),
        mapping: FieldMapping.optional(),
        verifier: ImportChoices.verifier,
      })
      .strict()
      .refine((r) => (r.path === undefined) !== (r.uploadId === undefined), { message: 'give either path or uploadId', path: ['path'] }),
    response: ImportPreview,
  },
  'datasets.rows': {
    request: z.object({ id: Id, offset: z.number().int().min(0), limit: z.number().int().min(1).max(1000) }).strict(),
    response: z.object({ total: z.number().int(), rows: z.array(DatasetRow) }),
  },
  'datasets.delete': { request: ById, response: Ok },
  /** The built-in synthetic tasks `datasets.generate` can write, with their levels. */
  'datasets.syntheticTasks': { request: Empty, response: z.array(SyntheticTaskInfo) },
  /**
   * Generate `count` problems of a built-in task (the same for the same seed) and import them like a file, so rows,
   * statistics and splits are exactly an import's. Rows carry the task's verifier and its worked demonstration as
   * `extra.solution`; repeated prompts are de-duplicated (small levels have few distinct problems).
   */
  'datasets.generate': {
    request: z
      .object({
        name: z.string().min(1).max(200),
        task: z.string().min(1),
        level: z.number().int(),
        count: z.number().int().min(1).max(MAX_GENERATED_ROWS),
        seed: Seed,
        splits: SplitPlan.optional(),
      })
      .strict(),
    response: DatasetSummary,
  },
  /**
   * Grade each row's reference answer against itself with the row's verifier, and its worked solution
   * (`extra.solution`) where it has one against the reference: a reference the verifier cannot recognise as equal to
   * itself, or a solution that does not reach the reference, is a problem in the data or the verifier. Progress
   * streams as `dataset.regrade.progress` events.
   */
  'datasets.regrade': {
    request: z.object({ id: Id, limit: z.number().int().min(1).optional() }).strict(),
    response: RegradeResult,
  },
  /**
   * Upload a file from the page (which cannot hand the host a local path) in order: begin, append each chunk at the
   * next offset, finish (imports it, then deletes the uploaded copy whatever the outcome). Progress of the import
   * streams as `dataset.progress` events carrying the `uploadId`. An upload idle for 30 minutes is dropped.
   */
  'datasets.upload.begin': {
    request: z
      // An empty file may be uploaded: the importer, not the schema, says "the file is empty" in words.
      .object({ fileName: z.string().min(1).max(255), totalBytes: z.number().int().min(0).max(UPLOAD_MAX_BYTES) })
      .strict(),
    response: z.object({ uploadId: Id, chunkBytes: z.number().int() }),
  },
  'datasets.upload.append': {
    request: z
      .object({
        uploadId: Id,
        /** Must equal the bytes received so far (chunks arrive in order, none twice). */
        offset: z.number().int().min(0),
        contentBase64: z
          .string()
          .min(4)
          .max(Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4)
          .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64')
          .refine((s) => s.length % 4 === 0, 'base64 length must be a multiple of 4'),
      })
      .strict(),
    response: z.object({ receivedBytes: z.number().int() }),
  },
  'datasets.upload.finish': {
    request: z
      .object({
        uploadId: Id,
        name: z.string().min(1).max(200),
        format: DatasetFormat.default('auto'),
        mapping: FieldMapping.optional(),
        splits: SplitPlan.optional(),
        ...ImportChoices,
      })
      .strict(),
    response: DatasetSummary,
  },
  'datasets.upload.cancel': { request: z.object({ uploadId: Id }).strict(), response: Ok },

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
        seeds: z.array(Seed).min(1).max(MAX_SEEDS),
        launch: z.boolean().default(true),
      })
      .strict(),
    response: z.array(RunSummary),
  },
  /**
   * A sweep: one run per cell of a grid of values for chosen settings (`axes`, e.g. prm.beta × policy.lr) and per
   * seed, from one base config (contract/sweep.ts expandSweep names the runs and checks every cell's config). The
   * runs record the sweep (RunSummary.sweep) and are launched at once, queued beyond the concurrency limit.
   */
  'runs.createSweep': {
    request: z
      .object({
        name: z.string().min(1).max(160),
        base: RlConfig,
        axes: z.array(SweepAxis).min(1).max(MAX_SWEEP_AXES),
        seeds: z.array(Seed).min(1).max(MAX_SEEDS),
        launch: z.boolean().default(true),
      })
      .strict(),
    response: z.array(RunSummary),
  },
  /**
   * Figures of chosen metrics for every run, computed on the host from its metrics file with the analysis module
   * (src-preload/analysis/run-figures.ts): the runs table's metric columns and filters in one call.
   */
  'runs.figures': {
    request: z.object({ metrics: z.array(z.string().min(1).max(200)).max(32) }).strict(),
    response: z.record(z.string(), z.record(z.string(), MetricFigures)),
  },
  /** Names of every metric any run has logged, sorted (the runs table's column picker). */
  'runs.metricNames': { request: Empty, response: z.array(z.string()) },
  /**
   * Checks an RL config as far as can be done without training (the dataset exists and its splits have rows, the
   * checkpoint folder has a tokenizer that fits its vocabulary, the prompt format renders) and returns the first
   * training prompt exactly as the model will see it. runs.create and runs.launch make the same checks; an error
   * names the setting (`request.config.task.dataset`).
   */
  'runs.preview': { request: z.object({ config: RlConfig }).strict(), response: RunPreview },
  'runs.delete': { request: ById, response: Ok },
  'runs.launch': { request: ById, response: RunSummary },
  'runs.pause': { request: ById, response: RunSummary },
  'runs.resume': { request: ById, response: RunSummary },
  'runs.cancel': { request: ById, response: RunSummary },
  /** A run's metrics.ndjson lines as rows, from `sinceStep` on (to `untilStep`, if given), as the trainer wrote them. */
  'runs.metrics': {
    request: z.object({ id: Id, sinceStep: z.number().int().min(0).default(0), untilStep: z.number().int().min(0).optional() }).strict(),
    response: z.array(MetricsRow),
  },
  /**
   * A run's iterations from `sinceStep` on (step ≥ 1, one row per step, the later line of a repeated step winning:
   * src-preload/analysis `iterationRows`) as packed float64 columns (metric-columns-wire.ts): what charts read, at
   * about a quarter of the rows' size and without parsing a value at a time. A binary method (wire.ts).
   */
  'runs.metricColumns': {
    request: z
      .object({
        id: Id,
        sinceStep: z.number().int().min(0).default(0),
        /** Only these metrics' columns (with the steps and times), for a first picture; absent: every metric. */
        names: z.array(z.string().min(1)).max(1000).optional(),
        /** Every metric's column but these (the rest, after a first picture). */
        except: z.array(z.string().min(1)).max(1000).optional(),
      })
      .strict()
      .refine((r) => !(r.names && r.except), { message: 'names and except cannot both be given', path: ['except'] }),
    response: MetricColumnsPayload,
  },
  /** The sampled responses of one iteration (rollouts/<iteration>.ndjson; iterations count from 1). */
  'runs.rollouts': {
    request: z.object({ id: Id, step: z.number().int().min(0) }).strict(),
    response: z.array(RolloutRecord),
  },
  /** Which iterations of a run have sampled rollouts. */
  'runs.rolloutSteps': { request: ById, response: z.array(z.number().int()) },
  /**
   * Export runs as a verl launch folder (verl RL parquet, one launch script per run, a manifest): with
   * `withComparison`, the first run and every run equal to it apart from algorithm and seed.
   */
  'runs.exportVerl': { request: VerlExportRequest, response: VerlExportResult },
  /**
   * Import a verl run from the files it wrote (the file logger's JSONL, .hydra/config.yaml, rollout dumps) as a
   * read-only run; with `follow`, the run keeps reading the metrics file as it grows and shows live.
   */
  'runs.importVerl': { request: VerlImportRequest, response: RunSummary },
  /** Submit an export folder to a Ray cluster's Jobs API: one followed run per script; Stop stops the job. */
  'runs.submitVerl': { request: VerlSubmitRequest, response: z.array(RunSummary) },
  'runs.logs': {
    request: z.object({ id: Id, tail: z.number().int().min(1).max(10_000).default(200) }).strict(),
    response: z.array(z.string()),
  },

  /**
   * Export one or more runs: their metrics (json, csv), or the report (html; pdf is that HTML printed by Electron or
   * a headless Chromium). Returns the file written under the workspace's exports/ folder and its contents: text for
   * json, csv and html, base64 for pdf (`encoding` says which).
   */
  'reports.export': {
    request: z.object({ runIds: z.array(Id).min(1).max(64), format: ReportFormat, options: ReportOptions.optional() }).strict(),
    response: z.object({ path: z.string(), mediaType: z.string(), content: z.string(), encoding: z.enum(['utf8', 'base64']) }),
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
