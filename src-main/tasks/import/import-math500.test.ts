// The real MATH-500 set (../shared/datasets/math500.jsonl, see its README) through the MATH importer.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sharedDataPresent, sharedPath } from '../../test-support/shared-data'
import { importDataset, ROWS_FILE } from './import-dataset'
import { lastBoxed } from './last-boxed'
import { makeTempDir } from './testing-fixtures'
import type { NormalisedRow } from './types'

const MATH500 = sharedPath('datasets/math500.jsonl')
const present = sharedDataPresent(['datasets/math500.jsonl'], 'MATH-500 import tests')

interface Math500Record {
  id: number
  problem: string
  solution: string
  answer: string
  level: string
  type: string
}

let dir: string
let cleanup: () => void
beforeEach(() => ({ dir, cleanup } = makeTempDir('math500')))
afterEach(() => cleanup())

describe.skipIf(!present)('MATH-500', () => {
  const records = (): Math500Record[] =>
    readFileSync(MATH500, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Math500Record)

  it('imports as MATH-style: 500 rows whose references are the answer field', async () => {
    const target = join(dir, 'math500')
    const started = performance.now()
    const meta = await importDataset({ source: MATH500, targetDir: target, name: 'MATH-500', splits: { validation: 0.1, test: 0.1, seed: 0 } })
    console.log(`MATH-500 import: ${(performance.now() - started).toFixed(0)} ms`)
    expect(meta).toMatchObject({ format: 'math', rows: 500, duplicatesRemoved: 0, splits: { train: 400, validation: 50, test: 50 } })
    const rows = readFileSync(join(target, ROWS_FILE), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as NormalisedRow)
    const source = records()
    expect(rows.length).toBe(500)
    for (const [i, row] of rows.entries()) {
      const record = source[i]!
      expect(row.id).toBe(String(record.id))
      expect(row.prompt).toBe(record.problem)
      expect(row.reference).toBe(record.answer)
      expect(row.extra).toEqual({ level: record.level, type: record.type, solution: record.solution })
    }
    // The answer kinds add up to the row count, and this set is mostly integers.
    const kinds = meta.statistics.answerKinds
    expect(Object.values(kinds).reduce((a, b) => a + b, 0)).toBe(500)
    expect(kinds.integer).toBeGreaterThan(250)
    expect(kinds.fraction + kinds.latex + kinds.interval + kinds.tuple).toBeGreaterThan(50)
    expect(meta.statistics.promptChars.counts.reduce((a, b) => a + b, 0)).toBe(500)
  })

  it('without the answer field, takes each reference from the last \\boxed{} of the solution', async () => {
    const source = join(dir, 'solutions-only.jsonl')
    const original = records()
    writeFileSync(source, original.map(({ answer: _answer, ...rest }) => `${JSON.stringify(rest)}\n`).join(''))
    const meta = await importDataset({ source, targetDir: join(dir, 'boxed'), name: 'boxed' })
    expect(meta.rows).toBe(500)
    const rows = readFileSync(join(dir, 'boxed', ROWS_FILE), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as NormalisedRow)
    rows.forEach((row, i) => {
      const boxed = lastBoxed(original[i]!.solution)
      expect(boxed.ok && boxed.answer).toBe(row.reference)
    })
    // The cleaned answers were written from these boxes: most match exactly (the rest differ in spacing or
    // wrappers such as \text{} and \dfrac), which the math verifier, not the importer, judges equal.
    const exact = rows.filter((row, i) => row.reference === original[i]!.answer).length
    console.log(`MATH-500: last \\boxed{} equals the answer field exactly in ${exact}/500 rows`)
    expect(exact).toBeGreaterThan(400)
  })
})
