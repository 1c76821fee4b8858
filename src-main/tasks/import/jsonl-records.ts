// JSON Lines: one JSON object per line; blank lines are skipped. A line that is not a JSON object (or not UTF-8) is
// yielded as unreadable, so an import that skips bad rows can go on past it.
import { parseJsonText } from '../../text/json-text'
import { DatasetImportError, describeValue } from './errors'
import { readLines } from './line-reader'
import type { ReadOptions, SourceRecord, UnreadableRecord } from './records'

export async function* readJsonlRecords(file: string, options: ReadOptions): AsyncGenerator<SourceRecord | UnreadableRecord> {
  for await (const item of readLines(file, { ...options, badLines: 'yield' })) {
    const { line } = item
    if ('error' in item) {
      yield { error: item.error, location: { line } }
      continue
    }
    const { text } = item
    if (text.trim() === '') continue
    const parsed = parseJsonText(text)
    const arrayHint = '; a JSON array file must be converted to one object per line (or named with the .json extension)'
    if (!parsed.ok) {
      const hint = line === 1 && text.trimStart().startsWith('[') ? arrayHint : ''
      yield { error: new DatasetImportError(file, { line }, null, `${parsed.problem}${hint}`), location: { line } }
      continue
    }
    const value = parsed.value
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      const hint = Array.isArray(value) ? arrayHint : ''
      yield { error: new DatasetImportError(file, { line }, null, `expected a JSON object, got ${describeValue(value)}${hint}`), location: { line } }
      continue
    }
    yield { value: value as Record<string, unknown>, location: { line } }
  }
}
