// `prime-workbench import` and `datasets ls|show` as a user runs them: a real process on a temporary workspace.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { parseMapping, parseSplit } from './commands/datasets'

const exec = promisify(execFile)
const CLI = resolve(import.meta.dirname, 'main.ts')
const workspace = mkdtempSync(join(tmpdir(), 'prime-cli-datasets-'))
afterAll(() => rmSync(workspace, { recursive: true, force: true }))

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', CLI, ...args, '--workspace', workspace], { timeout: 60_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    return error as { code: number; stdout: string; stderr: string }
  }
}

describe('prime-workbench import and datasets', () => {
  it('asks for a mapping with the --map options to use, imports with it, then lists and shows the dataset', async () => {
    const file = join(workspace, 'qa.jsonl')
    writeFileSync(file, [{ question: 'What is 6 times 7?', answer: 42 }, { question: 'Half of 9?', answer: '4.5' }, { question: 'no answer' }].map((r) => JSON.stringify(r)).join('\n'))
    const refused = await cli('import', file)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('the fields [question, answer] match no known shape')
    expect(refused.stderr).toContain('re-run with: --map prompt=question --map answer=answer')

    const imported = await cli('import', file, '--map', 'prompt=question', '--map', 'answer=answer', '--skip-bad-rows', '--name', 'QA', '--split', 'validation=0.5,seed=1')
    expect(imported.code, imported.stderr).toBe(0)
    expect(imported.stdout).toContain('verifier: math — 2 of 2 sampled answers look mathematical')
    expect(imported.stdout).toContain('problem at line 3: field answer: missing')
    const id = /imported 2 rows as (\S+)/.exec(imported.stdout)?.[1]
    expect(id).toBeTruthy()
    expect(imported.stdout).toContain('rows: 2 (train 1, validation 1, test 0)')
    expect(imported.stdout).toContain('  line 3: field answer: missing')

    expect((await cli('datasets', 'ls')).stdout).toMatch(new RegExp(`${id}\\s+QA\\s+2\\s+mapped-jsonl\\s+math\\s+1`))
    expect((await cli('datasets', 'show', id!)).stdout).toContain('skipped bad rows: 1')
  }, 120_000)

  it('parses --map and --split, naming the option at fault', () => {
    expect(parseMapping(['prompt=q.text', 'tests=test_list'])).toEqual({ prompt: 'q.text', tests: 'test_list' })
    expect(() => parseMapping(['promt=q'])).toThrow('--map promt=q: unknown key "promt" (known: prompt, answer')
    expect(() => parseMapping(['prompt'])).toThrow('expected key=field')
    expect(parseSplit('validation=0.1,seed=3')).toEqual({ validation: 0.1, test: 0, seed: 3 })
    expect(() => parseSplit('valid=0.1')).toThrow('unknown part "valid"')
  })
})
