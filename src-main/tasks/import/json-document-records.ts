// A whole JSON document of records, as `json.dump` and pandas write them (Hugging Face also serves them):
//  - an array of objects: `[{...}, {...}]` (pandas `orient="records"`);
//  - pandas' default `to_json()`, column-oriented: `{"question": {"0": "...", "1": "..."}, "answer": {...}}`;
//  - pandas `orient="split"`: `{"columns": [...], "index": [...], "data": [[...], ...]}`.
// Records are located by their 0-based position (`row`, as `df.iloc[row]`). Unlike JSONL the document must be
// parsed whole, so files above MAX_JSON_DOCUMENT_BYTES are refused with a hint to convert them to JSON Lines.
import { readFile, stat } from 'node:fs/promises'
import { parseJsonText } from '../../text/json-text'
import { decodeTextFile, TextFileError } from '../../text/text-file'
import { DatasetImportError, describeValue } from './errors'
import { isPlainObject } from './fields'
import type { ReadOptions, SourceRecord, UnreadableRecord } from './records'

export const MAX_JSON_DOCUMENT_BYTES = 512 * 1024 * 1024

export type JsonDocumentLayout = 'records' | 'columns' | 'split'

/** How a parsed document holds its records, or null when it holds none of the three layouts. */
export function jsonDocumentLayout(document: unknown): JsonDocumentLayout | null {
  if (Array.isArray(document)) return 'records'
  if (!isPlainObject(document)) return null
  if (Array.isArray(document.columns) && Array.isArray(document.data)) return 'split'
  const columns = Object.values(document)
  return columns.length > 0 && columns.every((column) => isPlainObject(column)) ? 'columns' : null
}

export async function readJsonDocument(file: string): Promise<unknown> {
  const { size } = await stat(file)
  if (size > MAX_JSON_DOCUMENT_BYTES) {
    throw new DatasetImportError(file, null, null, `a JSON document of ${Math.round(size / 2 ** 20)} MiB is read whole; above ${MAX_JSON_DOCUMENT_BYTES / 2 ** 20} MiB convert it to JSON Lines (one record per line)`)
  }
  let text: string
  try {
    text = decodeTextFile(file, await readFile(file))
  } catch (error) {
    if (error instanceof TextFileError) throw new DatasetImportError(file, error.line === null ? null : { line: error.line }, null, error.problem)
    throw error
  }
  if (text.trim() === '') throw new DatasetImportError(file, null, null, 'the file is empty: no JSON document')
  const parsed = parseJsonText(text)
  if (!parsed.ok) throw new DatasetImportError(file, null, null, parsed.problem)
  return parsed.value
}

export async function* readJsonDocumentRecords(file: string, options: ReadOptions): AsyncGenerator<SourceRecord | UnreadableRecord> {
  const document = await readJsonDocument(file)
  const { size } = await stat(file)
  options.onProgress?.(size, size)
  const layout = jsonDocumentLayout(document)
  if (layout === null) {
    throw new DatasetImportError(
      file,
      null,
      null,
      `the document is ${describeValue(document)}, not a list of records nor a pandas column-oriented ({"column": {"0": value}}) or "split" table`,
    )
  }
  let row = 0
  for (const value of records(document, layout)) {
    options.signal?.throwIfAborted()
    const location = { row }
    if (isPlainObject(value)) yield { value, location }
    else yield { error: new DatasetImportError(file, location, null, `expected a JSON object, got ${describeValue(value)}`), location }
    row += 1
  }
}

function* records(document: unknown, layout: JsonDocumentLayout): Generator<unknown> {
  if (layout === 'records') {
    yield* document as unknown[]
    return
  }
  const table = document as Record<string, unknown>
  if (layout === 'split') {
    const columns = (table.columns as unknown[]).map(String)
    for (const data of table.data as unknown[]) {
      if (!Array.isArray(data)) yield data
      else yield Object.fromEntries(columns.map((column, i) => [column, data[i]]).filter(([, v]) => v !== undefined))
    }
    return
  }
  // Column-oriented: the index labels in the order the first column lists them, then any the others add.
  const columns = table as Record<string, Record<string, unknown>>
  const index: string[] = []
  const seen = new Set<string>()
  for (const column of Object.values(columns)) {
    for (const label of Object.keys(column)) {
      if (!seen.has(label)) {
        seen.add(label)
        index.push(label)
      }
    }
  }
  for (const label of index) {
    const record: Record<string, unknown> = {}
    for (const [name, column] of Object.entries(columns)) if (Object.hasOwn(column, label)) record[name] = column[label]
    yield record
  }
}
