// Small wire values that several messages carry: declared once here and composed by the API schemas, the run
// config, the pushed events and the trainer protocol, so a change (a new log level, a new device) is made once.
import { z } from 'zod'

/** A random seed as every seeded thing takes it (RL runs, SFT, generated datasets): an int32 ≥ 0. */
export const Seed = z.number().int().min(0).max(2 ** 31 - 1)
export type Seed = z.infer<typeof Seed>

/** Severity of a trainer log line (events.ndjson, `run.log` events, the trainer protocol's `log`). */
export const LogLevel = z.enum(['debug', 'info', 'warn', 'error'])
export type LogLevel = z.infer<typeof LogLevel>

/** The execution provider a trainer runs on (Settings, the trainer's `start` message). */
export const Device = z.enum(['cpu', 'cuda'])
export type Device = z.infer<typeof Device>
