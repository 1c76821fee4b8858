// Run configs as flat `dotted.path → value` settings: the report shows only the settings that differ between the
// runs (the full configs stay one click away), and runs whose settings agree apart from a few paths are grouped —
// by algorithm and seed for the efficiency ratios, by seed for the seed-mean chart lines.
import type { RunConfig } from '../../src-preload/contract/schemas'

/** Every leaf of a config as `path → JSON text`; arrays are leaves (a config's arrays are values, not sections). */
export function flattenSettings(value: unknown, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>()
  const visit = (node: unknown, path: string) => {
    if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
      for (const key of Object.keys(node).sort()) visit((node as Record<string, unknown>)[key], path ? `${path}.${key}` : key)
    } else {
      flat.set(path, JSON.stringify(node) ?? 'undefined')
    }
  }
  visit(value, prefix)
  return flat
}

export interface DifferingSetting {
  path: string
  /** One value per config, as JSON text; undefined where that config has no such setting. */
  values: (string | undefined)[]
}

/** The settings whose values are not the same in every config, in path order. */
export function differingSettings(configs: readonly unknown[]): DifferingSetting[] {
  const flats = configs.map((config) => flattenSettings(config))
  const paths = [...new Set(flats.flatMap((flat) => [...flat.keys()]))].sort()
  return paths
    .map((path) => ({ path, values: flats.map((flat) => flat.get(path)) }))
    .filter(({ values }) => values.some((v) => v !== values[0]))
}

/** A config's settings without `ignored` paths, as one comparable string. */
export function settingsKey(config: RunConfig, ignored: readonly string[]): string {
  const flat = flattenSettings(config)
  for (const path of ignored) flat.delete(path)
  return JSON.stringify([...flat])
}

/** Runs that differ only in algorithm and seed compare algorithms (the runs of one `runs.createComparison`). */
export function comparisonKey(config: RunConfig): string {
  return settingsKey(config, ['algorithm', 'seed'])
}

/** Runs that differ only in seed are repeats of one setting: their mean is one chart line. */
export function seedGroupKey(config: RunConfig): string {
  return settingsKey(config, ['seed'])
}
