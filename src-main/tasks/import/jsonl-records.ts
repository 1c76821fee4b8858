// JSON Lines: one JSON object per line; blank lines are skipped.
import { DatasetImportError, describeValue } from './errors'
import { readLines } from './line-reader'
import type { ReadOptions, SourceRecord } from './records'

export async function* readJsonlRecords(file: string, options: ReadOptions): AsyncGenerator<SourceRecord> {
  for await (const { text, line } of readLines(file, options)) {
    if (text.trim() === '') continue
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (error) {
      const hint = line === 1 && text.trimStart().startsWith('[') ? '; a JSON array file must be converted to one object per line' : ''
      throw new DatasetImportError(file, { line }, null, `not valid JSON (${(error as Error).message})${hint}`)
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      const hint = Array.isArray(value) ? '; a JSON array file must be converted to one object per line' : ''
      throw new DatasetImportError(file, { line }, null, `expected a JSON object, got ${describeValue(value)}${hint}`)
    }
    yield { value: value as Record<string, unknown>, location: { line } }
  }
}
