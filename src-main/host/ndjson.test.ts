import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { lastNdjsonRow, readNdjson } from './ndjson'

const dir = mkdtempSync(join(tmpdir(), 'prime-ndjson-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('lastNdjsonRow', () => {
  it('is the last row readNdjson reads, from the end of the file alone', () => {
    const path = join(dir, 'rows.ndjson')
    const long = 'x'.repeat(100_000)
    const rows = Array.from({ length: 50 }, (_, i) => ({ step: i, pad: i === 48 ? long : 'y'.repeat(3000) }))
    writeFileSync(path, rows.map((r) => `${JSON.stringify(r)}\n`).join(''))
    expect(lastNdjsonRow(path)).toEqual(readNdjson(path).at(-1))
    expect((lastNdjsonRow(path) as { step: number }).step).toBe(49)
  })

  it('skips a last line cut short by a crash, reaches past a row longer than its first window, and is undefined for no rows', () => {
    const path = join(dir, 'cut.ndjson')
    writeFileSync(path, `{"step":1}\n${JSON.stringify({ step: 2, pad: 'z'.repeat(300_000) })}\n{"step":3,"ti`)
    expect((lastNdjsonRow(path) as { step: number }).step).toBe(2)
    writeFileSync(path, '\n\n')
    expect(lastNdjsonRow(path)).toBeUndefined()
    expect(lastNdjsonRow(join(dir, 'missing.ndjson'))).toBeUndefined()
  })
})
