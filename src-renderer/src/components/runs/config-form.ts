// Pure helpers behind the launch form: an RlConfig is edited as a flat map of dotted paths ("rollout.topP"), so
// that one generic field component can bind any setting, every zod issue lands next to the field it names, and
// "what differs from the preset" is a plain comparison of two flat maps.
import { RlConfig } from '../../../../src-preload/contract/rl-config'
import { parseSeeds, seedRange, type SeedsParse } from '../../../../src-preload/contract/seeds'

export type LeafValue = number | string | boolean | null
export type FlatConfig = Record<string, LeafValue>

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** `{ a: { b: 1 } }` → `{ 'a.b': 1 }`. Leaves are numbers, strings, booleans and null; anything else is an error. */
export function flattenConfig(value: Record<string, unknown>, prefix = ''): FlatConfig {
  const flat: FlatConfig = {}
  for (const [key, child] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (isPlainObject(child)) Object.assign(flat, flattenConfig(child, path))
    else if (child === null || ['number', 'string', 'boolean'].includes(typeof child)) flat[path] = child as LeafValue
    else throw new Error(`config field ${path}: expected a number, string, boolean or null, got ${Array.isArray(child) ? 'an array' : typeof child}`)
  }
  return flat
}

/** The inverse of flattenConfig. */
export function unflattenConfig(flat: FlatConfig): Record<string, unknown> {
  const root: Record<string, unknown> = {}
  for (const [path, value] of Object.entries(flat)) {
    const keys = path.split('.')
    let node = root
    for (const key of keys.slice(0, -1)) {
      const next = node[key]
      if (next !== undefined && !isPlainObject(next)) throw new Error(`config path ${path}: ${key} is both a value and a section`)
      node = (node[key] ??= {}) as Record<string, unknown>
    }
    node[keys.at(-1) as string] = value
  }
  return root
}

/** A copy of `config` with the dotted `path` set to `value` (sections along the path are copied, not shared). */
export function withPath<T extends Record<string, unknown>>(config: T, path: string, value: LeafValue): T {
  const [head, ...rest] = path.split('.') as [string, ...string[]]
  if (rest.length === 0) return { ...config, [head]: value }
  const child = config[head]
  if (!isPlainObject(child)) throw new Error(`config path ${path}: ${head} is not a section`)
  return { ...config, [head]: withPath(child, rest.join('.'), value) }
}

export function getPath(config: Record<string, unknown>, path: string): unknown {
  let node: unknown = config
  for (const key of path.split('.')) node = isPlainObject(node) ? node[key] : undefined
  return node
}

export interface IssueLike {
  path: readonly PropertyKey[]
  message: string
  code?: string
  expected?: unknown
  origin?: string
  minimum?: unknown
  maximum?: unknown
  inclusive?: boolean
}

/** A zod issue in words a person filling the form understands (zod's own wording otherwise). */
export function describeIssue(issue: IssueLike): string {
  if (issue.code === 'invalid_type' && issue.expected === 'number') return 'enter a number'
  if (issue.code === 'invalid_type' && issue.expected === 'int') return 'enter a whole number'
  if (issue.code === 'too_small' && issue.origin === 'number') return `must be ${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}`
  if (issue.code === 'too_big' && issue.origin === 'number') return `must be ${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}`
  return issue.message
}

/** Issues grouped by field: the issue's path joined with '.', '' for issues about the whole config. */
export function issuesByField(issues: readonly IssueLike[]): Record<string, string[]> {
  const byField: Record<string, string[]> = {}
  for (const issue of issues) {
    const field = issue.path.map(String).join('.')
    ;(byField[field] ??= []).push(describeIssue(issue))
  }
  return byField
}

export type ConfigCheck = { ok: true; config: RlConfig; errors: Record<string, string[]> } | { ok: false; errors: Record<string, string[]> }

/**
 * Validates with the very schema the host enforces, so the form accepts exactly what runs.create accepts. Zod runs
 * the schema's cross-field rules (filter bounds, mini-batch divisibility) only once every field is valid; so that
 * they show up while another field is still being fixed, a second pass puts `fallback`'s values (the preset) in
 * place of the invalid fields and adds the issues it finds on the other fields.
 */
export function checkConfig(candidate: Record<string, unknown>, fallback?: Record<string, unknown>): ConfigCheck {
  const parsed = RlConfig.safeParse(candidate)
  if (parsed.success) return { ok: true, config: parsed.data, errors: {} }
  const errors = issuesByField(parsed.error.issues)
  if (fallback) {
    let patched = candidate
    for (const path of Object.keys(errors)) {
      const value = getPath(fallback, path)
      if (path !== '' && value !== undefined) patched = withPath(patched, path, value as LeafValue)
    }
    const second = RlConfig.safeParse(patched)
    if (!second.success) {
      for (const [path, messages] of Object.entries(issuesByField(second.error.issues))) errors[path] ??= messages
    }
  }
  return { ok: false, errors }
}

export interface Difference {
  path: string
  preset: LeafValue | undefined
  value: LeafValue | undefined
}

/** Settings whose value differs from the preset's, in the config's field order. */
export function differences(config: Record<string, unknown>, preset: Record<string, unknown>): Difference[] {
  const a = flattenConfig(config)
  const b = flattenConfig(preset)
  const paths = [...new Set([...Object.keys(a), ...Object.keys(b)])]
  return paths.filter((path) => !Object.is(a[path], b[path])).map((path) => ({ path, preset: b[path], value: a[path] }))
}

/** One setting of a sweep as the form edits it: its path and its values as typed ("0.05, 0.1"). */
export interface AxisRow {
  path: string
  text: string
}

/** The seeds field of the form: "N seeds starting at S", or a typed list. */
export interface SeedSpec {
  mode: 'count' | 'list'
  count: number | null
  first: number | null
  list: string
}

/** The seeds a spec asks for. */
export function seedsOf(spec: SeedSpec): SeedsParse {
  if (spec.mode === 'list') return parseSeeds(spec.list)
  if (spec.count === null || spec.first === null) return { ok: false, error: 'give how many seeds and the first one' }
  return seedRange(spec.first, spec.count)
}

/** The preset a config is closest to (fewest differing settings, algorithm and seed aside), for describing a run. */
export function closestPreset(
  config: Record<string, unknown>,
  presets: Readonly<Record<string, Record<string, unknown>>>,
): { name: string; differences: Difference[] } | null {
  let best: { name: string; differences: Difference[] } | null = null
  for (const [name, preset] of Object.entries(presets)) {
    const diffs = differences(config, preset).filter((d) => d.path !== 'algorithm' && d.path !== 'seed')
    if (!best || diffs.length < best.differences.length) best = { name, differences: diffs }
  }
  return best
}
