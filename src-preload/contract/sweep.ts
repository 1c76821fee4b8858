// A sweep: a grid of values for chosen settings of one base config, crossed with seeds — one run per cell and
// seed. Expanded here, once, for the host (runs.createSweep), the CLI's `sweep` and the launch form's preview, so
// all three name the same runs and refuse the same grids with the same words.
import { z } from 'zod'
import { RlConfig } from './rl-config'
import { nearestKey } from './validation'

/** One swept setting: a dotted config path (`prm.beta`, `algorithm`) and the values it takes. */
export const SweepAxis = z
  .object({
    path: z.string().min(1).max(200),
    values: z.array(z.union([z.number(), z.string(), z.boolean(), z.null()])).min(1).max(16),
  })
  .strict()
export type SweepAxis = z.infer<typeof SweepAxis>

export const MAX_SWEEP_AXES = 6
/** Runs one sweep may create (cells × seeds): more is a typo more often than a plan. */
export const MAX_SWEEP_RUNS = 128

export interface SweepRunPlan {
  /** `<name> · prm.beta=0.1 · policy.lr=0.0003 · seed 2` (the algorithm as its bare value). */
  name: string
  config: RlConfig
  /** The cell's value of each axis, in axis order. */
  values: (number | string | boolean | null)[]
  seed: number
}

export class SweepError extends Error {
  constructor(
    message: string,
    /** Where the problem is: `axes[1].path`, `axes[0].values[2]`, `seeds`. */
    readonly field: string,
  ) {
    super(message)
    this.name = 'SweepError'
  }
}

/** Dotted paths of the config's settings (leaves), in the config's order. */
function settingPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return prefix ? [prefix] : []
  return Object.entries(value).flatMap(([key, child]) => settingPaths(child, prefix ? `${prefix}.${key}` : key))
}

function withSetting(config: unknown, path: string, value: unknown): unknown {
  const [head, ...rest] = path.split('.') as [string, ...string[]]
  const node = config as Record<string, unknown>
  return { ...node, [head]: rest.length === 0 ? value : withSetting(node[head], rest.join('.'), value) }
}

export type SweepValue = SweepAxis['values'][number]

/**
 * A list of values as a person types it for one setting, `0.05, 0.1` or `prime,rloo`: split at commas, each read
 * as JSON where it is JSON (0.1, 1e-4, true, null) and as a bare string otherwise. The launch form and the CLI's
 * `--grid` both read values this way. Null when an entry is empty, with its position.
 */
export function parseSweepValues(text: string): { ok: true; values: SweepValue[] } | { ok: false; error: string } {
  const texts = text.split(',').map((t) => t.trim())
  const empty = texts.findIndex((t) => t === '')
  if (empty >= 0) return { ok: false, error: `value ${empty + 1} is empty (values are separated by commas)` }
  return { ok: true, values: texts.map(parseSweepValue) }
}

function parseSweepValue(text: string): SweepValue {
  try {
    const value: unknown = JSON.parse(text)
    if (value === null || ['number', 'string', 'boolean'].includes(typeof value)) return value as SweepValue
  } catch {
    // not JSON: a bare string
  }
  return text
}

/** A value as a run name shows it: numbers and strings bare, the rest as JSON. */
function formatValue(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value)
}

/** The part of a run's name that names its cell: `prime`, `prm.beta=0.1` (settings by path, values in order). */
export function cellLabel(paths: readonly string[], values: readonly unknown[]): string {
  return paths.map((path, i) => (path === 'algorithm' ? formatValue(values[i]) : `${path}=${formatValue(values[i])}`)).join(' · ')
}

/**
 * The runs of a sweep: seeds outermost (so a whole first seed of the grid trains first when runs queue), then the
 * cells in axis order, the last axis varying fastest. Every run's config is checked with the RlConfig schema; the
 * first problem throws a SweepError naming the axis, value or cell.
 */
export function expandSweep(name: string, base: RlConfig, axes: readonly SweepAxis[], seeds: readonly number[]): SweepRunPlan[] {
  if (axes.length === 0) throw new SweepError('sweep at least one setting', 'axes')
  if (axes.length > MAX_SWEEP_AXES) throw new SweepError(`at most ${MAX_SWEEP_AXES} settings per sweep`, 'axes')
  if (seeds.length === 0) throw new SweepError('give at least one seed', 'seeds')
  if (new Set(seeds).size !== seeds.length) throw new SweepError('each seed may appear only once', 'seeds')
  const known = settingPaths(base)
  axes.forEach((axis, a) => {
    if (axis.path === 'seed') throw new SweepError('seed is not a sweep setting: the seeds are given apart', `axes[${a}].path`)
    if (axis.path === 'kind') throw new SweepError('kind cannot be swept: a sweep is of RL runs', `axes[${a}].path`)
    if (!known.includes(axis.path)) {
      const nearest = nearestKey(axis.path, known)
      throw new SweepError(`unknown setting ${axis.path}${nearest ? ` — did you mean ${nearest}?` : ''}`, `axes[${a}].path`)
    }
    if (axes.findIndex((other) => other.path === axis.path) !== a) throw new SweepError(`${axis.path} is swept twice`, `axes[${a}].path`)
    const texts = axis.values.map((v) => JSON.stringify(v))
    const repeated = texts.findIndex((text, i) => texts.indexOf(text) !== i)
    if (repeated >= 0) throw new SweepError(`${axis.path} lists ${formatValue(axis.values[repeated])} twice`, `axes[${a}].values[${repeated}]`)
  })
  const cells = axes.reduce<(number | string | boolean | null)[][]>((acc, axis) => acc.flatMap((cell) => axis.values.map((v) => [...cell, v])), [[]])
  if (cells.length * seeds.length > MAX_SWEEP_RUNS) {
    throw new SweepError(`${cells.length} combinations × ${seeds.length} seed${seeds.length === 1 ? '' : 's'} = ${cells.length * seeds.length} runs; at most ${MAX_SWEEP_RUNS} per sweep`, 'axes')
  }
  const configs = cells.map((values) => {
    const candidate = axes.reduce<unknown>((config, axis, a) => withSetting(config, axis.path, values[a]), base)
    const parsed = RlConfig.safeParse(candidate)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      const at = axes.findIndex((axis) => axis.path === issue.path.join('.'))
      const field = at >= 0 ? `axes[${at}].values[${axes[at]!.values.findIndex((v) => v === values[at])}]` : 'axes'
      throw new SweepError(`${cellLabel(axes.map((a) => a.path), values)}: ${issue.path.join('.') || 'config'}: ${issue.message}`, field)
    }
    return { values, config: parsed.data }
  })
  return seeds.flatMap((seed) =>
    configs.map(({ values, config }) => ({ name: `${name} · ${cellLabel(axes.map((a) => a.path), values)} · seed ${seed}`, config: { ...config, seed }, values, seed })),
  )
}
