// `grade` and `score` write everything they were asked for, however slowly their output is read: the CLI (a real
// process) is read through a pipe that stops reading for a second after the first chunk, longer than the CLI
// needs to produce the rest, and the lines that arrive are counted against the lines sent. A reader that stops
// for good (`| head -c 100`) ends the CLI quietly with SIGPIPE's status, no stack trace.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initCheckpoint } from '../model/cli-commands'

const CLI = resolve(import.meta.dirname, 'main.ts')
const dir = mkdtempSync(join(tmpdir(), 'prime-pipe-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Piped {
  lines: number
  code: number | null
  stderr: string
}

/** Runs the CLI with its stdout on a pipe; `reader` decides how that pipe is read. */
function pipeCli(args: string[], reader: 'stalls' | 'closes'): Promise<Piped> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let lines = 0
  let stderr = ''
  let first = true
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  child.stdout.on('data', (chunk: Buffer) => {
    for (const byte of chunk) if (byte === 0x0a) lines += 1
    if (!first) return
    first = false
    if (reader === 'closes') child.stdout.destroy()
    else {
      child.stdout.pause()
      setTimeout(() => child.stdout.resume(), 1000)
    }
  })
  return new Promise((resolvePromise) => child.on('close', (code) => resolvePromise({ lines, code, stderr })))
}

const GRADE_LINES = 5000
const gradeFile = join(dir, 'grade.jsonl')
beforeAll(() => {
  const lines = Array.from({ length: GRADE_LINES }, (_, i) => JSON.stringify({ response: `answer ${i}`, reference: `answer ${i % 3 === 0 ? i : -i}`, verifier: 'exact' }))
  writeFileSync(gradeFile, `${lines.join('\n')}\n`)
})

describe('CLI output through a pipe', { timeout: 120_000 }, () => {
  it('grade delivers every line to a slow reader before exiting', async () => {
    const result = await pipeCli(['grade', gradeFile], 'stalls')
    expect(result).toMatchObject({ code: 0, stderr: '' })
    expect(result.lines).toBe(GRADE_LINES)
  })

  it('score delivers every line to a slow reader before exiting', async () => {
    const checkpoint = join(dir, 'xs')
    await initCheckpoint('XS', 1, checkpoint)
    const input = join(dir, 'score.jsonl')
    const count = 300
    const line = (i: number) => JSON.stringify({ id: i, prompt: [1, 5, 6, 7], response: Array.from({ length: 120 }, (_, k) => 2 + ((i + k) % 60)) })
    writeFileSync(input, `${Array.from({ length: count }, (_, i) => line(i)).join('\n')}\n`)
    const result = await pipeCli(['score', checkpoint, input], 'stalls')
    expect(result).toMatchObject({ code: 0, stderr: '' })
    expect(result.lines).toBe(count)
  })

  it('a reader that goes away ends grade quietly, with the status of SIGPIPE', async () => {
    const result = await pipeCli(['grade', gradeFile], 'closes')
    expect(result.stderr).toBe('')
    expect(result.code).toBe(141)
  })
})
