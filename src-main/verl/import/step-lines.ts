// One verl step's metrics, from either of the two places verl logs them:
//  - the file logger (`trainer.logger` with 'file'; verl/utils/tracking.py FileLogger @ VERL_COMMIT): one JSON line
//    per `logger.log` call, `{"step": N, "data": {name: value, …}}`, some versions with `elapsed_seconds` too;
//  - the console logger (verl/utils/logger/aggregate_logger.py concat_dict_to_str): one printed line
//    `step:N - name:value - name:value …` with only numeric values, each written by Python's pprint.pformat
//    (0.25, 1e-05, nan, inf, True, and with NumPy 2 scalars `np.float64(0.25)`); in a Ray job's log the line may
//    carry Ray's `(main_task pid=…)` prefix and colour codes.
import { parsePythonJson } from './python-json'

export interface StepValues {
  step: number
  /** Finite numbers by verl's names (booleans as 0/1). */
  values: Record<string, number>
  /** Seconds since the logger started, where the line says. */
  elapsed: number | null
  /** Names whose value was NaN, ±Infinity or null: not charted. */
  nonFinite: string[]
}

/** A line that breaks verl's format, with where it is (`file:line`) and which field. */
export class VerlFormatError extends Error {
  constructor(
    readonly where: string,
    readonly field: string | null,
    why: string,
  ) {
    super(`${where}: ${field ? `field ${field}: ` : ''}${why}`)
    this.name = 'VerlFormatError'
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Parses one file-logger line. Unknown top-level keys are ignored; values that are not numbers are left out. */
export function parseFileLoggerLine(text: string, where: string): StepValues {
  let parsed: unknown
  try {
    parsed = parsePythonJson(text)
  } catch (error) {
    throw new VerlFormatError(where, null, `not valid JSON (${(error as Error).message})`)
  }
  if (!isRecord(parsed)) throw new VerlFormatError(where, null, 'expected a JSON object {"step", "data"}')
  const { step, data, elapsed_seconds: elapsed } = parsed
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) {
    throw new VerlFormatError(where, 'step', `expected a whole number ≥ 0, got ${JSON.stringify(step) ?? 'nothing'}`)
  }
  if (!isRecord(data)) throw new VerlFormatError(where, 'data', `expected an object of metrics, got ${JSON.stringify(data) ?? 'nothing'}`)
  if (elapsed !== undefined && elapsed !== null && typeof elapsed !== 'number') {
    throw new VerlFormatError(where, 'elapsed_seconds', `expected a number, got ${JSON.stringify(elapsed)}`)
  }
  const values: Record<string, number> = {}
  const nonFinite: string[] = []
  for (const [name, value] of Object.entries(data)) {
    if (typeof value === 'boolean') values[name] = value ? 1 : 0
    else if (typeof value === 'number' && Number.isFinite(value)) values[name] = value
    else if (value === null || typeof value === 'number') nonFinite.push(name)
  }
  return { step, values, elapsed: typeof elapsed === 'number' ? elapsed : null, nonFinite }
}

// eslint-disable-next-line no-control-regex -- ANSI colour codes are what Ray's log prefixes are written in
const ANSI = /\x1b\[[0-9;]*m/g
const CONSOLE_STEP = /(?:^|[\s)])step:(\d+)((?: - [^\n]*)?)$/
const NUMPY_SCALAR = /^np\.\w+\((.*)\)$/

/** Reads a pformat-written number; undefined when it is not one. */
function consoleNumber(text: string): number | undefined {
  const bare = NUMPY_SCALAR.exec(text)?.[1] ?? text
  if (bare === 'True') return 1
  if (bare === 'False') return 0
  if (bare === 'nan') return Number.NaN
  if (bare === 'inf') return Number.POSITIVE_INFINITY
  if (bare === '-inf') return Number.NEGATIVE_INFINITY
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(bare)) return undefined
  return Number(bare)
}

/** The step's values of a console line, or null for a line that is not one of verl's metric lines. */
export function parseConsoleLine(line: string): StepValues | null {
  const match = CONSOLE_STEP.exec(line.replace(ANSI, '').trimEnd())
  if (!match) return null
  const values: Record<string, number> = {}
  const nonFinite: string[] = []
  for (const part of (match[2] as string).split(' - ').slice(1)) {
    const colon = part.lastIndexOf(':')
    if (colon <= 0) return null
    const name = part.slice(0, colon)
    const value = consoleNumber(part.slice(colon + 1))
    if (value === undefined) return null
    if (Number.isFinite(value)) values[name] = value
    else nonFinite.push(name)
  }
  return { step: Number(match[1]), values, elapsed: null, nonFinite }
}
