// Reads a file that another program is still appending to (verl's metrics file, synced from a cluster), one call
// at a time: each call returns the complete lines written since the last one. A last line without its newline is
// still being written and waits for the next call. A file that got shorter was started afresh (verl's FileLogger
// opens its file with "wb", so a restarted run rewrites it): reading starts again from its beginning, and the call
// says so. Reads in chunks, so a large file never sits in memory whole.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs'

const CHUNK_BYTES = 8 * 1024 * 1024

export interface TailLine {
  text: string
  /** 1-based line number in the file. */
  line: number
}

export interface TailRead {
  lines: TailLine[]
  /** The file was shorter than what had been read: these lines start again from line 1. */
  restarted: boolean
  /** Bytes after the last newline (a line still being written, or a last line cut short). */
  pendingBytes: number
  /** The file's size and modification time (ms) at this read, or null when it does not exist. */
  size: number | null
  mtimeMs: number | null
}

export class LineTail {
  private offset = 0
  private line = 0

  constructor(readonly path: string) {}

  read(): TailRead {
    if (!existsSync(this.path)) return { lines: [], restarted: false, pendingBytes: 0, size: null, mtimeMs: null }
    const stats = statSync(this.path)
    let restarted = false
    if (stats.size < this.offset) {
      this.offset = 0
      this.line = 0
      restarted = true
    }
    const lines: TailLine[] = []
    let pending = Buffer.alloc(0)
    const fd = openSync(this.path, 'r')
    try {
      let position = this.offset
      while (position < stats.size) {
        const buffer = Buffer.alloc(Math.min(CHUNK_BYTES, stats.size - position))
        const read = readSync(fd, buffer, 0, buffer.length, position)
        if (read === 0) break
        position += read
        const chunk = pending.length ? Buffer.concat([pending, buffer.subarray(0, read)]) : buffer.subarray(0, read)
        let start = 0
        for (let end = chunk.indexOf(0x0a); end !== -1; end = chunk.indexOf(0x0a, start)) {
          this.line += 1
          const text = chunk.subarray(start, end).toString('utf8').replace(/\r$/, '')
          lines.push({ text, line: this.line })
          this.offset += end - start + 1
          start = end + 1
        }
        pending = Buffer.from(chunk.subarray(start))
      }
    } finally {
      closeSync(fd)
    }
    return { lines, restarted, pendingBytes: pending.length, size: stats.size, mtimeMs: stats.mtimeMs }
  }

  /** The unterminated last line, if any (for a file that will not grow any more). */
  pendingText(): string | null {
    if (!existsSync(this.path)) return null
    const size = statSync(this.path).size
    if (size <= this.offset) return null
    const buffer = Buffer.alloc(size - this.offset)
    const fd = openSync(this.path, 'r')
    try {
      readSync(fd, buffer, 0, buffer.length, this.offset)
    } finally {
      closeSync(fd)
    }
    return buffer.toString('utf8')
  }

  /** The line number the pending text would have. */
  nextLine(): number {
    return this.line + 1
  }
}
