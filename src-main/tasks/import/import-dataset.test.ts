import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { detectFormat } from './detect-format'
import { importDataset, META_FILE, ROWS_FILE } from './import-dataset'
import { listDir, makeTempDir, verlRecord, writeFlatParquet, writeJsonl, writeVerlParquet } from './testing-fixtures'
import type { DatasetMeta, NormalisedRow } from './types'

let dir: string
let cleanup: () => void
beforeEach(() => ({ dir, cleanup } = makeTempDir('import')))
afterEach(() => cleanup())

function readRows(target: string): NormalisedRow[] {
  return readFileSync(join(target, ROWS_FILE), 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as NormalisedRow)
}

function readMeta(target: string): DatasetMeta {
  return JSON.parse(readFileSync(join(target, META_FILE), 'utf8')) as DatasetMeta
}

const questions = Array.from({ length: 25 }, (_, i) => ({ q: `What is ${i} + ${i}?`, a: String(2 * i) }))

describe('importDataset: verl', () => {
  it('reads a verl Parquet file row group by row group (several codecs) into normalised rows', async () => {
    for (const codec of ['SNAPPY', 'GZIP', 'BROTLI', 'UNCOMPRESSED'] as const) {
      const source = writeVerlParquet(
        join(dir, `train-${codec}.parquet`),
        questions.map(({ q, a }, i) => verlRecord(i, q, a)),
        { rowGroupSize: 10, codec },
      )
      const target = join(dir, 'datasets', `verl-${codec}`)
      const progress: [number, number][] = []
      const meta = await importDataset({ source, targetDir: target, name: 'verl', onProgress: (read, total) => progress.push([read, total]) })
      expect(meta).toMatchObject({ format: 'verl-parquet', container: 'parquet', shape: 'verl', rows: 25, splits: { train: 25, validation: 0, test: 0 } })
      const rows = readRows(target)
      expect(rows[3]).toEqual({
        id: 'row-3',
        prompt: 'What is 3 + 3?',
        messages: [
          { role: 'system', content: 'Think step by step.' },
          { role: 'user', content: 'What is 3 + 3?' },
        ],
        reference: '6',
        verifier: 'math',
        dataSource: 'openai/gsm8k',
        ability: 'math',
        split: 'train',
        extra: { extra_info: { split: 'train', index: 3 }, reward_model: { style: 'rule' } },
      })
      expect(rows.map((r) => r.reference)).toEqual(questions.map((q) => q.a))
      // Three row groups were read one by one: progress rises once per group, then reaches the file size.
      const size = readFileSync(source).length
      expect(progress.every(([, total]) => total === size)).toBe(true)
      const reads = progress.map(([read]) => read)
      expect(reads.length).toBe(4)
      expect(reads.every((read, i) => i === 0 || read > reads[i - 1]!)).toBe(true)
      expect(reads.at(-1)).toBe(size)
      expect(readMeta(target)).toEqual(meta)
    }
  })

  it('reads verl JSONL with the same result as verl Parquet', async () => {
    const records = questions.map(({ q, a }, i) => verlRecord(i, q, a))
    const jsonl = writeJsonl(join(dir, 'train.jsonl'), records)
    const parquet = writeVerlParquet(join(dir, 'train.parquet'), records)
    expect(await detectFormat(jsonl)).toBe('verl-jsonl')
    expect(await detectFormat(parquet)).toBe('verl-parquet')
    await importDataset({ source: jsonl, targetDir: join(dir, 'out', 'j'), name: 'j' })
    await importDataset({ source: parquet, targetDir: join(dir, 'out', 'p'), name: 'p' })
    const strip = (rows: NormalisedRow[]): Omit<NormalisedRow, 'id'>[] => rows.map(({ id: _id, ...rest }) => rest)
    expect(strip(readRows(join(dir, 'out', 'j')))).toEqual(strip(readRows(join(dir, 'out', 'p'))))
    expect(readRows(join(dir, 'out', 'j'))[0]!.id).toBe('line-1')
  })

  it('takes the verifier from ability, and lets the caller override it', async () => {
    const record = { ...verlRecord(0, 'Write a function.', '[{"input": "1", "output": "2"}]'), ability: 'code', data_source: 'codecontests' }
    const source = writeJsonl(join(dir, 'code.jsonl'), [record])
    const meta = await importDataset({ source, targetDir: join(dir, 'out', 'code'), name: 'c' })
    expect(readRows(join(dir, 'out', 'code'))[0]).toMatchObject({ verifier: 'code', ability: 'code', dataSource: 'codecontests' })
    expect(meta.statistics.verifiers).toEqual({ code: 1 })
    await importDataset({ source, targetDir: join(dir, 'out', 'code2'), name: 'c', verifier: 'exact' })
    expect(readRows(join(dir, 'out', 'code2'))[0]!.verifier).toBe('exact')
  })
})

describe('importDataset: GSM8K and MATH', () => {
  it('takes the GSM8K answer after ####, without thousands separators, and keeps the worked solution', async () => {
    const source = writeJsonl(join(dir, 'gsm8k.jsonl'), [
      { question: 'Tom has 3 apples and buys 4. How many?', answer: 'He has 3 + 4 = <<3+4=7>>7.\n#### 7' },
      { question: 'A car costs $1,200 and a bike $300. Total?', answer: '1200 + 300 = 1500\n#### 1,500' },
    ])
    expect(await detectFormat(source)).toBe('gsm8k')
    const meta = await importDataset({ source, targetDir: join(dir, 'out', 'g'), name: 'gsm8k' })
    const rows = readRows(join(dir, 'out', 'g'))
    expect(rows.map((r) => r.reference)).toEqual(['7', '1500'])
    expect(rows[0]).toMatchObject({ prompt: 'Tom has 3 apples and buys 4. How many?', verifier: 'math', ability: 'math', dataSource: 'gsm8k' })
    expect(rows[0]!.extra).toEqual({ solution: 'He has 3 + 4 = <<3+4=7>>7.\n#### 7' })
    expect(meta.statistics.answerKinds.integer).toBe(2)
  })

  it('reads GSM8K and MATH from flat Parquet files as Hugging Face ships them', async () => {
    const gsm = writeFlatParquet(join(dir, 'gsm.parquet'), { question: ['1+1?', '2+2?'], answer: ['so\n#### 2', 'so\n#### 4'] })
    const math = writeFlatParquet(join(dir, 'math.parquet'), { problem: ['Find x.'], solution: ['We get $x=\\boxed{\\frac{1}{2}}$.'] })
    expect(await detectFormat(gsm)).toBe('gsm8k')
    expect(await detectFormat(math)).toBe('math')
    await importDataset({ source: gsm, targetDir: join(dir, 'out', 'g'), name: 'g' })
    await importDataset({ source: math, targetDir: join(dir, 'out', 'm'), name: 'm' })
    expect(readRows(join(dir, 'out', 'g')).map((r) => [r.id, r.reference])).toEqual([['row-0', '2'], ['row-1', '4']])
    expect(readRows(join(dir, 'out', 'm'))[0]).toMatchObject({ reference: '\\frac{1}{2}', extra: { solution: 'We get $x=\\boxed{\\frac{1}{2}}$.' } })
  })

  it('prefers MATH answer over the solution, and uses the last \\boxed when only the solution is there', async () => {
    const source = writeJsonl(join(dir, 'math.jsonl'), [
      { problem: 'P1', solution: 'first $\\boxed{1}$ then $\\boxed{\\{2, 3\\}}$', level: 'Level 2' },
      { problem: 'P2', solution: '$\\boxed{99}$', answer: '100' },
    ])
    await importDataset({ source, targetDir: join(dir, 'out', 'm'), name: 'm', format: 'math' })
    const rows = readRows(join(dir, 'out', 'm'))
    expect(rows.map((r) => r.reference)).toEqual(['\\{2, 3\\}', '100'])
    expect(rows[0]!.extra).toEqual({ solution: 'first $\\boxed{1}$ then $\\boxed{\\{2, 3\\}}$', level: 'Level 2' })
  })
})

describe('importDataset: field mapping and CSV', () => {
  it('maps other JSONL shapes by field name or dotted path, leaving unmapped fields in extra', async () => {
    const source = writeJsonl(join(dir, 'custom.jsonl'), [
      { uid: 'a1', q: { text: 'Capital of France?' }, gold: { value: 'Paris' }, src: 'geo', note: 'easy' },
      { uid: 'a2', q: { text: 'Capital of Peru?' }, gold: { value: 'Lima' }, src: 'geo', note: 'easy' },
    ])
    const mapping = { prompt: 'q.text', answer: 'gold.value', id: 'uid', dataSource: 'src' }
    expect(await detectFormat(source, { mapping })).toBe('mapped-jsonl')
    const meta = await importDataset({ source, targetDir: join(dir, 'out', 'c'), name: 'c', mapping })
    const rows = readRows(join(dir, 'out', 'c'))
    expect(rows[1]).toEqual({
      id: 'a2',
      prompt: 'Capital of Peru?',
      reference: 'Lima',
      verifier: 'exact',
      dataSource: 'geo',
      ability: 'unknown',
      split: 'train',
      // a dotted path leaves its parent object in extra
      extra: { q: { text: 'Capital of Peru?' }, gold: { value: 'Lima' }, note: 'easy' },
    })
    expect(meta.mapping).toEqual(mapping)
    expect(meta.statistics.answerKinds.text).toBe(2)
  })

  it('reads CSV with quoted fields, embedded newlines and escaped quotes through a mapping', async () => {
    const source = join(dir, 'qa.csv')
    writeFileSync(source, 'id,question text,final\r\n1,"Say ""hi"", twice",hi hi\r\n2,"Two\r\nlines?",yes\r\n')
    const meta = await importDataset({
      source,
      targetDir: join(dir, 'out', 'csv'),
      name: 'csv',
      mapping: { prompt: 'question text', answer: 'final', id: 'id' },
    })
    expect(meta).toMatchObject({ format: 'csv', container: 'csv', shape: 'mapped', rows: 2 })
    expect(readRows(join(dir, 'out', 'csv')).map((r) => [r.id, r.prompt, r.reference])).toEqual([
      ['1', 'Say "hi", twice', 'hi hi'],
      ['2', 'Two\nlines?', 'yes'],
    ])
  })

  it('reads a CSV with GSM8K columns without a mapping', async () => {
    const source = join(dir, 'gsm.csv')
    writeFileSync(source, 'question,answer\n"How many, in all?","3 + 4\n#### 7"\n')
    expect(await detectFormat(source)).toBe('csv')
    const meta = await importDataset({ source, targetDir: join(dir, 'out', 'gcsv'), name: 'g' })
    expect(meta.shape).toBe('gsm8k')
    expect(readRows(join(dir, 'out', 'gcsv'))[0]).toMatchObject({ id: 'line-2', prompt: 'How many, in all?', reference: '7' })
  })
})

describe('importDataset: de-duplication and splits', () => {
  const records = [
    ...Array.from({ length: 100 }, (_, i) => ({ problem: `Compute ${i} squared.`, answer: String(i * i) })),
    { problem: '  Compute 5   squared. ', answer: '25' }, // same prompt up to whitespace
    { problem: 'Compute 7 squared.', answer: '48' }, // same prompt, a different reference
    { problem: 'Ｃｏｍｐｕｔｅ 9 squared.', answer: '81' }, // full-width letters: NFKC-equal
    { problem: 'compute 9 squared.', answer: '81' }, // case differs: kept
  ]

  it('drops repeated prompts (normalised), counts those with another reference, keeps first occurrences', async () => {
    const source = writeJsonl(join(dir, 'dups.jsonl'), records)
    const meta = await importDataset({ source, targetDir: join(dir, 'out', 'd'), name: 'd' })
    expect(meta.rows).toBe(101)
    expect(meta.duplicatesRemoved).toBe(3)
    expect(meta.duplicatesWithOtherReference).toBe(1)
    const rows = readRows(join(dir, 'out', 'd'))
    expect(rows.find((r) => r.prompt === 'Compute 7 squared.')!.reference).toBe('49')
    expect(rows.at(-1)!.prompt).toBe('compute 9 squared.')
  })

  it('splits deterministically per seed into disjoint sets of exact size that cover every row', async () => {
    const source = writeJsonl(join(dir, 'dups.jsonl'), records)
    const splits = { validation: 0.1, test: 0.2, seed: 42 }
    const a = await importDataset({ source, targetDir: join(dir, 'out', 'a'), name: 'a', splits })
    await importDataset({ source, targetDir: join(dir, 'out', 'b'), name: 'b', splits })
    await importDataset({ source, targetDir: join(dir, 'out', 'c'), name: 'c', splits: { ...splits, seed: 43 } })
    expect(a.splits).toEqual({ train: 71, validation: 10, test: 20 }) // round(101·0.1), round(101·0.2)
    expect(a.splitPlan).toEqual(splits)
    const byId = (target: string): Map<string, string> => new Map(readRows(join(dir, 'out', target)).map((r) => [r.id, r.split]))
    const [ra, rb, rc] = [byId('a'), byId('b'), byId('c')]
    expect(ra).toEqual(rb)
    expect(ra).not.toEqual(rc)
    expect(ra.size).toBe(101) // every row in exactly one split (ids are unique)
    const counts = { train: 0, validation: 0, test: 0 } as Record<string, number>
    for (const split of ra.values()) counts[split]! += 1
    expect(counts).toEqual(a.splits)
  })

  it('rewrites only the row split, never a "split" inside extra (verl extra_info.split)', async () => {
    const records = questions.map(({ q, a }, i) => verlRecord(i, q, a))
    const source = writeVerlParquet(join(dir, 'train.parquet'), records)
    const meta = await importDataset({ source, targetDir: join(dir, 'out', 'v'), name: 'v', splits: { validation: 0.2, test: 0.2, seed: 3 } })
    expect(meta.splits).toEqual({ train: 15, validation: 5, test: 5 })
    const rows = readRows(join(dir, 'out', 'v'))
    rows.forEach((row, i) => {
      expect(row.extra).toEqual({ extra_info: { split: 'train', index: i }, reward_model: { style: 'rule' } })
      expect(row.reference).toBe(questions[i]!.a)
      expect(Object.keys(row)).toEqual(['id', 'prompt', 'messages', 'reference', 'verifier', 'dataSource', 'ability', 'split', 'extra'])
    })
    expect(rows.filter((r) => r.split === 'test').length).toBe(5)
  })

  it('gives every row one named split when no seeded split is asked for', async () => {
    const source = writeJsonl(join(dir, 'test.jsonl'), records.slice(0, 5))
    const meta = await importDataset({ source, targetDir: join(dir, 'out', 't'), name: 't', split: 'test' })
    expect(meta.splits).toEqual({ train: 0, validation: 0, test: 5 })
    expect(meta.splitPlan).toEqual({ all: 'test' })
    expect(new Set(readRows(join(dir, 'out', 't')).map((r) => r.split))).toEqual(new Set(['test']))
  })
})

describe('importDataset: the target folder', () => {
  it('appears whole, with only rows.jsonl and meta.json, and no staging folder is left', async () => {
    const source = writeJsonl(join(dir, 'm.jsonl'), [{ problem: 'p', answer: '1' }])
    const meta = await importDataset({ source, targetDir: join(dir, 'datasets', 'ds_1'), name: 'M' })
    expect(meta.id).toBe('ds_1')
    expect(listDir(join(dir, 'datasets'))).toEqual(['ds_1'])
    expect(listDir(join(dir, 'datasets', 'ds_1'))).toEqual([META_FILE, ROWS_FILE])
  })

  it('stops on abort and leaves nothing behind', async () => {
    const source = writeJsonl(join(dir, 'm.jsonl'), [{ problem: 'p', answer: '1' }])
    const controller = new AbortController()
    controller.abort()
    mkdirSync(join(dir, 'datasets'))
    await expect(importDataset({ source, targetDir: join(dir, 'datasets', 'x'), name: 'M', signal: controller.signal })).rejects.toThrow(/abort/i)
    expect(listDir(join(dir, 'datasets'))).toEqual([])
  })
})
