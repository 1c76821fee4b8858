// Which format a file is in, and how each public format name reads: which container holds the records (from the
// extension, else the first bytes) and which shape they have (from the first records' fields and content: GSM8K
// only when its answers carry the "####" marker). A file in no known shape needs a field mapping; the error says
// which fields it found and proposes one (suggest-mapping.ts).
import { open } from 'node:fs/promises'
import { extname } from 'node:path'
import { parseJsonText } from '../../text/json-text'
import { readCsvHeader } from './csv-records'
import { DatasetImportError } from './errors'
import { jsonDocumentLayout, readJsonDocument } from './json-document-records'
import { readLines } from './line-reader'
import { readParquetColumns } from './parquet-records'
import { readRecords, type ReadOptions } from './records'
import { mappingPairs, suggestMapping } from './suggest-mapping'
import type { Container, DatasetFormat, FieldMapping, Shape } from './types'

const JSONL_EXTENSIONS = ['.jsonl', '.ndjson', '.jsonlines']
/** Records looked at to tell GSM8K from other question/answer files. */
const SAMPLE_RECORDS = 20
const LISTED_FIELDS = 30
const LISTED_NAME_CHARS = 40

/** A file in no known shape: the fields found and, where the names allow, a mapping to propose. */
export class NeedsMappingError extends DatasetImportError {
  constructor(
    file: string,
    readonly container: Container,
    readonly fields: string[],
    readonly suggested: FieldMapping | null,
    why: string,
  ) {
    const listed = fields.slice(0, LISTED_FIELDS).map((f) => (f.length > LISTED_NAME_CHARS ? `${f.slice(0, LISTED_NAME_CHARS)}…` : f))
    const more = fields.length > LISTED_FIELDS ? `, and ${fields.length - LISTED_FIELDS} more` : ''
    const proposal = suggested ? `, e.g. ${mappingPairs(suggested)}` : ': name the prompt field and the answer (or solution, or tests) field'
    super(
      file,
      null,
      null,
      `the fields [${listed.join(', ')}${more}] match no known shape (verl: prompt + reward_model; GSM8K: question + answer ending in "#### x"; MATH: problem + solution|answer)${why}; give a field mapping${proposal}`,
    )
    this.name = 'NeedsMappingError'
  }
}

export interface FormatPlan {
  container: Container
  shape: Shape
}

export interface Detection extends FormatPlan {
  format: DatasetFormat
  /** The first record's top-level fields (the columns of CSV and Parquet). */
  fields: string[]
}

/** The format of a file, detected (`auto`) or as given, and how it reads. Throws NeedsMappingError when it needs a mapping. */
export async function inspectFile(file: string, format: 'auto' | DatasetFormat, mapping: FieldMapping | undefined, read: ReadOptions = {}): Promise<Detection> {
  if (mapping && KNOWN_SHAPE_FORMATS.includes(format)) {
    throw new DatasetImportError(file, null, 'mapping', `a field mapping applies to files in none of the known shapes, not to ${format}`)
  }
  if (!mapping && format === 'mapped-jsonl') throw new DatasetImportError(file, null, 'mapping', 'format mapped-jsonl needs a field mapping')
  const container = await containerFor(file, format)
  const fields = await fieldsOf(file, container, read)
  const shape = await shapeFor(file, format, container, fields, mapping, read)
  return { format: format === 'auto' ? formatName(container, shape) : format, container, shape, fields }
}

export async function detectFormat(file: string, options: { mapping?: FieldMapping } = {}): Promise<DatasetFormat> {
  return (await inspectFile(file, 'auto', options.mapping)).format
}

/** A known record shape from field names and the first records, most specific first; null for none. */
export function shapeOfRecords(fields: readonly string[], sample: readonly Record<string, unknown>[]): Exclude<Shape, 'mapped'> | null {
  const has = (name: string): boolean => fields.includes(name)
  if (has('prompt') && has('reward_model')) return 'verl'
  if (has('problem') && (has('solution') || has('answer'))) return 'math'
  if (has('question') && has('answer') && sample.some((r) => typeof r.answer === 'string' && r.answer.includes('####'))) return 'gsm8k'
  return null
}

export function formatName(container: Container, shape: Shape): DatasetFormat {
  if (container === 'csv') return 'csv'
  if (shape === 'verl') return container === 'parquet' ? 'verl-parquet' : container === 'jsonl' ? 'verl-jsonl' : container
  if (shape === 'mapped') return container === 'jsonl' ? 'mapped-jsonl' : container
  return shape
}

async function containerFor(file: string, format: 'auto' | DatasetFormat): Promise<Container> {
  switch (format) {
    case 'verl-parquet':
    case 'parquet':
      return 'parquet'
    case 'verl-jsonl':
    case 'mapped-jsonl':
      return 'jsonl'
    case 'csv':
      return 'csv'
    case 'json':
      return 'json'
    default:
      return detectContainer(file)
  }
}

/** Formats that name a record shape; the others name a container whose shape is detected or mapped. */
const KNOWN_SHAPE_FORMATS: readonly ('auto' | DatasetFormat)[] = ['verl-parquet', 'verl-jsonl', 'gsm8k', 'math']

async function shapeFor(file: string, format: 'auto' | DatasetFormat, container: Container, fields: string[], mapping: FieldMapping | undefined, read: ReadOptions): Promise<Shape> {
  if (format === 'verl-parquet' || format === 'verl-jsonl') return 'verl'
  if (format === 'gsm8k' || format === 'math') return format
  if (mapping) return 'mapped'
  const sample: Record<string, unknown>[] = []
  if (fields.includes('question') && fields.includes('answer')) {
    for await (const record of readRecords(file, container, read)) {
      if ('value' in record) sample.push(record.value)
      if (sample.length >= SAMPLE_RECORDS) break
    }
  }
  const shape = shapeOfRecords(fields, sample)
  if (shape !== null) return shape
  const why = fields.includes('question') && fields.includes('answer') ? ` (the answers carry no "####" marker, so this is not GSM8K)` : ''
  throw new NeedsMappingError(file, container, fields, suggestMapping(fields), why)
}

/** Top-level field names: the CSV header, the Parquet columns, or the first readable record's keys. */
async function fieldsOf(file: string, container: Container, read: ReadOptions): Promise<string[]> {
  if (container === 'csv') {
    const header = await readCsvHeader(file)
    if (header === null) throw new DatasetImportError(file, null, null, 'the file is empty: no header row')
    return header
  }
  if (container === 'parquet') return readParquetColumns(file)
  for await (const record of readRecords(file, container, read)) {
    if ('value' in record) return Object.keys(record.value)
    throw record.error
  }
  throw new DatasetImportError(file, null, null, (await isEmpty(file)) ? 'the file is empty (0 bytes): nothing to import' : 'the file holds no records (only blank lines)')
}

async function detectContainer(file: string): Promise<Container> {
  const extension = extname(file).toLowerCase()
  if (extension === '.parquet') return 'parquet'
  if (extension === '.csv') return 'csv'
  if (JSONL_EXTENSIONS.includes(extension)) return 'jsonl'
  const head = (await readHead(file, 4096)).trimStart()
  if (extension !== '.json' && head.startsWith('PAR1')) return 'parquet'
  if (head === '') {
    if (extension === '.json') return 'json'
    throw new DatasetImportError(file, null, null, 'the file is empty (0 bytes): nothing to import')
  }
  if (head.startsWith('[')) return 'json'
  if (head.startsWith('{')) return (await isJsonLines(file)) ? 'jsonl' : 'json'
  throw new DatasetImportError(file, null, null, `cannot tell the format from the extension "${extension}" or the first bytes; name it (format: ...)`)
}

/**
 * A file starting with "{" is JSON Lines when its first line is a whole JSON value and it has more lines, or its one
 * line is not a column-oriented table; otherwise (a pretty-printed document, pandas' to_json()) one JSON document.
 */
async function isJsonLines(file: string): Promise<boolean> {
  let first: string | null = null
  for await (const item of readLines(file, { badLines: 'yield' })) {
    if ('error' in item) return true
    if (item.text.trim() === '') continue
    if (first !== null) return parseJsonText(first).ok
    first = item.text
  }
  if (first === null || !parseJsonText(first).ok) return false
  return jsonDocumentLayout(await readJsonDocument(file)) === null
}

async function isEmpty(file: string): Promise<boolean> {
  return (await readHead(file, 1)).length === 0
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
