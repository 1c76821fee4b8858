// The command line of `prime-workbench`, parsed strictly: each command names the options and how many arguments
// it takes, and every mistake (unknown command or option, an option the command does not take, a missing value, a
// malformed number) is a UsageError whose message is one line saying what is wrong. main.ts prints it and exits 2.
import { parseArgs } from 'node:util'
import { parseSeeds } from '../../src-preload/contract/seeds'
import { parseSweepValues, type SweepAxis } from '../../src-preload/contract/sweep'

export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

const OPTIONS = {
  workspace: { type: 'string' },
  preset: { type: 'string' },
  name: { type: 'string' },
  set: { type: 'string', multiple: true },
  reward: { type: 'string' },
  out: { type: 'string', short: 'o' },
  heatmaps: { type: 'string' },
  smoothing: { type: 'string' },
  'per-run': { type: 'boolean' },
  'group-by': { type: 'string' },
  format: { type: 'string' },
  map: { type: 'string', multiple: true },
  verifier: { type: 'string' },
  split: { type: 'string' },
  'skip-bad-rows': { type: 'boolean' },
  seed: { type: 'string' },
  algorithms: { type: 'string' },
  seeds: { type: 'string' },
  model: { type: 'string' },
  comparison: { type: 'boolean' },
  config: { type: 'string' },
  rollouts: { type: 'string' },
  follow: { type: 'boolean' },
  address: { type: 'string' },
  scripts: { type: 'string' },
  grid: { type: 'string', multiple: true },
  metric: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

type OptionName = keyof typeof OPTIONS

interface CommandShape {
  /** Options besides --workspace and --help, which every command takes. */
  options: readonly OptionName[]
  /** Most positional arguments after the command name. */
  maxArgs: number
}

const COMMANDS = {
  run: { options: ['preset', 'name', 'set'], maxArgs: 1 },
  sweep: { options: ['preset', 'name', 'set', 'grid', 'seeds', 'metric'], maxArgs: 1 },
  resume: { options: [], maxArgs: 1 },
  ls: { options: [], maxArgs: 0 },
  show: { options: [], maxArgs: 1 },
  compare: { options: ['reward', 'smoothing', 'group-by'], maxArgs: Infinity },
  report: { options: ['out', 'heatmaps', 'reward', 'smoothing', 'per-run', 'group-by'], maxArgs: Infinity },
  grade: { options: [], maxArgs: 1 },
  runtime: { options: [], maxArgs: 0 },
  init: { options: ['preset', 'out', 'seed'], maxArgs: 0 },
  score: { options: [], maxArgs: 2 },
  import: { options: ['name', 'format', 'map', 'verifier', 'split', 'skip-bad-rows'], maxArgs: 1 },
  datasets: { options: [], maxArgs: 2 },
  'export-verl': { options: ['out', 'preset', 'set', 'algorithms', 'seeds', 'model', 'comparison'], maxArgs: Infinity },
  'import-verl': { options: ['name', 'config', 'rollouts', 'follow'], maxArgs: 1 },
  'submit-verl': { options: ['address', 'scripts'], maxArgs: 1 },
} as const satisfies Record<string, CommandShape>

export type CommandName = keyof typeof COMMANDS
export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[]

export type CliValues = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values']

export type CommandLine = { command: 'help' } | { command: CommandName; args: string[]; values: CliValues }

const HELP_HINT = 'prime-workbench --help lists the commands and options'

/** Node's parseArgs errors, reworded as one line each (its own messages span several lines and suggest `--`). */
function usageErrorFrom(error: unknown): UsageError {
  const { code, message } = error as { code?: string; message: string }
  const option = /'(?:-\w, )?(--[\w-]+)/.exec(message)?.[1] ?? /'(-[\w-]+)'/.exec(message)?.[1] ?? 'an option'
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new UsageError(`unknown option ${option} (${HELP_HINT})`)
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/does not take an argument/.test(message)) return new UsageError(`${option} takes no value`)
    return new UsageError(`${option} needs a value (one that starts with "-" is written ${option}=<value>)`)
  }
  return new UsageError(message.split('\n')[0] ?? message)
}

export function parseCommandLine(argv: readonly string[]): CommandLine {
  let parsed
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: OPTIONS })
  } catch (error) {
    throw usageErrorFrom(error)
  }
  const { values, positionals } = parsed
  const [command, ...args] = positionals
  if (command === undefined || command === 'help' || values.help) return { command: 'help' }
  if (!Object.hasOwn(COMMANDS, command)) {
    throw new UsageError(`unknown command ${JSON.stringify(command)} (commands: ${COMMAND_NAMES.join(', ')})`)
  }
  const shape: CommandShape = COMMANDS[command as CommandName]
  for (const name of Object.keys(values) as OptionName[]) {
    if (name !== 'workspace' && name !== 'help' && !shape.options.includes(name)) {
      const takes = shape.options.length ? shape.options.map((o) => `--${o}`).join(', ') : 'only --workspace'
      throw new UsageError(`${command}: --${name} does not apply here (${command} takes ${takes})`)
    }
  }
  if (args.length > shape.maxArgs) {
    throw new UsageError(`${command}: unexpected argument ${JSON.stringify(args[shape.maxArgs])} (${HELP_HINT})`)
  }
  return { command: command as CommandName, args, values }
}

/** A whole number in [min, max], written in decimal digits only (no sign, hex, exponent or blank). */
export function parseWholeNumber(option: string, text: string, min: number, max: number): number {
  const value = Number(text)
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new UsageError(`${option} ${JSON.stringify(text)}: expected a whole number from ${min} to ${max}`)
  }
  return value
}

/** A finite decimal number such as 0.5, -1 or 1e-3 (no hex, no blank, no Infinity). */
export function parseDecimal(option: string, text: string): number {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) || !Number.isFinite(Number(text))) {
    throw new UsageError(`${option} ${JSON.stringify(text)}: expected a number such as 0.5`)
  }
  return Number(text)
}

/** `--grid path=v1,v2,…` entries as sweep axes, the values read as the launch form reads them (parseSweepValues). */
export function parseGrid(entries: readonly string[]): SweepAxis[] {
  if (entries.length === 0) throw new UsageError('sweep: give at least one --grid path=v1,v2 (e.g. --grid prm.beta=0.05,0.1)')
  return entries.map((entry) => {
    const eq = entry.indexOf('=')
    if (eq <= 0) throw new UsageError(`--grid ${JSON.stringify(entry)}: expected path=v1,v2,… (e.g. --grid prm.beta=0.05,0.1)`)
    const path = entry.slice(0, eq)
    const parsed = parseSweepValues(entry.slice(eq + 1))
    if (!parsed.ok) throw new UsageError(`--grid ${path}: ${parsed.error}`)
    return { path, values: parsed.values }
  })
}

/** `--seeds 1,2,3` or `--seeds 1-4`: a list of seeds, as the launch form takes them ("2" is seed 2). */
export function parseSeedList(text: string): number[] {
  const parsed = parseSeeds(text)
  if (!parsed.ok) throw new UsageError(`--seeds ${JSON.stringify(text)}: ${parsed.error}`)
  return parsed.seeds
}
