// Parquet files, read one row group at a time through hyparquet over an open file handle: memory holds one row
// group's rows, never the whole file. Strings are decoded strictly (a non-UTF-8 value becomes an InvalidUtf8 marker
// that the row normaliser reports with its row and field), and the footer is checked before hyparquet sees it, so an
// empty, truncated or non-Parquet file gets a plain-words error instead of a parser's. A row group that would
// decompress past a bound is refused by name before it is allocated (parquet-limits.ts).
import { open, type FileHandle } from 'node:fs/promises'
import { parquetMetadataAsync, parquetReadObjects, type AsyncBuffer, type FileMetaData } from 'hyparquet'
import { DatasetImportError } from './errors'
import { boundedCompressors, DecompressionLimitError, formatMiB, MAX_ROW_GROUP_BYTES, RowGroupBudget } from './parquet-limits'
import type { ReadOptions, SourceRecord } from './records'
import { decodeUtf8, InvalidUtf8 } from '../../text/utf8'

const MAGIC = 'PAR1'
/** A footer (schema + row-group index) larger than this is a corrupt length field, not a real file. */
const MAX_FOOTER_BYTES = 256 * 1024 * 1024

export async function* readParquetRecords(file: string, options: ReadOptions): AsyncGenerator<SourceRecord> {
  const source = await ParquetSource.open(file)
  const limit = options.maxRowGroupBytes ?? MAX_ROW_GROUP_BYTES
  let budget = new RowGroupBudget(limit)
  const compressors = boundedCompressors(() => budget)
  try {
    const metadata = await source.metadata()
    let firstRow = 0
    for (const [index, group] of metadata.row_groups.entries()) {
      options.signal?.throwIfAborted()
      const rowCount = Number(group.num_rows)
      const groupName = `row group ${index} (rows ${firstRow}–${firstRow + rowCount - 1})`
      const declared = group.columns.reduce((sum, { meta_data: column }) => sum + Number(column?.total_uncompressed_size ?? 0), 0)
      if (declared > limit) {
        throw new DatasetImportError(file, { row: firstRow }, null, `${groupName} expands to ${formatMiB(declared)} when decompressed, more than the import's limit of ${formatMiB(limit)} per row group`)
      }
      options.onRowGroup?.(index, firstRow, rowCount)
      budget = new RowGroupBudget(limit)
      let rows: Record<string, unknown>[]
      try {
        rows = await parquetReadObjects({
          file: source.buffer,
          metadata,
          rowStart: firstRow,
          rowEnd: firstRow + rowCount,
          compressors,
          parsers: { stringFromBytes: strictString },
        })
      } catch (error) {
        if (error instanceof DecompressionLimitError) {
          throw new DatasetImportError(file, { row: firstRow }, null, `${groupName}: ${error.message}, more than the import's limit per row group (a decompression bomb?)`)
        }
        // hyparquet's message describes the structure, not the data; cut anyway, so nothing long reaches a page.
        const reason = (error as Error).message.slice(0, 200)
        throw new DatasetImportError(file, { row: firstRow }, null, `${groupName} could not be decoded: ${reason}`, { cause: error })
      }
      // Progress is how far into the file the row groups done so far reach (the footer is read first, but small).
      options.onProgress?.(Math.min(groupEnd(group), source.size), source.size)
      for (const [offset, value] of rows.entries()) yield { value, location: { row: firstRow + offset } }
      firstRow += rowCount
    }
    options.onProgress?.(source.size, source.size)
  } finally {
    await source.close()
  }
}

/** The top-level column names of a Parquet file (for format detection). */
export async function readParquetColumns(file: string): Promise<string[]> {
  const source = await ParquetSource.open(file)
  try {
    const metadata = await source.metadata()
    const root = metadata.schema[0]
    // The schema is a depth-first list; the root's children are the top-level columns. Walk it by child counts.
    const names: string[] = []
    let i = 1
    for (let child = 0; child < (root?.num_children ?? 0); child++) {
      const element = metadata.schema[i]
      if (!element) break
      names.push(element.name)
      i = skipSubtree(metadata, i)
    }
    return names
  } finally {
    await source.close()
  }
}

function groupEnd(group: FileMetaData['row_groups'][number]): number {
  let end = 0
  for (const { meta_data: column } of group.columns) {
    if (!column) continue
    const start = Number(column.dictionary_page_offset ?? column.data_page_offset)
    end = Math.max(end, start + Number(column.total_compressed_size))
  }
  return end
}

function skipSubtree(metadata: FileMetaData, index: number): number {
  const children = metadata.schema[index]?.num_children ?? 0
  let next = index + 1
  for (let c = 0; c < children; c++) next = skipSubtree(metadata, next)
  return next
}

function strictString(bytes: Uint8Array | null | undefined): string | InvalidUtf8 | null | undefined {
  if (bytes === null || bytes === undefined) return bytes
  const decoded = decodeUtf8(bytes)
  return decoded.ok ? decoded.text : new InvalidUtf8(decoded.badByteOffset)
}

class ParquetSource {
  /** hyparquet's file interface: byte ranges read on demand from the open handle. */
  readonly buffer: AsyncBuffer

  private constructor(
    private readonly file: string,
    private readonly handle: FileHandle,
    readonly size: number,
  ) {
    this.buffer = { byteLength: size, slice: (start, end) => this.read(start, end ?? size) }
  }

  static async open(file: string): Promise<ParquetSource> {
    const handle = await open(file, 'r')
    try {
      const { size } = await handle.stat()
      return new ParquetSource(file, handle, size)
    } catch (error) {
      await handle.close()
      throw error
    }
  }

  async metadata(): Promise<FileMetaData> {
    const fail = (problem: string): DatasetImportError => new DatasetImportError(this.file, null, null, problem)
    if (this.size === 0) throw fail('the file is empty (0 bytes), not a Parquet file')
    if (this.size < 12) throw fail(`the file is ${this.size} bytes, too short to be a Parquet file`)
    const head = new TextDecoder().decode(await this.read(0, 4))
    const tail = new Uint8Array(await this.read(this.size - 8, this.size))
    const footerBytes = new DataView(tail.buffer).getUint32(0, true)
    const tailMagic = new TextDecoder().decode(tail.subarray(4))
    if (tailMagic !== MAGIC) {
      throw fail(
        head === MAGIC
          ? 'truncated: the file starts like a Parquet file but does not end with the "PAR1" footer (an interrupted copy or download?)'
          : 'not a Parquet file: it neither starts nor ends with the "PAR1" magic',
      )
    }
    if (footerBytes > this.size - 12 || footerBytes > MAX_FOOTER_BYTES) {
      throw fail(`corrupt or truncated: the footer claims ${footerBytes} bytes of metadata in a ${this.size}-byte file`)
    }
    try {
      return await parquetMetadataAsync(this.buffer)
    } catch (error) {
      throw new DatasetImportError(this.file, null, null, `corrupt Parquet metadata: ${(error as Error).message}`, { cause: error })
    }
  }

  close(): Promise<void> {
    return this.handle.close()
  }

  private async read(start: number, end: number): Promise<ArrayBuffer> {
    const length = Math.max(0, Math.min(end, this.size) - start)
    const bytes = new Uint8Array(length)
    let filled = 0
    while (filled < length) {
      const { bytesRead } = await this.handle.read(bytes, filled, length - filled, start + filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    if (filled < length) throw new DatasetImportError(this.file, null, null, `the file ended after ${start + filled} bytes while ${end} were expected (truncated?)`)
    return bytes.buffer
  }
}
