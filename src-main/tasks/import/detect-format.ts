// Which format a file is in, from its extension (or magic bytes) and its first record or column names, and how each
// public format name reads: which container holds the records and which shape they have.
import { open } from 'node:fs/promises'
import { extname } from 'node:path'
import { readCsvHeader } from './csv-records'
import { DatasetImportError } from './errors'
import { readJsonlRecords } from './jsonl-records'
import { readParquetColumns } from './parquet-records'
import type { Container, DatasetFormat, FieldMapping, Shape } from './types'

const JSONL_EXTENSIONS = ['.jsonl', '.ndjson', '.jsonlines', '.json']

export async function detectFormat(file: string, options: { mapping?: FieldMapping } = {}): Promise<DatasetFormat> {
  const container = await detectContainer(file)
  if (container === 'csv') return 'csv'
  if (container === 'parquet') {
    const columns = await readParquetColumns(file)
    const shape = shapeOfFields(columns)
    if (shape === null) throw noKnownShape(file, null, columns, 'columns')
    return shape === 'verl' ? 'verl-parquet' : shape
  }
  if (options.mapping) return 'mapped-jsonl'
  for await (const { value, location } of readJsonlRecords(file, {})) {
    const keys = Object.keys(value)
    const shape = shapeOfFields(keys)
    if (shape === null) throw noKnownShape(file, location.line ?? null, keys, 'fields')
    return shape === 'verl' ? 'verl-jsonl' : shape
  }
  throw new DatasetImportError(file, null, null, 'the file holds no records')
}

/** A known record shape from its field names, most specific first; null for none. */
export function shapeOfFields(fields: readonly string[]): Exclude<Shape, 'mapped'> | null {
  const has = (name: string): boolean => fields.includes(name)
  if (has('prompt') && has('reward_model')) return 'verl'
  if (has('problem') && (has('solution') || has('answer'))) return 'math'
  if (has('question') && has('answer')) return 'gsm8k'
  return null
}

export interface FormatPlan {
  container: Container
  shape: Shape
}

/** How a format reads this file. gsm8k and math name a shape only: their container follows the file. */
export async function planFormat(file: string, format: DatasetFormat, mapping: FieldMapping | undefined): Promise<FormatPlan> {
  switch (format) {
    case 'verl-parquet':
      return { container: 'parquet', shape: 'verl' }
    case 'verl-jsonl':
      return { container: 'jsonl', shape: 'verl' }
    case 'mapped-jsonl':
      return { container: 'jsonl', shape: 'mapped' }
    case 'gsm8k':
    case 'math':
      return { container: await detectContainer(file), shape: format }
    case 'csv': {
      if (mapping) return { container: 'csv', shape: 'mapped' }
      const header = await readCsvHeader(file)
      if (header === null) throw new DatasetImportError(file, null, null, 'the file is empty: no header row')
      const shape = shapeOfFields(header)
      if (shape === null) throw noKnownShape(file, 1, header, 'columns')
      return { container: 'csv', shape }
    }
  }
}

async function detectContainer(file: string): Promise<Container> {
  const extension = extname(file).toLowerCase()
  if (extension === '.parquet') return 'parquet'
  if (extension === '.csv') return 'csv'
  if (JSONL_EXTENSIONS.includes(extension)) return 'jsonl'
  const head = await readHead(file, 4)
  if (head === 'PAR1') return 'parquet'
  if (head.trimStart().startsWith('{')) return 'jsonl'
  throw new DatasetImportError(file, null, null, `cannot tell the format from the extension "${extension}" or the first bytes; name it (format: ...)`)
}

async function readHead(file: string, bytes: number): Promise<string> {
  const handle = await open(file, 'r')
  try {
    const buffer = new Uint8Array(bytes)
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0)
    return new TextDecoder().decode(buffer.subarray(0, bytesRead))
  } finally {
    await handle.close()
  }
}

function noKnownShape(file: string, line: number | null, fields: readonly string[], what: string): DatasetImportError {
  return new DatasetImportError(
    file,
    line === null ? null : { line },
    null,
    `the ${what} [${fields.join(', ')}] match no known shape (verl: prompt + reward_model; GSM8K: question + answer; MATH: problem + solution|answer); give a field mapping`,
  )
}
