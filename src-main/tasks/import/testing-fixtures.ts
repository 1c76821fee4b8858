// Test helpers: real fixture files (JSONL, CSV and genuine Parquet written with hyparquet-writer) in a temporary
// folder, and an assertion that an import failed with a located error and left nothing behind. Used by the
// *.test.ts files of this folder only.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { parquetWriteFile } from 'hyparquet-writer'
import { expect } from 'vitest'
import { DatasetImportError } from './errors'

export function makeTempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

export function writeJsonl(path: string, records: readonly unknown[]): string {
  writeFileSync(path, records.map((r) => `${JSON.stringify(r)}\n`).join(''))
  return path
}

export interface VerlRecord {
  data_source: string | null
  prompt: { role: string; content: string | Uint8Array | null }[] | null
  ability: string | null
  reward_model: { style: string | null; ground_truth: string | Uint8Array | null } | null
  extra_info: { split: string | null; index: number } | null
}

export function verlRecord(index: number, question: string, answer: string): VerlRecord {
  return {
    data_source: 'openai/gsm8k',
    prompt: [
      { role: 'system', content: 'Think step by step.' },
      { role: 'user', content: question },
    ],
    ability: 'math',
    reward_model: { style: 'rule', ground_truth: answer },
    extra_info: { split: 'train', index },
  }
}

/**
 * A verl RL dataset as Parquet with the nested schema pandas/pyarrow write for it: prompt is a LIST of
 * STRUCT{role, content}, reward_model and extra_info are STRUCTs.
 */
export function writeVerlParquet(
  path: string,
  records: readonly VerlRecord[],
  options: { rowGroupSize?: number; codec?: 'SNAPPY' | 'GZIP' | 'BROTLI' | 'UNCOMPRESSED'; statistics?: boolean } = {},
): string {
  const text = { type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' } as const
  const schema = [
    { name: 'root', num_children: 5 },
    { name: 'data_source', ...text },
    { name: 'prompt', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
    { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
    { name: 'element', repetition_type: 'OPTIONAL', num_children: 2 },
    { name: 'role', ...text },
    { name: 'content', ...text },
    { name: 'ability', ...text },
    { name: 'reward_model', repetition_type: 'OPTIONAL', num_children: 2 },
    { name: 'style', ...text },
    { name: 'ground_truth', ...text },
    { name: 'extra_info', repetition_type: 'OPTIONAL', num_children: 2 },
    { name: 'split', ...text },
    { name: 'index', type: 'INT64', repetition_type: 'OPTIONAL' },
  ] as const
  const column = <K extends keyof VerlRecord>(name: K): VerlRecord[K][] => records.map((r) => r[name])
  parquetWriteFile({
    filename: path,
    schema: schema.map((element) => ({ ...element })),
    columnData: [
      { name: 'data_source', data: column('data_source') },
      { name: 'prompt', data: column('prompt') },
      { name: 'ability', data: column('ability') },
      { name: 'reward_model', data: column('reward_model') },
      // INT64 columns take bigints.
      { name: 'extra_info', data: records.map((r) => (r.extra_info ? { ...r.extra_info, index: BigInt(r.extra_info.index) } : null)) },
    ],
    rowGroupSize: options.rowGroupSize ?? 1000,
    codec: options.codec ?? 'SNAPPY',
    compressors: { GZIP: (input) => gzipSync(input), BROTLI: (input) => brotliCompressSync(input) },
    statistics: options.statistics ?? true,
  })
  return path
}

/** A flat Parquet table of string columns (GSM8K/MATH as Hugging Face ships them). */
export function writeFlatParquet(path: string, columns: Record<string, string[]>): string {
  parquetWriteFile({
    filename: path,
    columnData: Object.entries(columns).map(([name, data]) => ({ name, data, type: 'STRING' as const })),
  })
  return path
}

/**
 * A small Parquet file whose one row group expands a thousandfold: `rows` copies of one `valueBytes`-byte answer,
 * PLAIN-encoded (every copy written out) and gzip-compressed (the copies compress to almost nothing).
 */
export function writeDecompressionBomb(path: string, rows: number, valueBytes: number): string {
  const answer = '7'.repeat(valueBytes)
  parquetWriteFile({
    filename: path,
    columnData: [
      { name: 'question', data: Array.from({ length: rows }, (_, i) => `q${i}`), type: 'STRING' },
      { name: 'answer', data: Array.from({ length: rows }, () => answer), type: 'STRING', encoding: 'PLAIN' },
    ],
    rowGroupSize: rows,
    codec: 'GZIP',
    compressors: { GZIP: (input) => gzipSync(input, { level: 9 }) },
  })
  return path
}

/**
 * A small Parquet file with millions of rows in one row group: one repeated value, dictionary-encoded (a few bytes
 * of run-length indices), that decodes into millions of row objects.
 */
export function writeRowCountBomb(path: string, rows: number): string {
  const value = 'What is 1+1? #### 2'
  parquetWriteFile({
    filename: path,
    columnData: [{ name: 'text', data: Array.from({ length: rows }, () => value), type: 'STRING' }],
    rowGroupSize: rows,
    codec: 'GZIP',
    compressors: { GZIP: (input) => gzipSync(input, { level: 9 }) },
  })
  return path
}

/** Names in a folder, hidden staging folders included. */
export function listDir(dir: string): string[] {
  return readdirSync(dir).sort()
}

export interface ExpectedError {
  file: string
  line?: number
  row?: number
  field?: string | null
  /** A fragment of the problem text. */
  problem: RegExp | string
}

/** The import rejected with a DatasetImportError naming file, line/row and field, and the parent folder is empty. */
export async function expectImportError(run: Promise<unknown>, expected: ExpectedError, emptyDir?: string): Promise<DatasetImportError> {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error, 'the import should have failed').toBeInstanceOf(DatasetImportError)
  const e = error as DatasetImportError
  expect(e.file).toBe(expected.file)
  expect(e.line).toBe(expected.line ?? null)
  expect(e.row).toBe(expected.row ?? null)
  if (expected.field !== undefined) expect(e.field).toBe(expected.field)
  if (typeof expected.problem === 'string') expect(e.problem).toContain(expected.problem)
  else expect(e.problem).toMatch(expected.problem)
  // The message carries all of it, for a user who sees only the text.
  const name = expected.file.split('/').pop()!
  expect(e.message.startsWith(`${name}: `)).toBe(true)
  if (expected.line !== undefined) expect(e.message).toContain(`: line ${expected.line}: `)
  if (expected.row !== undefined) expect(e.message).toContain(`: row ${expected.row}: `)
  if (expected.field) expect(e.message).toContain(`field ${expected.field}: `)
  if (emptyDir !== undefined) expect(listDir(emptyDir), 'a failed import must leave nothing behind').toEqual([])
  return e
}
