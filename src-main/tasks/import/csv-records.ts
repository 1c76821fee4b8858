// CSV files with a header row: each later record becomes an object keyed by the header's column names.
import { CsvParser, CsvSyntaxError, type CsvRecord } from './csv-parser'
import { DatasetImportError } from './errors'
import { MAX_LINE_BYTES, readLines } from './line-reader'
import type { ReadOptions, SourceRecord, UnreadableRecord } from './records'

export async function* readCsvRecords(file: string, options: ReadOptions): AsyncGenerator<SourceRecord | UnreadableRecord> {
  let header: string[] | null = null
  for await (const record of readCsvRows(file, options)) {
    if (header === null) {
      header = checkHeader(file, record)
      continue
    }
    if (record.fields.length !== header.length) {
      const problem = `expected ${header.length} fields as in the header, got ${record.fields.length} (a comma inside an unquoted field?)`
      yield { error: new DatasetImportError(file, { line: record.line }, null, problem), location: { line: record.line } }
      continue
    }
    const value: Record<string, unknown> = {}
    header.forEach((name, i) => (value[name] = record.fields[i]))
    yield { value, location: { line: record.line } }
  }
  if (header === null) throw new DatasetImportError(file, null, null, 'the file is empty: no header row')
}

/** The header row of a CSV file (for format detection), or null for an empty file. */
export async function readCsvHeader(file: string): Promise<string[] | null> {
  for await (const record of readCsvRows(file, {})) return checkHeader(file, record)
  return null
}

async function* readCsvRows(file: string, options: ReadOptions): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser(MAX_LINE_BYTES)
  let header: string[] | null = null
  try {
    for await (const { text, line } of readLines(file, options)) {
      const record = parser.push(text, line)
      if (record === null) continue
      header ??= record.fields
      yield record
    }
    parser.finish()
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error
    const column = header?.[error.fieldIndex]
    throw new DatasetImportError(file, { line: error.line }, column ?? `column ${error.fieldIndex + 1}`, error.message)
  }
}

function checkHeader(file: string, record: CsvRecord): string[] {
  const seen = new Set<string>()
  record.fields.forEach((name, i) => {
    if (name.trim() === '') throw new DatasetImportError(file, { line: record.line }, `column ${i + 1}`, 'the header names no column here')
    if (seen.has(name)) throw new DatasetImportError(file, { line: record.line }, name, 'the header names this column twice')
    seen.add(name)
  })
  return record.fields
}
