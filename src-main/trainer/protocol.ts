// The message protocol between a host (Electron main or the browser-mode host) and a trainer process.
// Every message carries the protocol version `v`; both directions are discriminated unions on `type`, and a
// message of unknown type or shape is rejected with an error naming the field. The same messages travel over
// Electron's utility-process port and over Node's child_process IPC channel.
import { z } from 'zod'
import { TrainerLog, TrainerMetrics, TrainerProgress } from '../../src-preload/contract/events'
import { Device } from '../../src-preload/contract/primitives'
import { ExitReason, Id, RunConfig, RuntimeInfo, TrainerRunState } from '../../src-preload/contract/schemas'
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
    /**
     * Resident memory (bytes) the trainer's ONNX Runtime keeps under by releasing idle sessions (its share of the
     * machine when several runs train at once); absent: the Runtime's default, half the machine's memory.
     */
    memoryBudget: z.number().positive().optional(),
    /** Execution provider chosen in Settings; a CUDA run on a machine without CUDA fails with the reason. */
    device: Device.default('cpu'),
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

export const TrainerToHost = z.discriminatedUnion('type', [
  z.object({ v: V, type: z.literal('ready'), pid: z.number().int() }),
  z.object({ v: V, type: z.literal('heartbeat'), time: z.number() }),
  z.object({ v: V, type: z.literal('state'), runId: Id, state: TrainerRunState }),
  z.object({ v: V, type: z.literal('progress'), runId: Id, ...TrainerProgress.shape }),
  z.object({ v: V, type: z.literal('metrics'), runId: Id, ...TrainerMetrics.shape }),
  z.object({ v: V, type: z.literal('log'), runId: Id.nullable(), ...TrainerLog.shape }),
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
