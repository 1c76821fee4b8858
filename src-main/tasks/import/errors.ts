// The one error every importer throws for bad input: it names the file, where in it (a 1-based line for text files,
// a 0-based row for Parquet, neither when the whole file is bad) and the field, so a researcher can go straight to
// the offending record. The message reads like `train.parquet: row 17: field reward_model.ground_truth: expected a
// string, got null`.
import { basename } from 'node:path'

export interface ErrorLocation {
  /** 1-based line of a JSONL/CSV file (where the record starts). */
  line?: number
  /** 0-based row index of a Parquet file, as pandas' `df.iloc[row]` counts. */
  row?: number
}

export class DatasetImportError extends Error {
  readonly file: string
  readonly line: number | null
  readonly row: number | null
  readonly field: string | null
  /** What is wrong, without the location prefix. */
  readonly problem: string

  constructor(file: string, location: ErrorLocation | null, field: string | null, problem: string, options?: { cause?: unknown }) {
    const parts = [basename(file)]
    if (location?.line !== undefined) parts.push(`line ${location.line}`)
    if (location?.row !== undefined) parts.push(`row ${location.row}`)
    if (field !== null) parts.push(`field ${field}`)
    parts.push(problem)
    super(parts.join(': '), options)
    this.name = 'DatasetImportError'
    this.file = file
    this.line = location?.line ?? null
    this.row = location?.row ?? null
    this.field = field
    this.problem = problem
  }
}

/**
 * "null", "a number", "an array", ... — for "expected X, got Y" messages. Never the value itself: an error can
 * reach a page, and must not quote a file the page pointed the host at.
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (value === undefined) return 'nothing'
  if (Array.isArray(value)) return 'an array'
  if (value instanceof Uint8Array) return 'binary data'
  switch (typeof value) {
    case 'string':
      return value === '' ? 'an empty string' : 'a string'
    case 'number':
    case 'bigint':
      return 'a number'
    case 'boolean':
      return 'a boolean'
    case 'object':
      return 'an object'
    default:
      return typeof value
  }
}
