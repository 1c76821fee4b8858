// What differs between run configs, as flattened dotted paths (`policy.lr`, `rollout.temperature`), in the order
// the paths first appear in the configs (the order a config file reads in). Objects are walked; anything else
// (numbers, strings, arrays, null) is a leaf compared by its JSON text. The report's settings table, the CLI's
// `compare` and the Compare view's config table all show this list; seed groups and algorithm pairings key runs by
// their flattened settings (seed-groups.ts).

export interface ConfigDifference {
  path: string
  /** One value per config, in the order given; undefined where a config lacks the path. */
  values: unknown[]
}

export function flattenConfig(value: unknown, prefix = '', into = new Map<string, unknown>()): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) flattenConfig(child, prefix ? `${prefix}.${key}` : key, into)
  } else if (prefix) {
    into.set(prefix, value)
  }
  return into
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b)

/** Paths whose values are not all equal, in the order they first appear in the configs. */
export function configDiff(configs: readonly unknown[]): ConfigDifference[] {
  const flat = configs.map((config) => flattenConfig(config))
  const paths = [...new Set(flat.flatMap((map) => [...map.keys()]))]
  return paths
    .map((path) => ({ path, values: flat.map((map) => map.get(path)) }))
    .filter(({ values }) => values.some((v) => !same(v, values[0])))
}

/** A setting's value as every table shows it: strings bare, "—" where a config lacks the setting, else JSON. */
export function formatSettingValue(value: unknown): string {
  if (value === undefined) return '—'
  if (typeof value === 'string') return value
  return JSON.stringify(value)
}

/** JSON with object keys sorted at every level, so equal configs give equal keys whatever their key order. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`
  const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`
}
