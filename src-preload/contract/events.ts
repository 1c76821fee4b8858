// Events streamed from the main side (and, in Electron, straight from the trainer over a MessagePort) to the
// renderer. A discriminated union on `type`; anything else is rejected.
import { z } from 'zod'
import { LogLevel } from './primitives'
import { Id, MetricsRow, RunSummary } from './schemas'

/**
 * What a trainer tells about its run as it trains — progress, a metrics row, a log line. The trainer protocol
 * (src-main/trainer/protocol.ts) carries these same fields from trainer to host, and the host relays them to the
 * renderer as `run.progress`, `run.metrics` and `run.log` events, so both are composed from these shapes.
 */
export const TrainerProgress = z.object({
  step: z.number().int().min(0),
  /** The number of steps the run will take. */
  total: z.number().int().min(0),
  phase: z.string(),
  etaSeconds: z.number().nullable(),
})
export const TrainerMetrics = z.object({ row: MetricsRow })
export const TrainerLog = z.object({
  level: LogLevel,
  message: z.string(),
  /** Unix seconds. */
  time: z.number(),
})

export const ApiEvent = z.discriminatedUnion('type', [
  /** A run's summary changed: state, progress, failure. */
  z.object({ type: z.literal('run.status'), run: RunSummary }),
  z.object({ type: z.literal('run.progress'), runId: Id, ...TrainerProgress.shape }),
  z.object({ type: z.literal('run.metrics'), runId: Id, ...TrainerMetrics.shape }),
  z.object({ type: z.literal('run.log'), runId: Id, ...TrainerLog.shape }),
  z.object({ type: z.literal('runs.changed') }),
  z.object({ type: z.literal('datasets.changed') }),
  /** A dataset import reading its file (bytes so far of the total); `uploadId` when the file came by upload. */
  z.object({
    type: z.literal('dataset.progress'),
    path: z.string(),
    bytesRead: z.number(),
    totalBytes: z.number(),
    uploadId: Id.optional(),
  }),
  /** A re-grade of a dataset's references: rows checked so far of the total it will check. */
  z.object({ type: z.literal('dataset.regrade.progress'), id: Id, checked: z.number().int(), total: z.number().int() }),
])
export type ApiEvent = z.infer<typeof ApiEvent>
export type ApiEventType = ApiEvent['type']
