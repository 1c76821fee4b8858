// Turning zod failures into messages a person can act on: every message names where the bad value was.
import { z } from 'zod'

export class ContractError extends Error {
  constructor(
    message: string,
    /** Dotted path of the first offending field, e.g. `request.config.steps`. */
    readonly field: string | null = null,
  ) {
    super(message)
    this.name = 'ContractError'
  }
}

function pathToString(root: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`),
    root,
  )
}

export interface ParseOptions {
  /**
   * `reject`: a key the schema does not know is an error anywhere in the value, naming its path and the nearest
   * known key — for everything a person writes (configs, settings, API requests), where zod would otherwise drop a
   * misspelt key (`iteratons`) without a word. `strip` (the default): unknown keys are dropped, except in objects
   * declared `.strict()`, as zod does.
   */
  unknownKeys?: 'reject' | 'strip'
}

/** Parse `value` with `schema`; on failure throw a ContractError naming `context` and each bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, context: string, root: string, options: ParseOptions = {}): z.output<S> {
  const result = schema.safeParse(value)
  const rejectAll = options.unknownKeys === 'reject'
  const zodFoundUnknownKeys = !result.success && result.error.issues.some((issue) => issue.code === 'unrecognized_keys')
  const unknown = rejectAll || zodFoundUnknownKeys ? findUnknownKeys(schema, value, [], rejectAll) : []
  if (result.success && unknown.length === 0) return result.data
  // The walk reports every unknown key (with a suggestion), so zod's own unrecognized_keys issues would repeat it.
  const issues = result.success ? [] : result.error.issues.filter((issue) => issue.code !== 'unrecognized_keys')
  const first = unknown[0]?.path ?? issues[0]?.path ?? []
  const parts = unknown.map((u) => `unknown key ${pathToString(root, u.path)}${suggestion(root, u)}`)
  if (issues.length) parts.push(`invalid ${issues.map((issue) => `${pathToString(root, issue.path)}: ${issue.message}`).join('; ')}`)
  throw new ContractError(`${context}: ${parts.join('; ')}`, pathToString(root, first))
}

interface UnknownKey {
  path: PropertyKey[]
  /** The keys the object at that place does know. */
  known: string[]
}

function suggestion(root: string, unknown: UnknownKey): string {
  const key = String(unknown.path.at(-1))
  const nearest = nearestKey(key, unknown.known)
  if (nearest !== null) return ` — did you mean ${pathToString(root, [...unknown.path.slice(0, -1), nearest])}?`
  return unknown.known.length ? ` (known here: ${unknown.known.join(', ')})` : ''
}

/** The known key within a few edits of `key` (about one in three characters), or null when none is that close. */
export function nearestKey(key: string, known: readonly string[]): string | null {
  let best: string | null = null
  let bestDistance = Math.max(1, Math.floor(key.length / 3)) + 1
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase())
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return best
}

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`: the optimal string alignment. */
function editDistance(a: string, b: string): number {
  const width = b.length + 1
  const d = new Int32Array((a.length + 1) * width)
  const at = (i: number, j: number) => d[i * width + j] ?? 0
  for (let i = 0; i <= a.length; i++) d[i * width] = i
  for (let j = 0; j <= b.length; j++) d[j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1))
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1)
      d[i * width + j] = best
    }
  }
  return at(a.length, b.length)
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Walks `value` along `schema` and lists the object keys the schema does not declare: in every object when
 * `rejectAll`, else only in `.strict()` ones. Objects that accept any extra key (`.loose()`, `.catchall()`) are
 * not checked. A union is followed into the member the value belongs to (its discriminator, or the first member
 * that accepts it).
 */
function findUnknownKeys(schema: z.ZodType, value: unknown, path: PropertyKey[], rejectAll: boolean): UnknownKey[] {
  if (value === undefined) return []
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault) {
    return value === null ? [] : findUnknownKeys(schema.unwrap() as z.ZodType, value, path, rejectAll)
  }
  if (schema instanceof z.ZodCatch || schema instanceof z.ZodReadonly || schema instanceof z.ZodNonOptional) {
    return findUnknownKeys(schema.unwrap() as z.ZodType, value, path, rejectAll)
  }
  if (schema instanceof z.ZodPipe) {
    // A preprocess (a transform into a schema) keeps the keys it is given: the schema after it declares them.
    const declaring = schema.in instanceof z.ZodTransform ? schema.out : schema.in
    return findUnknownKeys(declaring as z.ZodType, value, path, rejectAll)
  }
  if (schema instanceof z.ZodLazy) return findUnknownKeys(schema.unwrap() as z.ZodType, value, path, rejectAll)
  if (schema instanceof z.ZodUnion) {
    const member = unionMember(schema, value)
    return member ? findUnknownKeys(member, value, path, rejectAll) : []
  }
  if (schema instanceof z.ZodArray && Array.isArray(value)) {
    return value.flatMap((item, i) => findUnknownKeys(schema.element as z.ZodType, item, [...path, i], rejectAll))
  }
  if (schema instanceof z.ZodTuple && Array.isArray(value)) {
    return (schema.def.items as z.ZodType[]).flatMap((item, i) => findUnknownKeys(item, value[i], [...path, i], rejectAll))
  }
  if (schema instanceof z.ZodRecord && isPlainObject(value)) {
    return Object.entries(value).flatMap(([key, item]) => findUnknownKeys(schema.valueType as z.ZodType, item, [...path, key], rejectAll))
  }
  if (schema instanceof z.ZodObject && isPlainObject(value)) {
    const shape = schema.shape as Record<string, z.ZodType>
    const catchall = schema.def.catchall as z.ZodType | undefined
    const checked = catchall === undefined ? rejectAll : catchall instanceof z.ZodNever
    const known = Object.keys(shape)
    return Object.entries(value).flatMap(([key, item]): UnknownKey[] => {
      const field = Object.hasOwn(shape, key) ? shape[key] : undefined
      if (field) return findUnknownKeys(field, item, [...path, key], rejectAll)
      return checked && item !== undefined ? [{ path: [...path, key], known }] : []
    })
  }
  return []
}

function unionMember(schema: z.ZodUnion, value: unknown): z.ZodType | undefined {
  const options = schema.options as z.ZodType[]
  const discriminator = (schema.def as { discriminator?: string }).discriminator
  if (discriminator !== undefined && isPlainObject(value)) {
    return options.find((option) => option instanceof z.ZodObject && (option.shape as Record<string, z.ZodType>)[discriminator]?.safeParse(value[discriminator]).success)
  }
  return options.find((option) => option.safeParse(value).success)
}
