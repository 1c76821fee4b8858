// Events streamed from the main side (and, in Electron, straight from the trainer over a MessagePort) to the
// renderer. A discriminated union on `type`; anything else is rejected.
import { z } from 'zod'
import { Id, MetricsRow, RunSummary } from './schemas'

export const ApiEvent = z.discriminatedUnion('type', [
  /** A run's summary changed: state, progress, failure. */
  z.object({ type: z.literal('run.status'), run: RunSummary }),
  z.object({
    type: z.literal('run.progress'),
    runId: Id,
    step: z.number().int(),
    total: z.number().int(),
    phase: z.string(),
    etaSeconds: z.number().nullable(),
  }),
  z.object({ type: z.literal('run.metrics'), runId: Id, row: MetricsRow }),
  z.object({
    type: z.literal('run.log'),
    runId: Id,
    level: z.enum(['debug', 'info', 'warn', 'error']),
    message: z.string(),
    time: z.number(),
  }),
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
