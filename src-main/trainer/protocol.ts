// The message protocol between a host (Electron main or the browser-mode host) and a trainer process.
// Every message carries the protocol version `v`; both directions are discriminated unions on `type`, and a
// message of unknown type or shape is rejected with an error naming the field. The same messages travel over
// Electron's utility-process port and over Node's child_process IPC channel.
import { z } from 'zod'
import { Id, MetricsRow, RunConfig, RuntimeInfo } from '../../src-preload/contract/schemas'
import { parseOrThrow } from '../../src-preload/contract/validation'

export const PROTOCOL_VERSION = 1
const V = z.literal(PROTOCOL_VERSION)

export const HostToTrainer = z.discriminatedUnion('type', [
  z.object({
    v: V,
    type: z.literal('start'),
    runId: Id,
    runDir: z.string().min(1),
    config: RunConfig,
    intraOpThreads: z.number().int().min(0),
    /** Execution provider chosen in Settings; a CUDA run on a machine without CUDA fails with the reason. */
    device: z.enum(['cpu', 'cuda']).default('cpu'),
    /** Continue from the run folder's last checkpoint instead of starting afresh. */
    resume: z.boolean().default(false),
  }),
  z.object({ v: V, type: z.literal('pause') }),
  z.object({ v: V, type: z.literal('resume') }),
  z.object({ v: V, type: z.literal('cancel') }),
  /** Liveness check; the trainer answers with its own heartbeat. */
  z.object({ v: V, type: z.literal('heartbeat'), time: z.number() }),
  /**
   * Electron only: the message's transferred MessagePort leads straight to the renderer; from now on progress,
   * metrics and logs are also posted there as renderer events.
   */
  z.object({ v: V, type: z.literal('attach-stream') }),
  /** Ask for the ONNX Runtime version and execution providers this process can use. */
  z.object({ v: V, type: z.literal('describe-runtime') }),
])
export type HostToTrainer = z.infer<typeof HostToTrainer>

/** `refused`: the run is another trainer's (its lock is held, or it was started or completed meanwhile); nothing was written. */
export const ExitReason = z.enum(['completed', 'cancelled', 'failed', 'refused'])
export type ExitReason = z.infer<typeof ExitReason>

export const TrainerToHost = z.discriminatedUnion('type', [
  z.object({ v: V, type: z.literal('ready'), pid: z.number().int() }),
  z.object({ v: V, type: z.literal('heartbeat'), time: z.number() }),
  z.object({ v: V, type: z.literal('state'), runId: Id, state: z.enum(['running', 'paused']) }),
  z.object({
    v: V,
    type: z.literal('progress'),
    runId: Id,
    step: z.number().int().min(0),
    total: z.number().int().min(0),
    phase: z.string(),
    etaSeconds: z.number().nullable(),
  }),
  z.object({ v: V, type: z.literal('metrics'), runId: Id, row: MetricsRow }),
  z.object({
    v: V,
    type: z.literal('log'),
    runId: Id.nullable(),
    level: z.enum(['debug', 'info', 'warn', 'error']),
    message: z.string(),
    time: z.number(),
  }),
  z.object({ v: V, type: z.literal('error'), message: z.string(), stack: z.string().optional() }),
  z.object({ v: V, type: z.literal('runtime'), info: RuntimeInfo }),
  /** Sent last, just before the process exits on its own. A process that dies without it has crashed. */
  z.object({ v: V, type: z.literal('exit'), reason: ExitReason, code: z.number().int() }),
])
export type TrainerToHost = z.infer<typeof TrainerToHost>

type Unversioned<T> = T extends unknown ? Omit<T, 'v'> : never
/** What a host sends (defaults such as `resume` may be left out). */
export type HostToTrainerBody = Unversioned<z.input<typeof HostToTrainer>>
export type TrainerToHostBody = Unversioned<TrainerToHost>

export function parseHostToTrainer(raw: unknown): HostToTrainer {
  return parseOrThrow(HostToTrainer, raw, 'trainer protocol (host → trainer)', 'message')
}

export function parseTrainerToHost(raw: unknown): TrainerToHost {
  return parseOrThrow(TrainerToHost, raw, 'trainer protocol (trainer → host)', 'message')
}
