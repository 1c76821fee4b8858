// Files as researchers bring them (issue 11, item 5): detection by content, answers that are numbers or lists,
// JSON arrays and pandas tables, MBPP tests, ProcessBench/PRM800K step labels, the verifier chosen per import, bad
// rows skipped with a list, and the preview that comes before an import.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseAppsReference } from '../code/apps-tests'
import { importDataset } from './import-dataset'
import { previewImport } from './preview'
import { expectImportError, listDir, makeTempDir, writeFlatParquet, writeJsonl } from './testing-fixtures'
import type { DatasetMeta, ImportOptions, NormalisedRow } from './types'

let dir: string
let cleanup: () => void
beforeEach(() => ({ dir, cleanup } = makeTempDir('import-real')))
afterEach(() => cleanup())

let count = 0
async function importRows(source: string, options: Partial<ImportOptions> = {}): Promise<{ meta: DatasetMeta; rows: NormalisedRow[] }> {
  const targetDir = join(dir, 'datasets', `ds_${++count}`)
  const meta = await importDataset({ source, targetDir, name: 'test', ...options })
  const rows = readFileSync(join(targetDir, 'rows.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as NormalisedRow)
  return { meta, rows }
}

describe('answers as the source holds them', () => {
  it('takes numbers as canonical strings and lists as one answer', async () => {
    const source = writeJsonl(join(dir, 'qa.jsonl'), [
      { question: 'a', answer: 142.0 },
      { question: 'b', answer: 0.25 },
      { question: 'c', answer: ['$x=2$'] },
      { question: 'd', answer: [3, '-1'] },
      { question: 'e', answer: 1e20 },
    ])
    const { meta, rows } = await importRows(source, { mapping: { prompt: 'question', answer: 'answer' } })
    expect(rows.map((r) => r.reference)).toEqual(['142', '0.25', '$x=2$', '3, -1', '100000000000000000000'])
    expect(meta).toMatchObject({ format: 'mapped-jsonl', verifier: 'math', verifierReason: '5 of 5 sampled answers look mathematical (numbers, fractions, LaTeX…)' })
    expect(rows.every((r) => r.verifier === 'math')).toBe(true)
  })

  it('refuses an empty or nested answer list, naming the field', async () => {
    const source = writeJsonl(join(dir, 'qa.jsonl'), [{ q: 'a', a: [] }, { q: 'b', a: [[1]] }])
    const datasets = join(dir, 'datasets')
    await expectImportError(importRows(source, { mapping: { prompt: 'q', answer: 'a' } }), { file: source, line: 1, field: 'a', problem: 'empty list' }, datasets)
    const second = writeJsonl(join(dir, 'qa2.jsonl'), [{ q: 'b', a: [[1]] }])
    await expectImportError(importRows(second, { mapping: { prompt: 'q', answer: 'a' } }), { file: second, line: 1, field: 'a.0', problem: 'got an array' }, datasets)
  })

  it('gives text answers the exact verifier, and honours a chosen verifier', async () => {
    const source = writeJsonl(join(dir, 'yesno.jsonl'), [{ q: 'Is 7 prime?', a: 'Yes' }, { q: 'Is 8 prime?', a: 'Never' }, { q: 'Is 2 even?', a: 'Yes' }])
    expect((await importRows(source, { mapping: { prompt: 'q', answer: 'a' } })).meta).toMatchObject({ verifier: 'exact', verifierReason: expect.stringContaining('3 of 3 sampled answers are plain text') })
    const chosen = await importRows(source, { mapping: { prompt: 'q', answer: 'a' }, verifier: 'math' })
    expect(chosen.meta).toMatchObject({ verifier: 'math', verifierReason: 'chosen for this import' })
    expect(chosen.rows[0]!.verifier).toBe('math')
    await expectImportError(importRows(source, { mapping: { prompt: 'q', answer: 'a' }, verifier: 'oracle' }), { file: source, field: 'verifier', problem: 'unknown verifier "oracle"' })
  })
})

describe('JSON documents', () => {
  const records = [{ question: 'q1', answer: '1' }, { question: 'q2', answer: '2' }]

  it('reads a JSON array of records (located by 0-based row)', async () => {
    const source = join(dir, 'array.json')
    writeFileSync(source, JSON.stringify([...records, 'oops'], null, 2))
    await expectImportError(importRows(source, { mapping: { prompt: 'question', answer: 'answer' } }), { file: source, row: 2, field: null, problem: 'expected a JSON object, got a string' })
    writeFileSync(source, JSON.stringify(records, null, 2))
    const { meta, rows } = await importRows(source, { mapping: { prompt: 'question', answer: 'answer' } })
    expect(meta).toMatchObject({ format: 'json', container: 'json', rows: 2 })
    expect(rows.map((r) => [r.id, r.prompt, r.reference])).toEqual([['row-0', 'q1', '1'], ['row-1', 'q2', '2']])
  })

  it('reads pandas column-oriented and split tables, with a .json or no extension', async () => {
    const columns = join(dir, 'columns.json')
    writeFileSync(columns, JSON.stringify({ question: { 0: 'q1', 1: 'q2' }, answer: { 0: 1, 1: 2 } }))
    const split = join(dir, 'split.data')
    writeFileSync(split, JSON.stringify({ columns: ['question', 'answer'], index: [0, 1], data: [['q1', 1], ['q2', 2]] }))
    for (const source of [columns, split]) {
      const { meta, rows } = await importRows(source, { mapping: { prompt: 'question', answer: 'answer' } })
      expect(meta.container).toBe('json')
      expect(rows.map((r) => [r.prompt, r.reference])).toEqual([['q1', '1'], ['q2', '2']])
    }
  })
})

describe('MBPP tests for the code verifier', () => {
  it('maps test_list (and test_setup_code) to a reference the code verifier reads', async () => {
    const source = writeJsonl(join(dir, 'mbpp.jsonl'), [
      { task_id: 11, text: 'Remove first and last occurrence of a character.', code: 'def f(): ...', test_list: ['assert remove_Occ("hello","l") == "heo"'], test_setup_code: '' },
      { task_id: 12, text: 'Sort a matrix by row sums.', code: 'def g(): ...', test_list: ['assert sort_matrix([[1]]) == [[1]]', 'assert sort_matrix([]) == []'], test_setup_code: 'import math' },
    ])
    const preview = await previewImport({ source })
    expect(preview).toMatchObject({ mapping: { prompt: 'text', tests: 'test_list', testSetup: 'test_setup_code', id: 'task_id' }, mappingSuggested: true, verifier: 'code' })
    const { meta, rows } = await importRows(source, { mapping: preview.mapping! })
    expect(meta).toMatchObject({ verifier: 'code', statistics: { verifiers: { code: 2 } } })
    expect(rows[0]).toMatchObject({ id: '11', verifier: 'code', ability: 'code', extra: { code: 'def f(): ...' } })
    expect(parseAppsReference(rows[0]!.reference)).toEqual({ mode: 'assert', asserts: ['assert remove_Occ("hello","l") == "heo"'], setup: null, outputs: [null] })
    expect(parseAppsReference(rows[1]!.reference)).toMatchObject({ mode: 'assert', setup: 'import math' })
  })
})

describe('step labels', () => {
  it('reads ProcessBench first-error labels and per-step ratings into stepLabels', async () => {
    const source = writeJsonl(join(dir, 'pb.jsonl'), [
      { problem: 'p1', answer: '3', steps: ['a', 'b', 'c', 'd'], label: 1 },
      { problem: 'p2', answer: '4', steps: ['a', 'b'], label: -1 },
      { problem: 'p3', answer: '5', steps: ['a'] },
    ])
    const { meta, rows } = await importRows(source)
    expect(meta.rowsWithStepLabels).toBe(2)
    expect(rows[0]!.stepLabels).toEqual({ steps: ['a', 'b', 'c', 'd'], correct: [true, false, null, null] })
    expect(rows[1]!.stepLabels).toEqual({ steps: ['a', 'b'], correct: [true, true] })
    expect(rows[2]!.stepLabels).toBeUndefined()
    expect(rows[2]!.extra).toEqual({ steps: ['a'] })

    const prm = writeJsonl(join(dir, 'prm.jsonl'), [{ q: 'x', gt: '1', s: ['a', 'b', 'c', 'd'], r: [1, 0, -1, true] }])
    const mapped = await importRows(prm, { mapping: { prompt: 'q', answer: 'gt', steps: 's', labels: 'r' } })
    expect(mapped.rows[0]!.stepLabels).toEqual({ steps: ['a', 'b', 'c', 'd'], correct: [true, null, false, true] })
  })

  it('names the field of a label that does not fit its steps', async () => {
    const source = writeJsonl(join(dir, 'pb.jsonl'), [{ problem: 'p', answer: '1', steps: ['a', 'b'], label: 2 }])
    await expectImportError(importRows(source), { file: source, line: 1, field: 'label', problem: 'expected the index of the first wrong step (-1 to 1), got 2' })
    const ratings = writeJsonl(join(dir, 'r.jsonl'), [{ problem: 'p', answer: '1', steps: ['a', 'b'], labels: [1] }])
    await expectImportError(importRows(ratings), { file: ratings, line: 1, field: 'labels', problem: '1 labels for 2 steps' })
  })
})

describe('skipping bad rows', () => {
  it('leaves bad records out, counts them and lists each with its line, field and reason', async () => {
    const source = join(dir, 'mixed.jsonl')
    writeFileSync(
      source,
      Buffer.concat([
        Buffer.from(`${JSON.stringify({ problem: 'p1', answer: '1' })}\n{not json\n${JSON.stringify({ problem: 'p3' })}\n`),
        Buffer.from('{"problem": "caf'),
        Buffer.from([0xe9]),
        Buffer.from(`", "answer": "2"}\n${JSON.stringify({ problem: 'p5', answer: '5' })}\n`),
      ]),
    )
    const datasets = join(dir, 'datasets')
    await expectImportError(importRows(source, { format: 'math' }), { file: source, line: 2, field: null, problem: 'not valid JSON' }, datasets)
    const { meta, rows } = await importRows(source, { format: 'math', skipBadRows: true })
    expect(rows.map((r) => r.prompt)).toEqual(['p1', 'p5'])
    expect(meta.skippedRows).toBe(3)
    expect(meta.skipped).toEqual([
      { line: 2, field: null, reason: 'not valid JSON: unexpected character at character 2' },
      { line: 3, field: 'answer', reason: 'missing, and there is no solution to take the \\boxed{} answer from' },
      { line: 4, field: null, reason: 'not valid UTF-8 (byte 0xe9 at byte 17 of the line); re-save the file as UTF-8' },
    ])
    expect(listDir(datasets)).toEqual([`ds_${count}`])
  })

  it('fails, naming the first, when every record is bad', async () => {
    const source = writeJsonl(join(dir, 'bad.jsonl'), [{ problem: 'p' }, { problem: 'q' }])
    await expectImportError(importRows(source, { format: 'math', skipBadRows: true }), { file: source, field: null, problem: 'all 2 records were skipped as bad rows (the first at line 1: field answer: missing' })
  })
})

describe('errors do not echo the file', () => {
  it('describes a malformed line, a wrong value and a repeated id without quoting them', async () => {
    const secret = 'hunter2-SECRET-token'
    const cases: [string, string][] = [
      ['notjson.jsonl', `root:${secret}:0:0\n`],
      ['value.jsonl', `${JSON.stringify({ problem: 'p', answer: { secret } })}\n`],
      ['ids.jsonl', `${JSON.stringify({ id: secret, problem: 'p', answer: '1' })}\n${JSON.stringify({ id: secret, problem: 'q', answer: '1' })}\n`],
      ['number.jsonl', `${JSON.stringify({ problem: 'p', answer: '1', steps: ['a'], label: 987654321 })}\n`],
    ]
    for (const [name, content] of cases) {
      const source = join(dir, name)
      writeFileSync(source, content)
      const error = await importRows(source, { format: 'math' }).then(() => null, (e: Error) => e)
      expect(error?.message, name).toBeTruthy()
      expect(error!.message).not.toContain('SECRET')
      expect(error!.message).not.toContain('root:')
    }
  })
})

describe('the preview before an import', () => {
  it('detects the format, proposes a mapping for question/answer files without ####, and shows the first rows', async () => {
    const source = writeJsonl(join(dir, 'qa.jsonl'), [{ question: 'What is 6 times 7?', answer: '42' }, { question: 'x' }])
    const preview = await previewImport({ source })
    expect(preview).toMatchObject({
      format: 'mapped-jsonl',
      fields: ['question', 'answer'],
      mapping: { prompt: 'question', answer: 'answer' },
      mappingSuggested: true,
      needsMapping: expect.stringContaining('not GSM8K'),
      verifier: 'math',
      sampled: 2,
      problems: [{ line: 2, field: 'answer', reason: 'missing' }],
    })
    expect(preview.rows).toEqual([{ id: 'line-1', prompt: 'What is 6 times 7?', reference: '42', verifier: 'math', dataSource: 'qa', ability: 'unknown', split: 'train' }])
    const gsm = writeJsonl(join(dir, 'gsm.jsonl'), [{ question: 'q', answer: 'so\n#### 1,000' }])
    expect(await previewImport({ source: gsm })).toMatchObject({ format: 'gsm8k', mapping: null, needsMapping: null, verifier: 'math', rows: [{ reference: '1000' }] })
  })

  it('reads Parquet question/answer columns through a mapping', async () => {
    const source = writeFlatParquet(join(dir, 'qa.parquet'), { question: ['q1', 'q2'], answer: ['12', '\\frac{1}{2}'] })
    const preview = await previewImport({ source })
    expect(preview).toMatchObject({ format: 'parquet', mapping: { prompt: 'question', answer: 'answer' }, verifier: 'math' })
    const { meta, rows } = await importRows(source, { mapping: preview.mapping! })
    expect(meta.format).toBe('parquet')
    expect(rows.map((r) => r.reference)).toEqual(['12', '\\frac{1}{2}'])
  })
})
