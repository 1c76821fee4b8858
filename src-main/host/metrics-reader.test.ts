import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { MetricsRow } from '../../src-preload/contract/schemas'
import { MetricsReader, lastLoggedStep, plainMetricsRow } from './metrics-reader'

const dir = mkdtempSync(join(tmpdir(), 'prime-metrics-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const row = (step: number) => `${JSON.stringify({ step, time: step, values: { loss: 1 / step } })}\n`

describe('MetricsReader', () => {
  it('reads only appended lines, waits for an unfinished last line, and restarts when the file shrinks', () => {
    const path = join(dir, 'metrics.ndjson')
    const reader = new MetricsReader()
    expect(reader.read(path)).toEqual([])
    writeFileSync(path, row(1) + row(2))
    expect(reader.read(path).map((r) => r.step)).toEqual([1, 2])
    appendFileSync(path, row(3) + '{"step":4,"ti')
    expect(reader.read(path).map((r) => r.step)).toEqual([1, 2, 3])
    appendFileSync(path, 'me":4,"values":{}}\n')
    expect(reader.read(path).map((r) => r.step)).toEqual([1, 2, 3, 4])
    writeFileSync(path, row(1))
    expect(reader.read(path).map((r) => r.step)).toEqual([1])
    // Rewritten in place and grown past the old end before the next read (a resume that went on training).
    appendFileSync(path, row(2))
    reader.read(path)
    writeFileSync(path, row(1) + row(7) + row(8) + row(9))
    expect(reader.read(path).map((r) => r.step)).toEqual([1, 7, 8, 9])
  })

  it('skips a malformed row and names its file and line, keeping the rows around it', () => {
    const path = join(dir, 'bad.ndjson')
    writeFileSync(path, row(1) + '{"step":"two","time":0,"values":{}}\n' + '{"step": 3, "ti\n' + row(4))
    const reader = new MetricsReader()
    expect(reader.read(path).map((r) => r.step)).toEqual([1, 4])
    expect(reader.skipped(path)).toEqual([
      expect.stringContaining(`${path}:2: invalid row.step`),
      expect.stringMatching(new RegExp(`^${path}:3: not valid JSON .*; line skipped$`)),
    ])
    appendFileSync(path, row(5))
    expect(reader.read(path).map((r) => r.step)).toEqual([1, 4, 5])
    expect(reader.skipped(path)).toHaveLength(2)
  })
})

describe('lastLoggedStep', () => {
  it('gives the step of the last complete valid line, as reading the whole file does', () => {
    const cases: Record<string, string> = {
      plain: row(1) + row(2) + row(3),
      'last line still being written': row(1) + row(2) + '{"step":3,"ti',
      'last lines not valid rows': row(1) + row(2) + '{"step": 3, "ti\n' + '{"step":"four","time":0,"values":{}}\n',
      'blank lines at the end': row(1) + row(5) + '\n\n',
      'a resumed run': row(1) + row(2) + row(3) + row(2),
      empty: '',
      'no valid row': '{"step": 3, "ti\n',
      'longer than what it reads': Array.from({ length: 3000 }, (_, i) => row(i + 1)).join(''),
    }
    for (const [name, text] of Object.entries(cases)) {
      const path = join(dir, `last-${name.replaceAll(' ', '-')}.ndjson`)
      writeFileSync(path, text)
      expect(lastLoggedStep(path), name).toBe(new MetricsReader().read(path).at(-1)?.step ?? null)
    }
    expect(lastLoggedStep(join(dir, 'missing.ndjson'))).toBeNull()
  })

  it('cannot tell when the kilobytes it reads hold no valid row', () => {
    const path = join(dir, 'last-garbage.ndjson')
    writeFileSync(path, `${row(1)}${'x'.repeat(70_000)}\n`)
    expect(lastLoggedStep(path)).toBeUndefined()
  })
})

describe('plainMetricsRow', () => {
  it('accepts exactly the rows the MetricsRow schema accepts, as the schema reads them', () => {
    const candidates: unknown[] = [
      { step: 3, time: 1.5, values: { a: 1, b: -0.25 } },
      { step: 0, time: 0, values: {} },
      { step: 3, time: 1.5, values: { a: 1 }, extra: 'dropped' },
      { step: 1.5, time: 1, values: {} },
      { step: -1, time: 1, values: {} },
      { step: '3', time: 1, values: {} },
      { step: 3, values: {} },
      { step: 3, time: '1', values: {} },
      { step: 3, time: 1, values: { a: '1' } },
      { step: 3, time: 1, values: { a: null } },
      { step: 3, time: 1, values: [1, 2] },
      { step: 3, time: 1, values: null },
      { step: 3, time: 1 },
      null,
      [1, 2, 3],
      'row',
    ]
    for (const candidate of candidates) {
      const parsed = MetricsRow.safeParse(candidate)
      expect(plainMetricsRow(candidate), JSON.stringify(candidate)).toEqual(parsed.success ? parsed.data : null)
    }
  })
})

describe('MetricsReader iterations', () => {
  it('keeps the iteration columns of a growing file, and makes them afresh when a step repeats', () => {
    const path = join(dir, 'iterations.ndjson')
    const sft = `${JSON.stringify({ step: 0, time: 0, values: { 'sft/loss': 2 } })}\n`
    writeFileSync(path, sft + row(1) + row(2))
    const reader = new MetricsReader()
    const first = reader.iterations(path)
    expect([...first.steps]).toEqual([1, 2])
    appendFileSync(path, row(3))
    expect(reader.iterations(path)).toBe(first)
    expect([...first.steps]).toEqual([1, 2, 3])
    // A resumed run whose file kept the old lines: step 2 again, its later line wins.
    appendFileSync(path, `${JSON.stringify({ step: 2, time: 99, values: { loss: 7 } })}\n`)
    const rebuilt = reader.iterations(path)
    expect(rebuilt).not.toBe(first)
    expect([...rebuilt.steps]).toEqual([1, 2, 3])
    expect(rebuilt.column('loss')?.[1]).toBe(7)
    expect(rebuilt.column('sft/loss')).toBeUndefined()
  })
})
