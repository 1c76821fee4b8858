// Reads a run's append-only metrics.ndjson incrementally: each call parses and validates only the lines appended
// since the last one, so polling a long run (or opening many) does not re-read whole files. A file that shrank
// (a resumed run drops the rows after its checkpoint) or whose already-read end changed is read again from the start.
// A line that is not a valid row (a crash cut it short, a disk error, a hand edit) is skipped and reported by
// `skipped`, naming its line: one bad line must not hide the rest of the run.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs'
import { MetricsRow } from '../../src-preload/contract/schemas'
import { parseOrThrow } from '../../src-preload/contract/validation'

interface Cursor {
  /** Bytes consumed: the end of the last complete line. */
  offset: number
  /** The bytes just before `offset`, to notice a file rewritten in place (and grown past `offset` again). */
  tail: Buffer
  lines: number
  rows: MetricsRow[]
  /** "<path>:<line>: <why>" for each line skipped. */
  skipped: string[]
}

const TAIL_BYTES = 64

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

export class MetricsReader {
  private readonly cursors = new Map<string, Cursor>()

  read(path: string): MetricsRow[] {
    if (!existsSync(path)) return []
    const size = statSync(path).size
    let cursor = this.cursors.get(path)
    const unchanged = (c: Cursor) => size >= c.offset && readRange(path, c.offset - c.tail.length, c.tail.length).equals(c.tail)
    if (!cursor || !unchanged(cursor)) cursor = { offset: 0, tail: Buffer.alloc(0), lines: 0, rows: [], skipped: [] }
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
          rows.push(parseOrThrow(MetricsRow, parseLine(line, `${path}:${lines}`), `${path}:${lines}`, 'row'))
        } catch (error) {
          skipped.push(`${(error as Error).message}; line skipped`)
        }
      }
      const offset = cursor.offset + end
      const tailLength = Math.min(TAIL_BYTES, offset)
      cursor = { offset, tail: readRange(path, offset - tailLength, tailLength), lines, rows, skipped }
    }
    this.cursors.set(path, cursor)
    return cursor.rows
  }

  /** The lines of `path` skipped by the last read, each as "<path>:<line>: <why>; line skipped". */
  skipped(path: string): string[] {
    return this.cursors.get(path)?.skipped ?? []
  }

  forget(path: string): void {
    this.cursors.delete(path)
  }
}

function parseLine(line: string, where: string): unknown {
  try {
    return JSON.parse(line)
  } catch (error) {
    throw new Error(`${where}: not valid JSON (${(error as Error).message})`, { cause: error })
  }
}
