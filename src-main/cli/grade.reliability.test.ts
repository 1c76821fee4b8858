// Bad input to `grade` and to `run`'s config file (issue 10, "Bad input"), through the CLI as a user runs it: each
// case once crashed with a stack trace, failed a whole batch without naming the line, or read the file wrongly.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { PassThrough } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { gradeCommand, readGradeJobs } from './commands/grade'
import { loadRunConfig } from './commands/runs'

const exec = promisify(execFile)
const CLI = resolve(import.meta.dirname, 'main.ts')
const dir = mkdtempSync(join(tmpdir(), 'prime-grade-reliability-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Outcome {
  code: number
  stdout: string
  stderr: string
}

async function cli(...args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', CLI, ...args, '--workspace', join(dir, 'workspace')], { timeout: 60_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

const line = (value: unknown): string => `${JSON.stringify(value)}\n`
const scores = (stdout: string): number[] => stdout.trim().split('\n').map((l) => (JSON.parse(l) as { score: number }).score)

/** `grade` in this process: what it printed, or the error it failed with. */
async function grade(path: string): Promise<{ stdout: string; error: string | null }> {
  const out = new PassThrough()
  let stdout = ''
  out.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  try {
    await gradeCommand(path, out)
    return { stdout, error: null }
  } catch (error) {
    return { stdout, error: (error as Error).message }
  }
}

describe('grade: bad lines are named, good lines are graded', { timeout: 120_000 }, () => {
  it('rejects deeply nested options naming the line, without a stack trace', async () => {
    const nested = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`
    const path = file('nested.jsonl', `${line({ response: '\\boxed{1}', reference: '1', verifier: 'math' })}{"response":"x","reference":"x","verifier":"math","options":${nested}}\n`)
    const run = await cli('grade', path)
    expect(run).toMatchObject({ code: 2, stdout: '' })
    expect(run.stderr).toBe(`prime-workbench: ${path}:2: nested deeper than 100 levels (at character 556)\n`)
  })

  it('rejects a 100,000-deep value on a line naming the line', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
    const path = file('deep.jsonl', `${line({ response: 'x', reference: 'x', verifier: 'exact' })}{"response":"x","reference":"x","verifier":"exact","extra":${deep}}\n`)
    expect(() => readGradeJobs(path)).toThrow(`${path}:2: nested deeper than 100 levels (at character 159)`)
  })

  it('names the line whose options the verifier rejects, instead of failing the batch anonymously', async () => {
    const path = file('bad-option.jsonl', [
      line({ response: '\\boxed{1}', reference: '1', verifier: 'math' }),
      line({ response: '\\boxed{1}', reference: '1', verifier: 'math', options: { relTol: 'loose' } }),
    ].join(''))
    const run = await grade(path)
    expect(run.stdout).toBe('')
    expect(run.error).toContain(`${path}:2: verifier "math": math verifier: option "relTol" must be a finite number`)
  })

  it('grades unbalanced \\boxed{ lines one by one, as the authors grader does', async () => {
    const path = file('unbalanced.jsonl', [
      line({ response: '\\boxed{1}', reference: '1', verifier: 'math' }),
      line({ response: 'so \\boxed{5', reference: '5', verifier: 'math' }),
      line({ response: '\\boxed{', reference: '5', verifier: 'math' }),
      // Upstream's match_answer keeps an unclosed box as text; grade_answer then reads "\boxed{5" as 5.
      line({ response: '\\boxed{5', reference: '5', verifier: 'math' }),
      line({ response: '\\boxed{2}', reference: '2', verifier: 'math' }),
    ].join(''))
    const run = await grade(path)
    expect(run.error).toBeNull()
    expect(scores(run.stdout)).toEqual([1, 0, 0, 1, 1])
  })

  it('refuses a Latin-1 file naming the file and line instead of grading U+FFFD', () => {
    const path = file('latin1.jsonl', Buffer.concat([
      Buffer.from(line({ response: '\\boxed{1}', reference: '1', verifier: 'math' })),
      Buffer.from('{"response":"caf'),
      Buffer.from([0xe9]),
      Buffer.from('","reference":"caf\\u00e9","verifier":"exact"}\n'),
    ]))
    expect(() => readGradeJobs(path)).toThrow(`${path}:2: not valid UTF-8 (byte 0xe9 at byte 17 of the line); re-save the file as UTF-8`)
  })

  it('accepts a UTF-8 byte-order mark at the start, as the importer does', () => {
    const path = file('bom.jsonl', `\ufeff${line({ response: '\\boxed{1}', reference: '1', verifier: 'math' })}`)
    expect(readGradeJobs(path)).toEqual([{ response: '\\boxed{1}', reference: '1', verifier: 'math', line: 1 }])
  })

  it('does not grade \\frac{1}{0} equal to \\infty (sympy: 1/0 is zoo, equal to nothing)', async () => {
    const path = file('pole.jsonl', [
      line({ response: '\\boxed{\\frac{1}{0}}', reference: '\\infty', verifier: 'math' }),
      line({ response: '\\boxed{\\infty}', reference: '\\frac{1}{0}', verifier: 'math' }),
      line({ response: '\\boxed{\\infty}', reference: '\\infty', verifier: 'math' }),
    ].join(''))
    const run = await grade(path)
    expect(run.error).toBeNull()
    expect(scores(run.stdout)).toEqual([0, 0, 1])
  })
})

describe('run: the config file is read like every other text file', () => {
  it('accepts a config saved with a byte-order mark', () => {
    const path = file('bom-config.json', `\ufeff${JSON.stringify({ kind: 'engine-smoke', steps: 1, matrixSize: 2 })}`)
    expect(loadRunConfig({ file: path }, [])).toMatchObject({ kind: 'engine-smoke', steps: 1 })
  })

  it('refuses a Latin-1 config naming the file and line', () => {
    const path = file('latin1-config.json', Buffer.concat([Buffer.from('{"kind":"engine-smoke",\n"steps":1,"matrixSize":2,"note":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]))
    expect(() => loadRunConfig({ file: path }, [])).toThrow(`${path}:2: not valid UTF-8 (byte 0xe9 at byte 37 of the line); re-save the file as UTF-8`)
  })
})
