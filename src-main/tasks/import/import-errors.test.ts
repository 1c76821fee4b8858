// Every kind of bad input ends in a DatasetImportError naming the file, the line (text) or row (Parquet) and the
// field, and leaves the datasets folder exactly as it was.
import { mkdirSync, openSync, readFileSync, closeSync, writeFileSync, writeSync, truncateSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet'
import { detectFormat } from './detect-format'
import { importDataset } from './import-dataset'
import { expectImportError, listDir, makeTempDir, verlRecord, writeFlatParquet, writeJsonl, writeVerlParquet, type VerlRecord } from './testing-fixtures'
import type { ImportOptions } from './types'

let dir: string
let datasets: string
let cleanup: () => void
beforeEach(() => {
  ;({ dir, cleanup } = makeTempDir('import-errors'))
  datasets = join(dir, 'datasets')
  mkdirSync(datasets)
})
afterEach(() => cleanup())

function run(source: string, extra: Partial<ImportOptions> = {}): Promise<unknown> {
  return importDataset({ source, targetDir: join(datasets, 'ds'), name: 'bad', ...extra })
}

const verlRows = (n: number): VerlRecord[] => Array.from({ length: n }, (_, i) => verlRecord(i, `Question ${i}?`, String(i)))

describe('JSONL', () => {
  it('malformed JSON names the line', async () => {
    const source = join(dir, 'data.jsonl')
    writeFileSync(source, '{"problem": "a", "answer": "1"}\n\n{"problem": "b", "answer": 2,}\n')
    await expectImportError(run(source), { file: source, line: 3, field: null, problem: 'not valid JSON' }, datasets)
  })

  it('a line that is not an object names the line', async () => {
    const source = join(dir, 'data.jsonl')
    writeFileSync(source, '{"problem": "a", "answer": "1"}\n["b", "2"]\n')
    await expectImportError(run(source), { file: source, line: 2, field: null, problem: 'expected a JSON object, got an array' }, datasets)
  })

  it('a missing field names line and field', async () => {
    const source = writeJsonl(join(dir, 'gsm.jsonl'), [{ question: 'q1', answer: '#### 1' }, { question: 'q2' }])
    await expectImportError(run(source, { format: 'gsm8k' }), { file: source, line: 2, field: 'answer', problem: 'missing' }, datasets)
  })

  it('a wrong type names line and the dotted field', async () => {
    const rows: unknown[] = verlRows(5)
    rows[3] = { ...verlRecord(3, 'q', 'a'), reward_model: { style: 'rule', ground_truth: null } }
    const source = writeJsonl(join(dir, 'train.jsonl'), rows)
    const error = await expectImportError(run(source), { file: source, line: 4, field: 'reward_model.ground_truth', problem: 'expected a string, got null' }, datasets)
    expect(error.message).toBe('train.jsonl: line 4: field reward_model.ground_truth: expected a string, got null')
  })

  it('a bad chat message names the message field', async () => {
    const rows: unknown[] = verlRows(2)
    rows[1] = { ...verlRecord(1, 'q', 'a'), prompt: [{ role: 'user', content: { text: 'q' } }] }
    const source = writeJsonl(join(dir, 'train.jsonl'), rows)
    await expectImportError(run(source), { file: source, line: 2, field: 'prompt.0.content', problem: 'expected a string, got an object' }, datasets)
  })

  it('a chat prompt without a user message is refused', async () => {
    const source = writeJsonl(join(dir, 'train.jsonl'), [{ ...verlRecord(0, 'q', 'a'), prompt: [{ role: 'system', content: 'hi' }] }])
    await expectImportError(run(source), { file: source, line: 1, field: 'prompt', problem: 'none of the 1 messages has role "user"' }, datasets)
  })

  it('non-UTF-8 bytes name the line', async () => {
    const source = join(dir, 'latin1.jsonl')
    const good = Buffer.from('{"problem": "a", "answer": "1"}\n')
    const bad = Buffer.concat([Buffer.from('{"problem": "caf'), Buffer.from([0xe9]), Buffer.from('", "answer": "2"}\n')])
    writeFileSync(source, Buffer.concat([good, good, bad]))
    await expectImportError(run(source, { format: 'math' }), { file: source, line: 3, field: null, problem: 'not valid UTF-8' }, datasets)
  })

  it('a GSM8K answer without #### and a MATH solution without \\boxed name their field', async () => {
    const gsm = writeJsonl(join(dir, 'gsm.jsonl'), [{ question: 'q', answer: 'The answer is 4.' }])
    await expectImportError(run(gsm, { format: 'gsm8k' }), { file: gsm, line: 1, field: 'answer', problem: 'no "####"' }, datasets)
    const math = writeJsonl(join(dir, 'math.jsonl'), [{ problem: 'p', solution: '$\\boxed{1}$' }, { problem: 'q', solution: 'so it is 2' }])
    await expectImportError(run(math), { file: math, line: 2, field: 'solution', problem: 'no \\boxed' }, datasets)
  })

  it('an empty reference and an empty prompt are refused', async () => {
    const source = writeJsonl(join(dir, 'math.jsonl'), [{ problem: 'p', answer: '  ' }])
    await expectImportError(run(source), { file: source, line: 1, field: 'answer', problem: 'non-empty string' }, datasets)
  })

  it('a repeated id (with a different prompt) names both places', async () => {
    const source = writeJsonl(join(dir, 'math.jsonl'), [
      { id: 7, problem: 'p', answer: '1' },
      { id: 8, problem: 'q', answer: '1' },
      { id: 7, problem: 'r', answer: '1' },
    ])
    await expectImportError(run(source), { file: source, line: 3, field: 'id', problem: 'this id repeats the one at line 1' }, datasets)
  })

  it('an empty file is refused', async () => {
    const source = join(dir, 'empty.jsonl')
    writeFileSync(source, '\n\n')
    await expectImportError(run(source, { format: 'math' }), { file: source, field: null, problem: 'no records (only blank lines)' }, datasets)
    await expectImportError(run(source), { file: source, field: null, problem: 'no records (only blank lines)' }, datasets)
    writeFileSync(source, '')
    await expectImportError(run(source), { file: source, field: null, problem: 'the file is empty (0 bytes): nothing to import' }, datasets)
  })

  it('a record in no known shape is refused by detection, naming its fields', async () => {
    const source = writeJsonl(join(dir, 'odd.jsonl'), [{ q: 'x', a: 'y' }])
    await expectImportError(detectFormat(source), { file: source, field: null, problem: 'the fields [q, a] match no known shape' })
    await expectImportError(run(source), { file: source, field: null, problem: 'give a field mapping: name the prompt field' }, datasets)
  })

  it('question + answer without "####" is not GSM8K: detection asks for a mapping and proposes one', async () => {
    const source = writeJsonl(join(dir, 'qa.jsonl'), [{ question: 'What is 6 times 7?', answer: 42 }, { question: 'Half of 9?', answer: '4.5' }])
    const error = await expectImportError(run(source), { file: source, field: null, problem: 'the fields [question, answer] match no known shape' }, datasets)
    expect(error.problem).toContain('(the answers carry no "####" marker, so this is not GSM8K)')
    expect(error.problem).toContain('give a field mapping, e.g. prompt=question answer=answer')
  })

  it('a mapped field that is missing names the source field', async () => {
    const source = writeJsonl(join(dir, 'odd.jsonl'), [{ q: { text: 'x' }, a: 'y' }, { q: {}, a: 'z' }])
    await expectImportError(run(source, { mapping: { prompt: 'q.text', answer: 'a' } }), { file: source, line: 2, field: 'q.text', problem: 'missing' }, datasets)
  })
})

describe('Parquet', () => {
  it('a null ground truth names the 0-based row and the field', async () => {
    const rows = verlRows(30)
    rows[17] = { ...rows[17]!, reward_model: { style: 'rule', ground_truth: null } }
    const source = writeVerlParquet(join(dir, 'train.parquet'), rows, { rowGroupSize: 8 })
    const error = await expectImportError(run(source), { file: source, row: 17, field: 'reward_model.ground_truth', problem: 'expected a string, got null' }, datasets)
    expect(error.message).toBe('train.parquet: row 17: field reward_model.ground_truth: expected a string, got null')
  })

  it('a missing struct and a missing column name the field', async () => {
    const rows = verlRows(3)
    rows[2] = { ...rows[2]!, reward_model: null }
    const source = writeVerlParquet(join(dir, 'train.parquet'), rows)
    await expectImportError(run(source), { file: source, row: 2, field: 'reward_model', problem: 'expected an object {style, ground_truth}, got null' }, datasets)
    const flat = writeFlatParquet(join(dir, 'gsm.parquet'), { question: ['q'], solution: ['#### 1'] })
    await expectImportError(run(flat, { format: 'gsm8k' }), { file: flat, row: 0, field: 'answer', problem: 'missing' }, datasets)
  })

  it('a string column with non-UTF-8 bytes names row and field', async () => {
    const rows = verlRows(6)
    rows[5] = { ...rows[5]!, prompt: [{ role: 'system', content: 'x' }, { role: 'user', content: Uint8Array.from([0x63, 0x61, 0x66, 0xe9]) }] }
    const source = writeVerlParquet(join(dir, 'train.parquet'), rows, { statistics: false })
    await expectImportError(run(source), { file: source, row: 5, field: 'prompt.1.content', problem: 'not valid UTF-8' }, datasets)
  })

  it('an empty file is refused', async () => {
    const source = join(dir, 'empty.parquet')
    writeFileSync(source, '')
    await expectImportError(run(source), { file: source, field: null, problem: 'the file is empty (0 bytes)' }, datasets)
  })

  it('a truncated file is refused, as truncated', async () => {
    const full = readFileSync(writeVerlParquet(join(dir, 'full.parquet'), verlRows(50)))
    const source = join(dir, 'cut.parquet')
    writeFileSync(source, full.subarray(0, Math.floor(full.length / 2)))
    await expectImportError(run(source), { file: source, field: null, problem: 'truncated' }, datasets)
  })

  it('a corrupt row group names its first row', async () => {
    const source = writeVerlParquet(join(dir, 'train.parquet'), verlRows(30), { rowGroupSize: 10 })
    const metadata = await parquetMetadataAsync(await asyncBufferFromFile(source))
    const offset = Number(metadata.row_groups[1]!.columns[0]!.meta_data!.data_page_offset)
    const fd = openSync(source, 'r+')
    writeSync(fd, Buffer.alloc(16, 0xff), 0, 16, offset)
    closeSync(fd)
    await expectImportError(run(source), { file: source, row: 10, field: null, problem: 'row group 1 (rows 10–19) could not be decoded' }, datasets)
  })
})

describe('CSV', () => {
  it('a record with the wrong number of fields names its line', async () => {
    const source = join(dir, 'qa.csv')
    writeFileSync(source, 'question,answer\n"a",#### 1\nb,#### 2,extra\n')
    await expectImportError(run(source), { file: source, line: 3, field: null, problem: 'expected 2 fields as in the header, got 3' }, datasets)
  })

  it('an unclosed quote names the line it opened on and the column', async () => {
    const source = join(dir, 'qa.csv')
    writeFileSync(source, 'question,answer\nq1,#### 1\nq2,"#### 2\nq3,#### 3\n')
    await expectImportError(run(source), { file: source, line: 3, field: 'answer', problem: 'never closed' }, datasets)
  })

  it('non-UTF-8 bytes name the line', async () => {
    const source = join(dir, 'qa.csv')
    writeFileSync(source, Buffer.concat([Buffer.from('question,answer\nq1,#### 1\nq'), Buffer.from([0xff, 0xfe]), Buffer.from(',#### 2\n')]))
    await expectImportError(run(source), { file: source, line: 3, field: null, problem: 'byte 0xff at byte 2' }, datasets)
  })

  it('a CSV without known columns and without a mapping is refused', async () => {
    const source = join(dir, 'qa.csv')
    writeFileSync(source, 'q,a\nx,y\n')
    await expectImportError(run(source), { file: source, field: null, problem: 'the fields [q, a] match no known shape' }, datasets)
  })
})

describe('files of 2 GiB', () => {
  const TWO_GIB = 2 * 1024 ** 3

  it('a sparse 2 GiB "JSONL" streams with bounded memory and fails at the first line without a newline', async () => {
    const source = join(dir, 'huge.jsonl')
    const head = Array.from({ length: 20_000 }, (_, i) => `{"problem": "p${i}", "answer": "${i}"}\n`).join('')
    writeFileSync(source, head)
    truncateSync(source, TWO_GIB) // the rest is a hole that reads as zero bytes, allocated instantly
    const before = process.memoryUsage().rss
    let peakRss = before
    let lastRead = 0
    let total = 0
    const onProgress = (read: number, size: number): void => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss)
      lastRead = read
      total = size
    }
    await expectImportError(run(source, { onProgress }), { file: source, line: 20_001, field: null, problem: 'line is longer than 64 MiB' }, datasets)
    expect(total).toBe(TWO_GIB)
    expect(lastRead).toBeLessThan(100 * 1024 ** 2) // it stopped after ~64 MiB of the 2 GiB
    expect(peakRss - before).toBeLessThan(400 * 1024 ** 2)
  })

  it('a sparse 2 GiB ".parquet" is refused from its footer without reading the file', async () => {
    const source = join(dir, 'huge.parquet')
    writeFileSync(source, '')
    truncateSync(source, TWO_GIB)
    const started = performance.now()
    await expectImportError(run(source), { file: source, field: null, problem: 'not a Parquet file' }, datasets)
    expect(performance.now() - started).toBeLessThan(2000)
  })

  it('a real Parquet head padded to 2 GiB reads as truncated', async () => {
    const source = writeVerlParquet(join(dir, 'padded.parquet'), verlRows(10))
    truncateSync(source, TWO_GIB)
    await expectImportError(run(source), { file: source, field: null, problem: 'truncated' }, datasets)
  })
})

describe('options and paths', () => {
  it('an existing target folder is never touched', async () => {
    const source = writeJsonl(join(dir, 'm.jsonl'), [{ problem: 'p', answer: '1' }])
    mkdirSync(join(datasets, 'ds'))
    writeFileSync(join(datasets, 'ds', 'keep.txt'), 'mine')
    await expectImportError(run(source), { file: source, field: 'targetDir', problem: 'already exists' })
    expect(listDir(datasets)).toEqual(['ds'])
    expect(readFileSync(join(datasets, 'ds', 'keep.txt'), 'utf8')).toBe('mine')
  })

  it('a missing source file, bad splits and a bad mapping name the option', async () => {
    const missing = join(dir, 'nope.jsonl')
    await expectImportError(run(missing), { file: missing, field: null, problem: 'no such file' }, datasets)
    const source = writeJsonl(join(dir, 'm.jsonl'), [{ problem: 'p', answer: '1' }])
    await expectImportError(run(source, { splits: { validation: 0.7, test: 0.5, seed: 1 } }), { file: source, field: 'splits', problem: 'more than the whole' }, datasets)
    await expectImportError(run(source, { splits: { validation: 0.1, test: 0.1, seed: 1.5 } }), { file: source, field: 'splits.seed', problem: 'integer' }, datasets)
    await expectImportError(run(source, { mapping: { prompt: 'problem', answr: 'answer' } as never }), { file: source, field: 'mapping.answr', problem: 'unknown key' }, datasets)
    await expectImportError(run(source, { mapping: { prompt: 'problem' } }), { file: source, field: 'mapping.answer', problem: 'exactly one' }, datasets)
    await expectImportError(run(source, { format: 'verl-parquet', mapping: { prompt: 'problem', answer: 'answer' } }), { file: source, field: 'mapping', problem: 'applies to' }, datasets)
  })
})
