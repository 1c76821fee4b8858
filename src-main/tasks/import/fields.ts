// Reading typed fields out of a raw record, with errors that name the record's location and the field's path.
import { DatasetImportError, describeValue, type ErrorLocation } from './errors'
import type { ChatMessage } from './types'
import { InvalidUtf8 } from '../../text/utf8'

/** Where a record came from, so any field error can name the file and its line/row. */
export interface RecordContext {
  file: string
  location: ErrorLocation
}

export function fieldError(ctx: RecordContext, field: string, problem: string): DatasetImportError {
  return new DatasetImportError(ctx.file, ctx.location, field, problem)
}

/**
 * Looks a field up by name, or else by a dotted path (`reward_model.ground_truth`, `prompt.0.content`) through
 * nested objects and arrays. A key that exists as written wins, so a CSV column named "a.b" is found as such.
 */
export function getField(record: Record<string, unknown>, path: string): { found: boolean; value: unknown } {
  if (Object.hasOwn(record, path)) return { found: true, value: record[path] }
  let current: unknown = record
  for (const key of path.split('.')) {
    if (Array.isArray(current) && /^\d+$/.test(key) && Number(key) < current.length) current = current[Number(key)]
    else if (isPlainObject(current) && Object.hasOwn(current, key)) current = current[key]
    else return { found: false, value: undefined }
  }
  return { found: true, value: current }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array) && !(value instanceof InvalidUtf8)
}

/** A non-empty string; a finite number (JSON `42` for an answer) is accepted and written as its decimal form. */
export function requireText(ctx: RecordContext, record: Record<string, unknown>, path: string): string {
  const { found, value } = getField(record, path)
  if (!found) throw fieldError(ctx, path, 'missing')
  return asText(ctx, path, value)
}

export function optionalText(ctx: RecordContext, record: Record<string, unknown>, path: string): string | undefined {
  const { found, value } = getField(record, path)
  if (!found || value === null || value === undefined) return undefined
  return asText(ctx, path, value)
}

export function asText(ctx: RecordContext, path: string, value: unknown): string {
  if (value instanceof InvalidUtf8) throw fieldError(ctx, path, `not valid UTF-8 (bad byte at byte ${value.badByteOffset + 1} of the value)`)
  if (typeof value === 'number' && Number.isFinite(value)) return canonicalNumber(value)
  if (typeof value === 'number') throw fieldError(ctx, path, 'expected a finite number, got NaN or infinity')
  if (typeof value === 'bigint') return String(value)
  if (typeof value !== 'string') throw fieldError(ctx, path, `expected a string, got ${describeValue(value)}`)
  if (value.trim() === '') throw fieldError(ctx, path, 'expected a non-empty string, got an empty one')
  return value
}

/**
 * A number as an answer string: integral values as plain digits (142.0 → "142", 1e21 → "1000000000000000000000",
 * never exponent notation up to 1e21), others as the shortest decimal that reads back as the same double.
 */
export function canonicalNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return BigInt(value).toString()
  return String(value)
}

/**
 * A reference answer from whatever the source holds: text, a number (canonical, above), a boolean ("true"), or a
 * list — one element is that element, several are joined as "a, b" in their order (the math verifier compares such
 * comma lists element by element, in order, as the authors' grader does). Nested lists and objects are refused.
 */
export function answerText(ctx: RecordContext, path: string, value: unknown): string {
  if (typeof value === 'boolean') return String(value)
  if (!Array.isArray(value)) return asText(ctx, path, value).trim()
  if (value.length === 0) throw fieldError(ctx, path, 'expected an answer, got an empty list')
  const parts = value.map((item, i) => {
    if (Array.isArray(item) || isPlainObject(item)) throw fieldError(ctx, `${path}.${i}`, `expected a string or number in the answer list, got ${describeValue(item)}`)
    return answerText(ctx, `${path}.${i}`, item)
  })
  return parts.join(', ')
}

export function requireAnswer(ctx: RecordContext, record: Record<string, unknown>, path: string): string {
  const { found, value } = getField(record, path)
  if (!found) throw fieldError(ctx, path, 'missing')
  return answerText(ctx, path, value)
}

/**
 * A prompt is either plain text or a chat message list [{role, content}, ...] (verl's form). The text is the content
 * of the last user message: what the policy is asked; the list is kept whole beside it.
 */
export function readPrompt(ctx: RecordContext, path: string, value: unknown): { prompt: string; messages?: ChatMessage[] } {
  if (value === null || value === undefined) throw fieldError(ctx, path, `expected a chat message list or a string, got ${describeValue(value)}`)
  if (!Array.isArray(value)) return { prompt: asText(ctx, path, value) }
  if (value.length === 0) throw fieldError(ctx, path, 'expected a non-empty list of chat messages, got an empty list')
  const messages = value.map((message, i): ChatMessage => {
    if (!isPlainObject(message)) throw fieldError(ctx, `${path}.${i}`, `expected a {role, content} message, got ${describeValue(message)}`)
    const role = message.role
    if (role instanceof InvalidUtf8 || typeof role !== 'string' || role === '') {
      throw fieldError(ctx, `${path}.${i}.role`, role === undefined ? 'missing' : `expected a non-empty string, got ${describeValue(role)}`)
    }
    if (!Object.hasOwn(message, 'content')) throw fieldError(ctx, `${path}.${i}.content`, 'missing')
    return { role, content: asText(ctx, `${path}.${i}.content`, message.content) }
  })
  const lastUser = messages.findLast((m) => m.role === 'user')
  if (!lastUser) throw fieldError(ctx, path, `none of the ${messages.length} messages has role "user"`)
  return { prompt: lastUser.content, messages }
}
