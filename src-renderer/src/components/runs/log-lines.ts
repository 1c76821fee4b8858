// Pure helpers for showing log lines: trainers' stderr may carry terminal colour codes (ONNX Runtime colours its
// own errors), which a web page would show as garbage; and warnings and errors are picked out for emphasis.
import type { LogLevel } from '../../../../src-preload/contract/primitives'

// ESC [ … final byte: the SGR colour sequences and other CSI controls a terminal would interpret.
// eslint-disable-next-line no-control-regex
const ANSI_CSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g

export function stripAnsi(line: string): string {
  return line.replace(ANSI_CSI, '')
}

/** The levels a log line is emphasised for ('' for the rest). */
export type LineLevel = Extract<LogLevel, 'error' | 'warn'> | ''

/** Error lines: the trainer's [error] lines and the run's own crash/failure records ("<time> crashed: …"). */
export function lineLevel(line: string): LineLevel {
  if (line.includes('[error]') || /^\S+ (crashed|failed)\b/.test(line)) return 'error'
  return line.includes('[warn]') ? 'warn' : ''
}
