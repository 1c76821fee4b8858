// Appends lines to a file in batches of about 1 MiB (one write call per batch rather than per row), honouring stream
// back-pressure so a large import never buffers its output in memory.
import { createWriteStream, type WriteStream } from 'node:fs'
import { once } from 'node:events'

const BATCH_CHARS = 1024 * 1024

export class JsonlWriter {
  private readonly stream: WriteStream
  private batch: string[] = []
  private batchChars = 0
  /** A write error (disk full, ...) kept until the next call: an unhandled 'error' event would crash the process. */
  private failure: Error | null = null

  constructor(path: string) {
    this.stream = createWriteStream(path, { flags: 'wx' })
    this.stream.on('error', (error) => (this.failure ??= error))
  }

  /** Appends one line (a newline is added). */
  async writeLine(line: string): Promise<void> {
    this.batch.push(line, '\n')
    this.batchChars += line.length + 1
    if (this.batchChars >= BATCH_CHARS) await this.flush()
  }

  /** Flushes and closes; rejects if any write failed. */
  async close(): Promise<void> {
    await this.flush()
    this.stream.end()
    await once(this.stream, 'close')
    if (this.failure) throw this.failure
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure
    if (this.batch.length === 0) return
    const text = this.batch.join('')
    this.batch = []
    this.batchChars = 0
    if (!this.stream.write(text)) await once(this.stream, 'drain')
  }

  /** Closes without flushing (on an error path: the file is about to be removed). */
  async abandon(): Promise<void> {
    if (this.stream.closed) return
    const closed = once(this.stream, 'close').catch(() => undefined)
    this.stream.destroy()
    await closed
  }
}
