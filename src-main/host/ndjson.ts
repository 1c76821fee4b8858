// Reading the append-only NDJSON files of a run. A last line cut short by a crash is ignored, never fatal.
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs'

export function readNdjson(path: string): unknown[] {
  if (!existsSync(path)) return []
  const rows: unknown[] = []
  const lines = readFileSync(path, 'utf8').split('\n')
  lines.forEach((line, index) => {
    if (line.trim() === '') return
    try {
      rows.push(JSON.parse(line))
    } catch (error) {
      const isLast = index >= lines.length - 2
      if (!isLast) throw new Error(`${path}:${index + 1}: not valid JSON (${(error as Error).message})`)
    }
  })
  return rows
}

const TAIL_BYTES = 64 * 1024

/**
 * The last complete row of an NDJSON file without reading the rest (a run's metrics.ndjson grows to tens of MB,
 * and the run list needs only its last step): the file's end is read in growing windows until one holds a line
 * that parses. A last line cut short by a crash is skipped, as readNdjson skips it. undefined for an empty file.
 */
export function lastNdjsonRow(path: string): unknown {
  if (!existsSync(path)) return undefined
  const size = statSync(path).size
  const fd = openSync(path, 'r')
  try {
    for (let window = Math.min(TAIL_BYTES, size); ; window = Math.min(window * 4, size)) {
      const buffer = Buffer.alloc(window)
      readSync(fd, buffer, 0, window, size - window)
      const lines = buffer.toString('utf8').split('\n')
      // Unless the window reaches the file's start, its first line may be the end of a longer one.
      const whole = window === size ? lines : lines.slice(1)
      for (let i = whole.length - 1; i >= 0; i--) {
        const line = (whole[i] as string).trim()
        if (line === '') continue
        try {
          return JSON.parse(line) as unknown
        } catch {
          continue
        }
      }
      if (window === size) return undefined
    }
  } finally {
    closeSync(fd)
  }
}
