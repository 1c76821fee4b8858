// What differs between run configs, as flattened dotted paths (`policy.lr`, `rollout.temperature`). Objects are
// walked; anything else (numbers, strings, arrays, null) is a leaf compared by its JSON text.

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

/** A config value as a table cell shows it. */
export function formatConfigValue(value: unknown): string {
  if (value === undefined) return '—'
  if (typeof value === 'string') return value
  return JSON.stringify(value)
}
