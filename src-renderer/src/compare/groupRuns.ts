// Runs that differ only in their seed are repeats of one experiment: they form a group whose curves are shown as
// a mean with a band over seeds. A group is named by what sets it apart from the other groups (the algorithm
// first, as its bare value; other fields as `path=value`).
import { configDiff, formatConfigValue } from './configDiff'

export interface RunGroup<R> {
  /** The config without its seed, as stable JSON. */
  key: string
  label: string
  runs: R[]
}

const MAX_LABEL_PARTS = 3

/** The config without `seed`. */
export function configWithoutSeed(config: object): Record<string, unknown> {
  const { seed: _seed, ...rest } = config as Record<string, unknown>
  return rest
}

/** JSON with object keys sorted at every level, so equal configs give equal keys whatever their key order. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`
  const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`
}

export function groupRunsByConfig<R extends { config: object }>(runs: readonly R[]): RunGroup<R>[] {
  const byKey = new Map<string, { config: Record<string, unknown>; runs: R[] }>()
  for (const run of runs) {
    const config = configWithoutSeed(run.config)
    const key = stableStringify(config)
    const group = byKey.get(key)
    if (group) group.runs.push(run)
    else byKey.set(key, { config, runs: [run] })
  }
  const groups = [...byKey.entries()]
  const differences = configDiff(groups.map(([, g]) => g.config))
  return groups.map(([key, group], index) => {
    const parts = differences.map(({ path, values }) =>
      path === 'algorithm' || path === 'kind' ? formatConfigValue(values[index]) : `${path}=${formatConfigValue(values[index])}`,
    )
    const shown = parts.length > MAX_LABEL_PARTS ? [...parts.slice(0, MAX_LABEL_PARTS), `+${parts.length - MAX_LABEL_PARTS} more`] : parts
    const fallback = String(group.config.algorithm ?? group.config.kind ?? 'all runs')
    return { key, label: shown.join(' · ') || fallback, runs: group.runs }
  })
}
