// The dataset additions through the host's one dispatch gate (requests and answers validated against the contract):
// generating a built-in task, re-grading references with the real verifier pool, and uploading a file in chunks.
// Real files, the real importer, a real workspace folder.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { DatasetSummary, ImportPreview, RegradeResult, SyntheticTaskInfo } from '../../src-preload/contract/schemas'
import { UPLOAD_CHUNK_BYTES } from '../../src-preload/contract/schemas'
import { referenceAsResponse, solutionAsResponse } from './dataset-regrade'
import { safeUploadName } from './dataset-uploads'
import { lineOffsets } from './row-offsets'
import type { Host } from './host'
import { call, useTestHosts } from './test-hosts'

const makeHost = useTestHosts('prime-datasets')
const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

async function failure(host: Host, method: string, request: unknown): Promise<{ message: string; field: string | null }> {
  const reply = await host.dispatch(method, request)
  if (reply.ok) throw new Error(`${method} succeeded: ${JSON.stringify(reply.result).slice(0, 200)}`)
  return reply.error
}

type Row = { id: string; prompt: string; reference: string; verifier: string; split: string; extra?: Record<string, unknown> }
const allRows = (host: Host, id: string) => call<{ total: number; rows: Row[] }>(host, 'datasets.rows', { id, offset: 0, limit: 1000 })
const datasetFolderEntries = (workspaceDir: string) => readdirSync(join(workspaceDir, 'datasets')).sort()

describe('datasets.generate', () => {
  it('lists the built-in tasks with their levels and an example per level', async () => {
    const { host } = makeHost()
    const tasks = await call<SyntheticTaskInfo[]>(host, 'datasets.syntheticTasks', {})
    expect(tasks.map((t) => t.name)).toEqual(['arith-chain', 'linear-equation', 'fractions'])
    const arith = tasks[0]!
    expect(arith.levels).toEqual([1, 2, 3])
    expect(arith.examples.map((e) => e.level)).toEqual([1, 2, 3])
    expect(arith.examples[0]!.demonstration.endsWith(`\\boxed{${arith.examples[0]!.answer}}`)).toBe(true)
  })

  it('imports generated problems like a file: task verifier, worked solution, seeded splits, same seed same rows', async () => {
    const { host, workspaceDir } = makeHost()
    const request = { name: 'arith L3', task: 'arith-chain', level: 3, count: 300, seed: 7, splits: { validation: 0.1, test: 0.1, seed: 3 } }
    const ds = await call<DatasetSummary>(host, 'datasets.generate', request)
    expect(ds).toMatchObject({
      name: 'arith L3',
      rows: 300,
      format: 'mapped-jsonl',
      source: 'generated: arith-chain level 3, 300 problems, seed 7',
      splits: { train: 240, validation: 30, test: 30 },
      duplicatesRemoved: 0,
    })
    expect(ds.statistics.verifiers).toEqual({ 'arith-chain': 300 })
    expect(ds.statistics.dataSources).toEqual({ 'arith-chain': 300 })
    expect(ds.statistics.answerKinds.integer).toBe(300)
    const { rows } = await allRows(host, ds.id)
    const first = rows[0]!
    expect(first).toMatchObject({ id: 'arith-chain-L3-7-0', verifier: 'arith-chain', extra: { level: 3 } })
    expect(String(first.extra?.solution).endsWith(`\\boxed{${first.reference}}`)).toBe(true)

    const again = await call<DatasetSummary>(host, 'datasets.generate', { ...request, name: 'again' })
    expect((await allRows(host, again.id)).rows).toEqual(rows)
    // Only the two dataset folders: the temporary JSONL files are gone.
    expect(datasetFolderEntries(workspaceDir)).toEqual([ds.id, again.id].sort())
  })

  it('de-duplicates repeated prompts of a small level and reports how many', async () => {
    const { host } = makeHost()
    const ds = await call<DatasetSummary>(host, 'datasets.generate', { name: 'lin L1', task: 'linear-equation', level: 1, count: 2000, seed: 1 })
    expect(ds.rows).toBeLessThan(2000)
    expect(ds.rows + ds.duplicatesRemoved).toBe(2000)
    const { rows } = await call<{ rows: Row[] }>(host, 'datasets.rows', { id: ds.id, offset: 0, limit: 1000 })
    expect(new Set(rows.map((r) => r.prompt)).size).toBe(rows.length)
  })

  it('names the bad field of a request: unknown task, level not offered, count over the cap', async () => {
    const { host, workspaceDir } = makeHost()
    const base = { name: 'x', task: 'fractions', level: 1, count: 10, seed: 0 }
    expect(await failure(host, 'datasets.generate', { ...base, task: 'sudoku' })).toEqual({
      message: 'unknown task "sudoku" (built-in tasks: arith-chain, linear-equation, fractions)',
      field: 'request.task',
    })
    expect(await failure(host, 'datasets.generate', { ...base, level: 9 })).toEqual({ message: 'fractions has no level 9 (levels: 1, 2, 3)', field: 'request.level' })
    expect((await failure(host, 'datasets.generate', { ...base, count: 10_000_000 })).field).toBe('request.count')
    expect(datasetFolderEntries(workspaceDir)).toEqual([])
  })
})

describe('datasets.rows', () => {
  it('pages deep into a dataset through the line index exactly as a full read does', async () => {
    const { host, workspaceDir } = makeHost()
    const ds = await call<DatasetSummary>(host, 'datasets.generate', { name: 'long', task: 'arith-chain', level: 3, count: 2600, seed: 2 })
    expect(ds.rows).toBe(2600)
    const all = readFileSync(join(workspaceDir, 'datasets', ds.id, 'rows.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Row)
    for (const [offset, limit] of [[0, 5], [995, 10], [1000, 3], [1999, 2], [2000, 1000], [2599, 50], [2600, 10]] as const) {
      const page = await call<{ total: number; rows: Row[] }>(host, 'datasets.rows', { id: ds.id, offset, limit })
      expect(page.total).toBe(2600)
      expect(page.rows).toEqual(all.slice(offset, offset + limit))
    }
  })

  it('indexes the start of every stride-th line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prime-offsets-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const file = join(dir, 'rows.jsonl')
    const lines = Array.from({ length: 7 }, (_, i) => JSON.stringify({ id: `r${i}`, text: 'é'.repeat(i) }))
    writeFileSync(file, `${lines.join('\n')}\n`)
    const offsets = await lineOffsets(file, 3)
    expect(offsets).toEqual([0, 3, 6].map((line) => Buffer.byteLength(lines.slice(0, line).map((l) => `${l}\n`).join(''))))
    writeFileSync(file, `${lines.slice(0, 6).join('\n')}\n`)
    // Six lines with a final newline: no entry for the empty "line 6" after it.
    expect(await lineOffsets(file, 3)).toEqual(offsets.slice(0, 2))
  })
})

describe('datasets.regrade', () => {
  it('agrees with every reference and demonstration of a generated task, streaming progress', async () => {
    const { host, events } = makeHost()
    const ds = await call<DatasetSummary>(host, 'datasets.generate', { name: 'fr', task: 'fractions', level: 2, count: 120, seed: 5 })
    const result = await call<RegradeResult>(host, 'datasets.regrade', { id: ds.id })
    expect(result).toMatchObject({ checked: ds.rows, agreed: ds.rows, solutionsChecked: ds.rows, skipped: [], disagreements: [] })
    const progress = events.filter((e) => e.type === 'dataset.regrade.progress')
    expect(progress.at(-1)).toEqual({ type: 'dataset.regrade.progress', id: ds.id, checked: ds.rows, total: ds.rows })
    expect((await call<RegradeResult>(host, 'datasets.regrade', { id: ds.id, limit: 10 })).checked).toBe(10)
  })

  it('reports a solution that misses its reference, a reference the verifier cannot read back, and skips code rows', async () => {
    const { host, workspaceDir } = makeHost()
    const math = join(workspaceDir, 'labels.jsonl')
    writeFileSync(
      math,
      [
        { problem: 'What is 2+3?', answer: '5', solution: '2+3 is $\\boxed{5}$.' },
        { problem: 'What is 2*3?', answer: '6', solution: 'Twice three is $\\boxed{5}$.' },
        { problem: 'Odd braces', answer: 'a}b{', solution: 'none' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    )
    const ds = await call<DatasetSummary>(host, 'datasets.import', { name: 'labels', path: math })
    const result = await call<RegradeResult>(host, 'datasets.regrade', { id: ds.id })
    expect(result).toMatchObject({ checked: 3, agreed: 1, solutionsChecked: 3, skipped: [] })
    expect(result.disagreements.map((d) => [d.rowId, d.graded])).toEqual([
      ['line-2', 'solution'],
      ['line-3', 'reference'],
      ['line-3', 'solution'],
    ])
    expect(result.disagreements[0]).toMatchObject({ reference: '6', verifier: 'math', score: 0, extracted: '5' })

    const verl = join(workspaceDir, 'code.jsonl')
    const codeRow = (i: number, ability: string) =>
      JSON.stringify({ data_source: 'unit', prompt: [{ role: 'user', content: `task ${i}` }], ability, reward_model: { style: 'rule', ground_truth: `${i}` } })
    writeFileSync(verl, [codeRow(1, 'code'), codeRow(2, 'math'), codeRow(3, 'code')].join('\n'))
    const mixed = await call<DatasetSummary>(host, 'datasets.import', { name: 'mixed', path: verl })
    expect(await call<RegradeResult>(host, 'datasets.regrade', { id: mixed.id })).toMatchObject({
      checked: 1,
      agreed: 1,
      skipped: [{ verifier: 'code', rows: 2, reason: 'the reference is a test suite, not an answer to grade' }],
    })
    expect(await failure(host, 'datasets.regrade', { id: 'ds-missing' })).toEqual({ message: 'no dataset with id ds-missing', field: 'id' })
  })

  it('writes references and solutions as the verifiers read them', () => {
    expect(referenceAsResponse('exact', 'Paris')).toBe('Paris')
    expect(referenceAsResponse('math', '\\frac{1}{2}')).toBe('\\boxed{\\frac{1}{2}}')
    expect(solutionAsResponse('48/2 = 24\n48+24 = 72\n#### 72')).toBe('48/2 = 24\n48+24 = 72\n\\boxed{72}')
    expect(solutionAsResponse('so $x=\\boxed{4}$ #### not a marker here')).toBe('so $x=\\boxed{4}$ #### not a marker here')
  })
})

describe('datasets.upload', () => {
  /** Upload `content` in chunks of `chunk` bytes (boundaries may split a UTF-8 character), as the page does. */
  async function upload(host: Host, fileName: string, content: Buffer, chunk: number): Promise<string> {
    const { uploadId, chunkBytes } = await call<{ uploadId: string; chunkBytes: number }>(host, 'datasets.upload.begin', { fileName, totalBytes: content.length })
    expect(chunkBytes).toBe(UPLOAD_CHUNK_BYTES)
    for (let offset = 0; offset < content.length; offset += chunk) {
      const part = content.subarray(offset, offset + chunk)
      const { receivedBytes } = await call<{ receivedBytes: number }>(host, 'datasets.upload.append', { uploadId, offset, contentBase64: part.toString('base64') })
      expect(receivedBytes).toBe(offset + part.length)
    }
    return uploadId
  }

  const gsm8k = Buffer.from(
    Array.from({ length: 40 }, (_, i) => JSON.stringify({ question: `Über ${i} + ${i}?`, answer: `${i} + ${i} = ${2 * i}\n#### ${2 * i}` })).join('\n'),
  )

  it('previews an upload before importing it, then imports it with the chosen mapping, verifier and skipped rows', async () => {
    const { host } = makeHost()
    const content = Buffer.from([{ q: 'Is 7 prime?', a: 'Yes' }, { q: 'Is 8 prime?', a: 'Never' }, { q: 'no answer' }].map((r) => JSON.stringify(r)).join('\n'))
    const uploadId = await upload(host, 'yesno.jsonl', content, 1000)
    const preview = await call<ImportPreview>(host, 'datasets.preview', { uploadId })
    expect(preview).toMatchObject({ format: 'mapped-jsonl', fields: ['q', 'a'], mapping: null, needsMapping: expect.stringContaining('give a field mapping: name the prompt field') })
    const mapped = await call<ImportPreview>(host, 'datasets.preview', { uploadId, mapping: { prompt: 'q', answer: 'a' } })
    expect(mapped).toMatchObject({ needsMapping: null, verifier: 'exact', problems: [{ line: 3, field: 'a', reason: 'missing' }] })
    const ds = await call<DatasetSummary>(host, 'datasets.upload.finish', { uploadId, name: 'yes/no', mapping: { prompt: 'q', answer: 'a' }, skipBadRows: true })
    expect(ds).toMatchObject({ rows: 2, verifier: 'exact', skippedRows: 1, skipped: [{ line: 3, field: 'a', reason: 'missing' }] })
    const regrade = await call<RegradeResult>(host, 'datasets.regrade', { id: ds.id })
    expect(regrade).toMatchObject({ checked: 2, agreed: 2, comparisons: [{ verifier: 'exact', rows: 2, informative: false }] })
    expect(regrade.comparisons[0]!.compares).toContain('always agrees: nothing is checked')
  })

  it('imports a file sent in chunks under its own name, with progress tagged by upload, and deletes the copy', async () => {
    const { host, events, workspaceDir } = makeHost()
    const uploadId = await upload(host, 'C:\\Users\\me\\gsm8k small.jsonl', gsm8k, 777)
    expect(readdirSync(join(workspaceDir, 'datasets', '.uploads', uploadId))).toEqual(['gsm8k small.jsonl'])
    const ds = await call<DatasetSummary>(host, 'datasets.upload.finish', { uploadId, name: 'uploaded', splits: { validation: 0.25, test: 0, seed: 1 } })
    expect(ds).toMatchObject({ name: 'uploaded', rows: 40, format: 'gsm8k', source: 'upload: gsm8k small.jsonl', splits: { train: 30, validation: 10, test: 0 } })
    const { rows } = await allRows(host, ds.id)
    expect(rows[3]).toMatchObject({ prompt: 'Über 3 + 3?', reference: '6', dataSource: 'gsm8k small' })
    expect(events.some((e) => e.type === 'dataset.progress' && e.uploadId === uploadId && e.bytesRead === gsm8k.length)).toBe(true)
    expect(datasetFolderEntries(workspaceDir)).toEqual([ds.id])
    expect((await failure(host, 'datasets.upload.append', { uploadId, offset: 0, contentBase64: 'AAAA' })).field).toBe('request.uploadId')
  })

  it('names the file, line and field of a bad uploaded row, and leaves nothing behind', async () => {
    const { host, workspaceDir } = makeHost()
    const bad = Buffer.from(`${JSON.stringify({ question: 'q1', answer: 'x #### 1' })}\n${JSON.stringify({ question: 'q2', answer: 'no marker' })}\n`)
    const uploadId = await upload(host, 'train.jsonl', bad, 1 << 20)
    expect(await failure(host, 'datasets.upload.finish', { uploadId, name: 'bad' })).toEqual({
      message: 'train.jsonl: line 2: field answer: no "####" before the final answer (GSM8K answers end with "#### <number>")',
      field: 'answer',
    })
    expect(datasetFolderEntries(workspaceDir)).toEqual([])
  })

  it('refuses chunks out of order, past the announced size, not base64, and a finish before the last chunk', async () => {
    const { host, workspaceDir } = makeHost()
    const { uploadId } = await call<{ uploadId: string }>(host, 'datasets.upload.begin', { fileName: 'a.jsonl', totalBytes: 6 })
    const chunk = (offset: number, text: string) => ({ uploadId, offset, contentBase64: Buffer.from(text).toString('base64') })
    expect(await failure(host, 'datasets.upload.append', chunk(3, 'abc'))).toEqual({
      message: `upload ${uploadId}: chunk at byte 3, expected byte 0 (chunks go in order, once each)`,
      field: 'request.offset',
    })
    await call(host, 'datasets.upload.append', chunk(0, 'abc'))
    expect((await failure(host, 'datasets.upload.append', chunk(3, 'defg'))).field).toBe('request.contentBase64')
    expect((await failure(host, 'datasets.upload.append', { uploadId, offset: 3, contentBase64: 'ab$d' })).field).toBe('request.contentBase64')
    expect(await failure(host, 'datasets.upload.finish', { uploadId, name: 'early' })).toEqual({
      message: `upload ${uploadId}: received 3 of 6 bytes; send the rest first`,
      field: 'request.uploadId',
    })
    expect((await failure(host, 'datasets.upload.begin', { fileName: 'huge.jsonl', totalBytes: 3 * 1024 ** 3 })).field).toBe('request.totalBytes')
    await call(host, 'datasets.upload.cancel', { uploadId })
    expect(datasetFolderEntries(workspaceDir)).toEqual([])
  })

  it('keeps only a safe base name of the file', () => {
    expect(safeUploadName('../../etc/passwd')).toBe('passwd')
    expect(safeUploadName('C:\\data\\train set.csv')).toBe('train set.csv')
    expect(safeUploadName('.hidden.jsonl')).toBe('hidden.jsonl')
    expect(safeUploadName('données:v2.jsonl')).toBe('donn_es_v2.jsonl')
    expect(() => safeUploadName('../..')).toThrow(/no usable characters/)
  })
})
