// Streams a text file as numbered lines without ever holding more than one line (plus one read chunk) in memory,
// decoding each line as strict UTF-8 so a bad byte is reported with its line. A line longer than MAX_LINE_BYTES is an
// error rather than an unbounded buffer: that is what a binary or sparse file posing as text looks like.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { DatasetImportError } from './errors'
import { describeInvalidUtf8, stripBom } from '../../text/text-file'
import { decodeUtf8 } from '../../text/utf8'

export const MAX_LINE_BYTES = 64 * 1024 * 1024
const CHUNK_BYTES = 1024 * 1024
const NEWLINE = 0x0a
const CARRIAGE_RETURN = 0x0d

export interface TextLine {
  /** The line without its terminator (\n or \r\n); a leading byte-order mark on line 1 is dropped. */
  text: string
  /** 1-based. */
  line: number
}

/** A line that is not valid UTF-8, when the reader was asked to yield such lines rather than throw. */
export interface BadLine {
  error: DatasetImportError
  line: number
}

export interface LineReaderOptions {
  onProgress?: (bytesRead: number, totalBytes: number) => void
  signal?: AbortSignal
  /** A line that is not UTF-8: 'throw' (default) ends the read; 'yield' hands it over and goes on. */
  badLines?: 'throw' | 'yield'
}

export function readLines(file: string, options: LineReaderOptions & { badLines: 'yield' }): AsyncGenerator<TextLine | BadLine>
export function readLines(file: string, options?: LineReaderOptions): AsyncGenerator<TextLine>
export async function* readLines(file: string, options: LineReaderOptions = {}): AsyncGenerator<TextLine | BadLine> {
  const decode = (line: number, bytes: Buffer): TextLine | BadLine => {
    try {
      return decodeLine(file, line, bytes)
    } catch (error) {
      if (options.badLines === 'yield' && error instanceof DatasetImportError) return { error, line }
      throw error
    }
  }
  const totalBytes = (await stat(file)).size
  const stream = createReadStream(file, { highWaterMark: CHUNK_BYTES })
  let pieces: Buffer[] = []
  let pieceBytes = 0
  let line = 1
  let bytesRead = 0
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      options.signal?.throwIfAborted()
      bytesRead += chunk.length
      let start = 0
      for (let end = chunk.indexOf(NEWLINE, start); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
        if (pieceBytes + end - start > MAX_LINE_BYTES) throw tooLong(file, line)
        pieces.push(chunk.subarray(start, end))
        yield decode(line, Buffer.concat(pieces))
        pieces = []
        pieceBytes = 0
        line += 1
        start = end + 1
      }
      if (start < chunk.length) {
        pieceBytes += chunk.length - start
        if (pieceBytes > MAX_LINE_BYTES) throw tooLong(file, line)
        pieces.push(chunk.subarray(start))
      }
      options.onProgress?.(bytesRead, totalBytes)
    }
    if (pieceBytes > 0) yield decode(line, Buffer.concat(pieces))
  } finally {
    stream.destroy()
  }
}

function decodeLine(file: string, line: number, bytes: Buffer): TextLine {
  const body = bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN ? bytes.subarray(0, -1) : bytes
  const decoded = decodeUtf8(body)
  if (!decoded.ok) throw new DatasetImportError(file, { line }, null, describeInvalidUtf8(body, decoded.badByteOffset, 'the line'))
  const text = line === 1 ? stripBom(decoded.text) : decoded.text
  return { text, line }
}

function tooLong(file: string, line: number): DatasetImportError {
  return new DatasetImportError(
    file,
    { line },
    null,
    `line is longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB without a line break; this does not look like a text file of records`,
  )
}
