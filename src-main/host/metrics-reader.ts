// Reads a run's append-only metrics.ndjson incrementally: each call parses and validates only the lines appended
// since the last one, so polling a long run (or opening many) does not re-read whole files. A file that shrank
// (a resumed run drops the rows after its checkpoint) or whose already-read end changed is read again from the start.
// A line that is not a valid row (a crash cut it short, a disk error, a hand edit) is skipped and reported by
// `skipped`, naming its line: one bad line must not hide the rest of the run.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs'
import { MetricsRow } from '../../src-preload/contract/schemas'
import { parseOrThrow } from '../../src-preload/contract/validation'
import { FIRST_ITERATION, MetricColumns, iterationRows } from '../../src-preload/analysis'

interface Cursor {
  /** Bytes consumed: the end of the last complete line. */
  offset: number
  /** The bytes just before `offset`, to notice a file rewritten in place (and grown past `offset` again). */
  tail: Buffer
  lines: number
  rows: MetricsRow[]
  /** "<path>:<line>: <why>" for each line skipped. */
  skipped: string[]
  /** The iteration rows as columns, made on first request and then kept up to date as lines are appended. */
  iterations: MetricColumns | null
}

const TAIL_BYTES = 64
/** What lastLoggedStep reads from a file's end: a trainer's line is 1–3 kB, so this holds its last few dozen. */
const LAST_LINES_BYTES = 64 * 1024

function readRange(path: string, start: number, length: number): Buffer {
  const buffer = Buffer.alloc(length)
  const fd = openSync(path, 'r')
  try {
    readSync(fd, buffer, 0, length, start)
  } finally {
    closeSync(fd)
  }
  return buffer
}

/**
 * The row when `value` is one the MetricsRow schema accepts as it is — the trainer's own lines always are — else null,
 * and the schema then says what is wrong. Checking a long run's rows (20,000 lines of ~50 values) this way costs a
 * tenth of the schema's walk; same-answers is tested against the schema (metrics-reader.test.ts).
 */
export function plainMetricsRow(value: unknown): MetricsRow | null {
  if (typeof value !== 'object' || value === null) return null
  const { step, time, values } = value as Record<string, unknown>
  if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0 || typeof time !== 'number' || !Number.isFinite(time)) return null
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return null
  for (const name in values) if (typeof (values as Record<string, unknown>)[name] !== 'number') return null
  return { step, time, values: values as Record<string, number> }
}

/**
 * Iteration columns with appended lines added in place; null (made afresh on the next request) when a line repeats
 * an earlier step — a resumed run's file, whose later line of a step wins — or brings the starting model's values
 * (step 0) after the columns were made: iterationRows decides both.
 */
function extended(iterations: MetricColumns | null, added: readonly MetricsRow[]): MetricColumns | null {
  if (!iterations) return null
  const fresh = iterationRows(added)
  const last = iterations.length ? (iterations.steps[iterations.length - 1] as number) : Number.NEGATIVE_INFINITY
  if (fresh.length && ((fresh[0] as MetricsRow).step < FIRST_ITERATION || (fresh[0] as MetricsRow).step <= last)) return null
  iterations.append(fresh)
  return iterations
}

export class MetricsReader {
  private readonly cursors = new Map<string, Cursor>()

  read(path: string): MetricsRow[] {
    if (!existsSync(path)) return []
    const size = statSync(path).size
    let cursor = this.cursors.get(path)
    const unchanged = (c: Cursor) => size >= c.offset && readRange(path, c.offset - c.tail.length, c.tail.length).equals(c.tail)
    if (!cursor || !unchanged(cursor)) cursor = { offset: 0, tail: Buffer.alloc(0), lines: 0, rows: [], skipped: [], iterations: null }
    if (size > cursor.offset) {
      const buffer = readRange(path, cursor.offset, size - cursor.offset)
      // Only complete lines: a line still being written (or cut short by a crash) waits for its newline.
      const end = buffer.lastIndexOf(0x0a) + 1
      const rows = [...cursor.rows]
      const skipped = [...cursor.skipped]
      let lines = cursor.lines
      const text = buffer.subarray(0, end).toString('utf8').split('\n')
      text.pop()
      for (const line of text) {
        lines += 1
        if (line.trim() === '') continue
        try {
          const value = parseLine(line, `${path}:${lines}`)
          rows.push(plainMetricsRow(value) ?? parseOrThrow(MetricsRow, value, `${path}:${lines}`, 'row'))
        } catch (error) {
          skipped.push(`${(error as Error).message}; line skipped`)
        }
      }
      const offset = cursor.offset + end
      const tailLength = Math.min(TAIL_BYTES, offset)
      const added = rows.slice(cursor.rows.length)
      cursor = { offset, tail: readRange(path, offset - tailLength, tailLength), lines, rows, skipped, iterations: extended(cursor.iterations, added) }
    }
    this.cursors.set(path, cursor)
    return cursor.rows
  }

  /** The file's iterations as columns (analysis `iterationRows`): what `runs.metricColumns` sends. */
  iterations(path: string): MetricColumns {
    this.read(path)
    const cursor = this.cursors.get(path)
    if (!cursor) return new MetricColumns()
    cursor.iterations ??= MetricColumns.fromRows(iterationRows(cursor.rows))
    return cursor.iterations
  }

  /** Whether `path` has been read (later reads parse only what was appended). */
  has(path: string): boolean {
    return this.cursors.has(path)
  }

  /** The lines of `path` skipped by the last read, each as "<path>:<line>: <why>; line skipped". */
  skipped(path: string): string[] {
    return this.cursors.get(path)?.skipped ?? []
  }

  forget(path: string): void {
    this.cursors.delete(path)
  }
}

/** The row a line holds, or null when it is not a valid row (the reader skips it). */
function validRow(line: string): MetricsRow | null {
  if (line.trim() === '') return null
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return null
  }
  return plainMetricsRow(value) ?? (MetricsRow.safeParse(value).data ?? null)
}

/**
 * The step of the last complete line of `path` that is a valid row — what `read(path).at(-1)?.step` gives — read from
 * the file's last kilobytes: a run's progress without parsing its 20,000 lines (a third of a second each at start).
 * null: the file holds no row (or does not exist); undefined: the kilobytes read hold none, so only reading it all can tell.
 */
export function lastLoggedStep(path: string): number | null | undefined {
  if (!existsSync(path)) return null
  const size = statSync(path).size
  const start = Math.max(0, size - LAST_LINES_BYTES)
  const lines = readRange(path, start, size - start).toString('utf8').split('\n')
  // After the last newline: a line still being written. Before the first one (unless at the file's start): part of a line.
  lines.pop()
  if (start > 0) lines.shift()
  for (let i = lines.length - 1; i >= 0; i--) {
    const row = validRow(lines[i] as string)
    if (row) return row.step
  }
  return start === 0 ? null : undefined
}

function parseLine(line: string, where: string): unknown {
  try {
    return JSON.parse(line)
  } catch (error) {
    throw new Error(`${where}: not valid JSON (${(error as Error).message})`, { cause: error })
  }
}
