// `prime-workbench import` and `datasets ls|show` as a user runs them: a real process on a temporary workspace.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { PassThrough } from 'node:stream'
import { forkSourceTrainer } from '../host/source-trainer'
import { datasetsCommand, importCommand, parseMapping, parseSplit } from './commands/datasets'
import type { CliContext } from './commands/runs'

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

/** The commands in this process (as main.ts calls them), printing into a string. */
function inProcess(): { context: CliContext; printed: () => string } {
  const out = new PassThrough()
  let printed = ''
  out.on('data', (chunk: Buffer) => (printed += chunk.toString()))
  return { context: { workspaceDir: workspace, spawnTrainer: forkSourceTrainer, version: '0.0.0-test', out: out as unknown as NodeJS.WriteStream }, printed: () => printed }
}

describe('prime-workbench import and datasets', () => {
  it('asks for a mapping with the --map options to use, imports with it, then lists and shows the dataset', async () => {
    const file = join(workspace, 'qa.jsonl')
    writeFileSync(file, [{ question: 'What is 6 times 7?', answer: 42 }, { question: 'Half of 9?', answer: '4.5' }, { question: 'no answer' }].map((r) => JSON.stringify(r)).join('\n'))
    const refused = inProcess()
    await expect(importCommand(refused.context, { file, map: [], skipBadRows: false })).rejects.toThrow(/the fields \[question, answer\] match no known shape[\s\S]*re-run with: --map prompt=question --map answer=answer$/)

    // As a user runs it: the real process, through main.ts's option parsing.
    const imported = await cli('import', file, '--map', 'prompt=question', '--map', 'answer=answer', '--skip-bad-rows', '--name', 'QA', '--split', 'validation=0.5,seed=1')
    expect(imported.code, imported.stderr).toBe(0)
    expect(imported.stdout).toContain('verifier: math — 2 of 2 sampled answers look mathematical')
    expect(imported.stdout).toContain('problem at line 3: field answer: missing')
    const id = /imported 2 rows as (\S+)/.exec(imported.stdout)?.[1]
    expect(id).toBeTruthy()
    expect(imported.stdout).toContain('rows: 2 (train 1, validation 1, test 0)')
    expect(imported.stdout).toContain('  line 3: field answer: missing')

    const listed = inProcess()
    await datasetsCommand(listed.context, 'ls', undefined)
    expect(listed.printed()).toMatch(new RegExp(`${id}\\s+QA\\s+2\\s+mapped-jsonl\\s+math\\s+1`))
    const shown = inProcess()
    await datasetsCommand(shown.context, 'show', id)
    expect(shown.printed()).toContain('skipped bad rows: 1')
  }, 120_000)

  it('parses --map and --split, naming the option at fault', () => {
    expect(parseMapping(['prompt=q.text', 'tests=test_list'])).toEqual({ prompt: 'q.text', tests: 'test_list' })
    expect(() => parseMapping(['promt=q'])).toThrow('--map promt=q: unknown key "promt" (known: prompt, answer')
    expect(() => parseMapping(['prompt'])).toThrow('expected key=field')
    expect(parseSplit('validation=0.1,seed=3')).toEqual({ validation: 0.1, test: 0, seed: 3 })
    expect(() => parseSplit('valid=0.1')).toThrow('unknown part "valid"')
  })
})
