// The write helpers on real files, and the kill points in real processes that SIGKILL themselves mid-write: the
// target then holds its previous content, whole.
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { appendLine, parseTempName, writeFileAtomic, writeFileAtomicSync } from './atomic-file'

const run = promisify(execFile)
const MODULE = resolve(import.meta.dirname, 'atomic-file.ts')
const dir = mkdtempSync(join(tmpdir(), 'prime-atomic-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs `calls` (JavaScript using writeFileAtomicSync, writeFileAtomic, appendLine) in a process with the kill hook. */
async function inProcess(killAt: string, calls: string): Promise<string | null> {
  const script = `const { writeFileAtomic, writeFileAtomicSync, appendLine } = await import(${JSON.stringify(MODULE)})\n${calls}`
  try {
    await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { ...process.env, PRIME_WORKBENCH_KILL_AT: killAt } })
    return null
  } catch (error) {
    return (error as { signal: string | null }).signal
  }
}

describe('atomic writes', () => {
  it('replace a file whole, sync or async, streamed or not, leaving no temporary behind', async () => {
    const path = join(dir, 'a.json')
    writeFileAtomicSync(path, 'one')
    await writeFileAtomic(path, 'two')
    expect(readFileSync(path, 'utf8')).toBe('two')
    await writeFileAtomic(path, async (write) => {
      await write(Buffer.from('thr'))
      await write(Buffer.from('ee'))
    })
    expect(readFileSync(path, 'utf8')).toBe('three')
    expect(readdirSync(dir)).toEqual(['a.json'])
  })

  it('name the file in every error and remove their temporary file', async () => {
    const target = join(dir, 'a-folder')
    mkdirSync(join(target, 'inside'), { recursive: true })
    expect(() => writeFileAtomicSync(target, 'x')).toThrow(new RegExp(`(EISDIR|ENOTEMPTY|EEXIST).*'${target}'`))
    await expect(writeFileAtomic(target, 'x')).rejects.toThrow(`'${target}'`)
    expect(() => writeFileAtomicSync(join(dir, 'missing', 'b.json'), 'x')).toThrow(new RegExp(`^${join(dir, 'missing', 'b.json')}: ENOENT`))
    expect(readdirSync(dir).filter((name) => parseTempName(name))).toEqual([])
  })

  it('start an appended line on its own line when the last one was cut short', () => {
    const path = join(dir, 'log.ndjson')
    writeFileSync(path, '{"a":1}\n{"a":')
    appendLine(path, '{"a":3}')
    appendLine(path, '{"a":4}')
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n{"a":\n{"a":3}\n{"a":4}\n')
  })
})

describe('kill points', { timeout: 60_000 }, () => {
  it('kill mid-write and before the rename, at the n-th write, and the target keeps its previous content', async () => {
    const path = join(dir, 'latest.json')
    writeFileSync(path, 'previous')
    const writes = [1, 2, 3].map((n) => `writeFileAtomicSync(${JSON.stringify(path)}, 'write ${n} '.repeat(100))`).join('\n')
    expect(await inProcess('latest.json@partial:2', writes)).toBe('SIGKILL')
    expect(readFileSync(path, 'utf8')).toBe('write 1 '.repeat(100))
    const [partial] = readdirSync(dir).filter((name) => parseTempName(name)?.target === 'latest.json')
    expect(readFileSync(join(dir, partial!), 'utf8')).toBe('write 2 '.repeat(50))
    rmSync(join(dir, partial!))

    expect(await inProcess('latest.json@rename', `await writeFileAtomic(${JSON.stringify(path)}, 'complete')`)).toBe('SIGKILL')
    expect(readFileSync(path, 'utf8')).toBe('write 1 '.repeat(100))
    const [complete] = readdirSync(dir).filter((name) => parseTempName(name)?.target === 'latest.json')
    expect(readFileSync(join(dir, complete!), 'utf8')).toBe('complete')
    rmSync(join(dir, complete!))

    const log = join(dir, 'metrics.ndjson')
    expect(await inProcess('metrics.ndjson@partial:2', `appendLine(${JSON.stringify(log)}, '{"step":1}'); appendLine(${JSON.stringify(log)}, '{"step":2}')`)).toBe('SIGKILL')
    expect(readFileSync(log, 'utf8')).toBe('{"step":1}\n{"ste')
    expect(await inProcess('other.json@rename', `writeFileAtomicSync(${JSON.stringify(path)}, 'untouched by the hook')`)).toBeNull()
  })
})
