// Source values that JSON cannot hold as they are (Parquet's int64 as bigint, dates, binary) made JSON-safe for the
// `extra` field, so rows.jsonl always round-trips through JSON.parse.
import { fieldError, type RecordContext } from './fields'
import type { JsonValue } from './types'
import { InvalidUtf8 } from '../../text/utf8'

export function toJsonValue(ctx: RecordContext, path: string, value: unknown): JsonValue {
  if (value === null || value === undefined) return null
  if (value instanceof InvalidUtf8) throw fieldError(ctx, path, `not valid UTF-8 (bad byte at byte ${value.badByteOffset + 1} of the value)`)
  if (typeof value === 'string' || typeof value === 'boolean') return value
  // JSON has no NaN or Infinity; JSON.stringify would write null, so say so here rather than by surprise.
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  // Exact where it fits a double; beyond 2^53 as a decimal string so no digit is lost.
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString()
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString()
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')
  if (Array.isArray(value)) return value.map((item, i) => toJsonValue(ctx, `${path}.${i}`, item))
  if (typeof value === 'object') {
    const out: Record<string, JsonValue> = {}
    for (const [key, item] of Object.entries(value)) out[key] = toJsonValue(ctx, `${path}.${key}`, item)
    return out
  }
  throw fieldError(ctx, path, `cannot be stored as JSON (a ${typeof value})`)
}

/** The record's fields not in `consumed`, JSON-safe; undefined when there are none. */
export function leftoverFields(ctx: RecordContext, record: Record<string, unknown>, consumed: readonly string[]): Record<string, JsonValue> | undefined {
  const extra: Record<string, JsonValue> = {}
  let any = false
  for (const [key, value] of Object.entries(record)) {
    if (consumed.includes(key)) continue
    extra[key] = toJsonValue(ctx, key, value)
    any = true
  }
  return any ? extra : undefined
}
