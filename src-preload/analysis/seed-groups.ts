// Runs that differ only in their seed are repeats of one experiment: a seed group, drawn as a mean with a band
// over its seeds, and one side of a seed-paired comparison. Settings that only change what is logged (LOGGING_ONLY
// below) cannot change a learning curve, so by default they do not split a group. A comparison may instead group
// by chosen settings (`algorithm`, or `algorithm` × `prm.beta`): runs with equal values there form a group,
// whatever else differs. A group is named by what sets it apart from the other groups (the algorithm or run kind
// as its bare value; other settings as `path=value`).
import type { Grouping } from '../contract/schemas'
import { configDiff, flattenConfig, formatSettingValue, stableStringify } from './config-diff'

export interface SeedGroup<R> {
  /** What the group's runs share, as stable JSON. */
  key: string
  label: string
  /** In the order given. */
  runs: R[]
}

/**
 * Settings (dotted paths; a path names everything under it) that change what a run logs or keeps, never what it
 * learns: how often it validates or checkpoints, how many rollouts and held-out PRM prompts it writes down
 * (validation samples with its own random stream, src-main/rl/loop/validation.ts), and the size of the test set
 * scored once at the end. Every comparison that groups runs by their settings leaves them out by default.
 */
export const LOGGING_ONLY_SETTINGS: readonly string[] = ['logging', 'task.testSize']

export function isLoggingOnly(path: string): boolean {
  return LOGGING_ONLY_SETTINGS.some((setting) => path === setting || path.startsWith(`${setting}.`))
}

export const DEFAULT_GROUPING: Grouping = { by: 'config', ignoreLoggingOnly: true }

const MAX_LABEL_PARTS = 3

/** A run's `config.seed`; null for runs without one (engine checks, imported runs). */
export function seedOf(config: object): number | null {
  const seed = (config as { seed?: unknown }).seed
  return typeof seed === 'number' ? seed : null
}

/** The settings that can change a learning curve, flattened, without the seed and the paths in `without`. */
function learningSettings(config: object, without: readonly string[], ignoreLoggingOnly: boolean): Record<string, unknown> {
  const kept: Record<string, unknown> = {}
  for (const [path, value] of flattenConfig(config)) {
    if (path === 'seed' || without.includes(path) || (ignoreLoggingOnly && isLoggingOnly(path))) continue
    kept[path] = value
  }
  return kept
}

/**
 * Equal for two configs exactly when they can give the same learning curve apart from the seed and the settings in
 * `without` (e.g. `['algorithm']`: a fair algorithm comparison).
 */
export function learningKey(config: object, without: readonly string[] = [], ignoreLoggingOnly = true): string {
  return stableStringify(learningSettings(config, without, ignoreLoggingOnly))
}

const part = (path: string, value: unknown) => (path === 'algorithm' || path === 'kind' ? formatSettingValue(value) : `${path}=${formatSettingValue(value)}`)

/** Groups in the order of their first run. */
export function seedGroups<R extends { config: object }>(runs: readonly R[], grouping: Grouping = DEFAULT_GROUPING): SeedGroup<R>[] {
  const byKey = new Map<string, { settings: Record<string, unknown>; runs: R[] }>()
  for (const run of runs) {
    const settings =
      grouping.by === 'keys'
        ? Object.fromEntries(grouping.keys.map((path) => [path, flattenConfig(run.config).get(path)]))
        : learningSettings(run.config, [], grouping.ignoreLoggingOnly)
    const key = stableStringify(settings)
    const group = byKey.get(key)
    if (group) group.runs.push(run)
    else byKey.set(key, { settings, runs: [run] })
  }
  const groups = [...byKey.entries()]
  if (grouping.by === 'keys') {
    return groups.map(([key, group]) => ({ key, label: grouping.keys.map((path) => part(path, group.settings[path])).join(' · '), runs: group.runs }))
  }
  const differences = configDiff(groups.map(([, g]) => g.settings))
  return groups.map(([key, group], index) => {
    const parts = differences.map(({ path, values }) => part(path, values[index]))
    const shown = parts.length > MAX_LABEL_PARTS ? [...parts.slice(0, MAX_LABEL_PARTS), `+${parts.length - MAX_LABEL_PARTS} more`] : parts
    const fallback = String(group.settings.algorithm ?? group.settings.kind ?? 'all runs')
    return { key, label: shown.join(' · ') || fallback, runs: group.runs }
  })
}

/** How runs were grouped, as every readout and chart note states it. */
export function describeGrouping(grouping: Grouping): string {
  if (grouping.by === 'keys') return `runs grouped by ${grouping.keys.join(' × ')}`
  return grouping.ignoreLoggingOnly
    ? `runs grouped when their settings are equal apart from the seed and the logging-only settings (${LOGGING_ONLY_SETTINGS.join(', ')})`
    : 'runs grouped when their settings are equal apart from the seed'
}

/** The CLI's `--group-by`: `config` (the default), `exact` (logging-only settings count too) or settings `a,b.c`. */
export function parseGrouping(text: string): Grouping {
  const trimmed = text.trim()
  if (trimmed === 'config') return DEFAULT_GROUPING
  if (trimmed === 'exact') return { by: 'config', ignoreLoggingOnly: false }
  const keys = trimmed.split(',').map((key) => key.trim())
  if (trimmed === '' || keys.some((key) => !/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/.test(key)) || keys.length > 8) {
    throw new RangeError(`grouping "${text}": expected config, exact, or up to 8 settings as dotted paths separated by commas (e.g. algorithm,prm.beta)`)
  }
  return { by: 'keys', keys: [...new Set(keys)] }
}
