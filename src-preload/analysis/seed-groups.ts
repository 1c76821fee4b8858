// Runs that differ only in their seed are repeats of one experiment: a seed group, drawn as a mean with a band
// over its seeds, and one side of a seed-paired comparison. A group is named by what sets it apart from the other
// groups (the algorithm or run kind as its bare value; other settings as `path=value`).
import { configDiff, configKey, formatSettingValue } from './config-diff'

export interface SeedGroup<R> {
  /** The config without its seed, as stable JSON. */
  key: string
  label: string
  /** In the order given. */
  runs: R[]
}

const MAX_LABEL_PARTS = 3

/** A run's `config.seed`; null for runs without one (engine checks, imported runs). */
export function seedOf(config: object): number | null {
  const seed = (config as { seed?: unknown }).seed
  return typeof seed === 'number' ? seed : null
}

/** Groups in the order of their first run. */
export function seedGroups<R extends { config: object }>(runs: readonly R[]): SeedGroup<R>[] {
  const byKey = new Map<string, { config: Record<string, unknown>; runs: R[] }>()
  for (const run of runs) {
    const key = configKey(run.config, ['seed'])
    const group = byKey.get(key)
    if (group) group.runs.push(run)
    else byKey.set(key, { config: Object.fromEntries(Object.entries(run.config).filter(([k]) => k !== 'seed')), runs: [run] })
  }
  const groups = [...byKey.entries()]
  const differences = configDiff(groups.map(([, g]) => g.config))
  return groups.map(([key, group], index) => {
    const parts = differences.map(({ path, values }) =>
      path === 'algorithm' || path === 'kind' ? formatSettingValue(values[index]) : `${path}=${formatSettingValue(values[index])}`,
    )
    const shown = parts.length > MAX_LABEL_PARTS ? [...parts.slice(0, MAX_LABEL_PARTS), `+${parts.length - MAX_LABEL_PARTS} more`] : parts
    const fallback = String(group.config.algorithm ?? group.config.kind ?? 'all runs')
    return { key, label: shown.join(' · ') || fallback, runs: group.runs }
  })
}
