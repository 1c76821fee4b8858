import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DatasetImportError } from './errors'
import { readLines } from './line-reader'
import { makeTempDir } from './testing-fixtures'

let dir: string
let cleanup: () => void
beforeEach(() => ({ dir, cleanup } = makeTempDir('line-reader')))
afterEach(() => cleanup())

async function collect(path: string, onProgress?: (read: number, total: number) => void): Promise<{ text: string; line: number }[]> {
  const out = []
  for await (const line of readLines(path, { onProgress })) out.push(line)
  return out
}

describe('readLines', () => {
  it('numbers lines, drops CR of CRLF and a leading BOM, keeps a last line without a newline', async () => {
    const path = join(dir, 'a.txt')
    writeFileSync(path, '\ufefffirst\r\nsecond\n\nfourth')
    expect(await collect(path)).toEqual([
      { text: 'first', line: 1 },
      { text: 'second', line: 2 },
      { text: '', line: 3 },
      { text: 'fourth', line: 4 },
    ])
  })

  it('joins a line that spans read chunks (and a multi-byte character cut by a chunk edge)', async () => {
    const path = join(dir, 'long.txt')
    const long = 'é'.repeat(700_000) // 1.4 MB, more than one 1 MiB chunk, with 2-byte characters across the edge
    writeFileSync(path, `short\n${long}\nend\n`)
    const progress: number[] = []
    const lines = await collect(path, (read) => progress.push(read))
    expect(lines.map((l) => l.text.length)).toEqual([5, 700_000, 3])
    expect(lines[1]!.text).toBe(long)
    expect(progress.at(-1)).toBe(Buffer.byteLength(`short\n${long}\nend\n`))
  })

  it('reports invalid UTF-8 with its line and byte', async () => {
    const path = join(dir, 'latin1.txt')
    writeFileSync(path, Buffer.concat([Buffer.from('ok\nalso ok\ncaf'), Buffer.from([0xe9]), Buffer.from('!\n')]))
    const error = await collect(path).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DatasetImportError)
    expect((error as DatasetImportError).line).toBe(3)
    expect((error as DatasetImportError).message).toBe(
      'latin1.txt: line 3: not valid UTF-8 (byte 0xe9 at byte 4 of the line); re-save the file as UTF-8',
    )
  })
})
