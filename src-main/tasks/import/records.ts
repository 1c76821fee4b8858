// One raw record of a source file with where it came from; the containers (JSONL, CSV, Parquet) each yield these.
import type { DatasetImportError, ErrorLocation } from './errors'
import { readCsvRecords } from './csv-records'
import { readJsonDocumentRecords } from './json-document-records'
import { readJsonlRecords } from './jsonl-records'
import { readParquetRecords } from './parquet-records'
import type { Container } from './types'

export interface SourceRecord {
  /** A JSON object (JSONL), a column → string object (CSV) or a column → value object (Parquet). */
  value: Record<string, unknown>
  location: ErrorLocation
}

/** A record the container could not read (a malformed JSON line, a line that is not UTF-8): the import decides. */
export interface UnreadableRecord {
  error: DatasetImportError
  location: ErrorLocation
}

export interface ReadOptions {
  onProgress?: (bytesRead: number, totalBytes: number) => void
  signal?: AbortSignal
  /** Parquet: called before each row group is decoded (the import worker reports it, to name a group that kills it). */
  onRowGroup?: (index: number, firstRow: number, rows: number) => void
  /** Parquet: bound on one row group's decompressed bytes (default MAX_ROW_GROUP_BYTES). */
  maxRowGroupBytes?: number
}

export function readRecords(file: string, container: Container, options: ReadOptions): AsyncGenerator<SourceRecord | UnreadableRecord> {
  switch (container) {
    case 'jsonl':
      return readJsonlRecords(file, options)
    case 'json':
      return readJsonDocumentRecords(file, options)
    case 'csv':
      return readCsvRecords(file, options)
    case 'parquet':
      return readParquetRecords(file, options)
  }
}

/** "1-based line" / "0-based row" as the key `line-12` / `row-12`, used for generated ids. */
export function locationKey(location: ErrorLocation): string {
  return location.line !== undefined ? `line-${location.line}` : `row-${location.row ?? 0}`
}
