// The CLI as a user runs it: a real process (the TypeScript entry through tsx) on a temporary workspace.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { LAPTOP_PRESET } from '../../src-preload/contract/rl-config'
import { parseCommandLine, parseGrid, parseSeedList } from './args'
import { applyOverrides, loadRunConfig } from './commands/runs'

const run = promisify(execFile)
const CLI = resolve(import.meta.dirname, 'main.ts')
const workspace = mkdtempSync(join(tmpdir(), 'prime-cli-'))
afterAll(() => rmSync(workspace, { recursive: true, force: true }))

function cli(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', CLI, ...args, '--workspace', workspace], { timeout: 60_000 })
}

// Each test starts the CLI from source (tsx) and, for runs, a trainer process: allow for a loaded machine.
describe('prime-workbench CLI', { timeout: 120_000 }, () => {
  it('grades a JSONL file line by line, in order, with every verifier kind', async () => {
    const file = join(workspace, 'grade.jsonl')
    const lines = [
      { response: 'so \\boxed{\\frac{10}{12}}', reference: '\\frac{5}{6}', verifier: 'math' },
      { response: 'so \\boxed{0.5}', reference: '\\frac{1}{3}', verifier: 'math' },
      { response: ' 42', reference: '42 ', verifier: 'exact' },
      { response: '3+4=7\n\\boxed{7}', reference: '7', verifier: 'arith-chain' },
    ]
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'))
    const { stdout } = await cli('grade', file)
    const results = stdout.trim().split('\n').map((l) => JSON.parse(l) as { score: number; detail: string })
    expect(results.map((r) => r.score)).toEqual([1, 0, 1, 1])
    for (const r of results) expect(r.detail).toBeTruthy()
  })

  it('rejects a bad grade line naming the line and field, grading nothing', async () => {
    const file = join(workspace, 'bad.jsonl')
    writeFileSync(file, `${JSON.stringify({ response: 'x', reference: 'x', verifier: 'exact' })}\n${JSON.stringify({ response: 'x', reference: 'x', verifier: 'oracle' })}\n`)
    const failure = await cli('grade', file).catch((error: { code: number; stdout: string; stderr: string }) => error)
    expect(failure).toMatchObject({ code: 2, stdout: '' })
    expect((failure as { stderr: string }).stderr).toMatch(new RegExp(`${file}:2: invalid line\\.verifier: unknown verifier`))
  })

  it('runs a config to completion with plain progress lines, then lists and shows it', async () => {
    const config = join(workspace, 'smoke.json')
    writeFileSync(config, JSON.stringify({ kind: 'engine-smoke', steps: 6, matrixSize: 8 }))
    const { stdout } = await cli('run', config)
    expect(stdout).toMatch(/^run (run-\S+) in /)
    expect(stdout).toMatch(/smoke 6\/6 \(100%\)/)
    expect(stdout.trim().split('\n').at(-1)).toBe('smoke: completed')
    const id = /^run (run-\S+)/.exec(stdout)?.[1] ?? ''
    expect((await cli('ls')).stdout).toMatch(new RegExp(`${id}\\s+smoke\\s+engine-smoke\\s+completed\\s+6/6`))
    const shown = (await cli('show', join(workspace, 'runs', id))).stdout
    expect(shown).toMatch(/state: completed, 6\/6/)
    expect(shown).toMatch(/step_ms/)
  })
})

describe('sweep', () => {
  const failure = (...args: string[]) => cli(...args).then(
    () => {
      throw new Error('expected the command to fail')
    },
    (error: { code: number; stderr: string }) => error,
  )

  it('reads --grid and --seeds strictly, each mistake in one line', () => {
    expect(parseGrid(['prm.beta=0.05,0.1', 'algorithm=prime,rloo', 'filter.enabled=true,false'])).toEqual([
      { path: 'prm.beta', values: [0.05, 0.1] },
      { path: 'algorithm', values: ['prime', 'rloo'] },
      { path: 'filter.enabled', values: [true, false] },
    ])
    expect(parseSeedList('1-3,7')).toEqual([1, 2, 3, 7])
    expect(parseSeedList('2')).toEqual([2])
    expect(() => parseGrid([])).toThrow(/^sweep: give at least one --grid path=v1,v2/)
    expect(() => parseGrid(['prm.beta'])).toThrow(/^--grid "prm\.beta": expected path=v1,v2,…/)
    expect(() => parseGrid(['prm.beta=0.1,'])).toThrow(/^--grid prm\.beta: value 2 is empty/)
    expect(() => parseSeedList('3-1')).toThrow(/^--seeds "3-1": range 3-1 runs backwards$/)
    expect(() => parseCommandLine(['sweep', '--preset', 'laptop', '--reward', '1'])).toThrow(/^sweep: --reward does not apply here/)
  })

  it('answers a grid the config does not have with one line and exit code 2, creating nothing', { timeout: 120_000 }, async () => {
    const error = await failure('sweep', '--preset', 'laptop', '--grid', 'prm.betta=0.1,0.2')
    expect(error.code).toBe(2)
    expect(error.stderr).toBe('prime-workbench: unknown setting prm.betta — did you mean prm.beta?\n')
    expect((await cli('ls')).stdout).not.toMatch(/sweep/)
  })

  it('launches a grid as one sweep, follows it to the end and summarises each combination over its seeds', { timeout: 300_000 }, async () => {
    const config = join(workspace, 'tiny-rl.json')
    writeFileSync(
      config,
      JSON.stringify({
        ...LAPTOP_PRESET,
        iterations: 1,
        task: { ...LAPTOP_PRESET.task, validationSize: 8, testSize: 0 },
        sft: { ...LAPTOP_PRESET.sft, steps: 10, batchSize: 8 },
        rollout: { ...LAPTOP_PRESET.rollout, promptsPerIteration: 2, maxResponseTokens: 40 },
        prm: { ...LAPTOP_PRESET.prm, miniBatches: 1 },
        policy: { ...LAPTOP_PRESET.policy, miniBatches: 1 },
        logging: { ...LAPTOP_PRESET.logging, rolloutSamples: 0, heldOutPrmPrompts: 2 },
      }),
    )
    const { stdout } = await run(process.execPath, ['--import', 'tsx', CLI, 'sweep', config, '--name', 'tiny grid', '--grid', 'algorithm=prime,rloo', '--seeds', '4', '--workspace', workspace], { timeout: 280_000 })
    expect(stdout).toMatch(/^sweep "tiny grid": 2 combinations × 1 seed = 2 runs/)
    expect(stdout).toMatch(/\[2\/2\] tiny grid · (prime|rloo) · seed 4: completed/)
    const table = stdout.slice(stdout.indexOf('validation accuracy'))
    expect(table).toMatch(/algorithm\s+seeds\s+final val\/acc\s+best val\/acc/)
    expect(table).toMatch(/prime\s+1\s+\d/)
    expect(table).toMatch(/rloo\s+1\s+\d/)
    const listed = (await cli('ls')).stdout
    expect(listed).toMatch(/tiny grid · prime · seed 4\s+prime\s+completed/)
  })
})

describe('model commands', { timeout: 120_000 }, () => {
  it('inits a checkpoint from a preset and scores token sequences with it', async () => {
    const dir = join(workspace, 'xs-checkpoint')
    const init = JSON.parse((await cli('init', '--preset', 'XS', '--seed', '3', '--out', dir)).stdout) as { parameters: number }
    expect(init.parameters).toBeGreaterThan(100_000)
    const input = join(workspace, 'score.jsonl')
    writeFileSync(input, `${JSON.stringify({ id: 'a', prompt: [1, 5, 6], response: [7, 8, 2] })}\n${JSON.stringify({ tokens: [1, 9, 10, 11], prompt_length: 2 })}\n`)
    const lines = (await cli('score', dir, input)).stdout.trim().split('\n').map((l) => JSON.parse(l) as { id?: string; logprobs: number[] })
    expect(lines[0]).toMatchObject({ id: 'a' })
    expect(lines.map((l) => l.logprobs.length)).toEqual([3, 2])
    for (const l of lines) for (const lp of l.logprobs) expect(lp).toBeLessThan(0)
  })
})

describe('run configuration', () => {
  it('applies --set overrides as JSON values and validates the result naming the field', () => {
    const config = loadRunConfig({ preset: 'laptop' }, ['algorithm="rloo"', 'seed=7', 'policy.lr=0.001'])
    expect(config).toMatchObject({ kind: 'rl', algorithm: 'rloo', seed: 7, policy: { lr: 0.001 } })
    expect(() => loadRunConfig({ preset: 'laptop' }, ['rollout.samplesPerPrompt=1'])).toThrow(/config\.rollout\.samplesPerPrompt/)
    expect(() => loadRunConfig({ preset: 'huge' }, [])).toThrow(/unknown \(known: paper, laptop, misconception\)/)
    expect(() => applyOverrides({ a: 1 }, ['b.c=2'])).toThrow(/no section "b"/)
  })

  it('turns the task into a dataset task, and the model into a checkpoint, by setting a field only they have', () => {
    const config = loadRunConfig({ preset: 'laptop' }, ['task.dataset=ds-123', 'task.verifier=exact', 'model.path=/models/qwen'])
    expect(config).toMatchObject({
      task: { kind: 'dataset', dataset: 'ds-123', verifier: 'exact', trainSplit: 'train', validationSplit: 'validation', prompt: { kind: 'plain' } },
      model: { kind: 'checkpoint', path: '/models/qwen', sftWarmStart: false },
    })
    // Setting it again on a dataset task keeps the other dataset settings.
    const again = applyOverrides(config, ['task.dataset=ds-456']) as { task: { dataset: string; verifier: string } }
    expect(again.task).toMatchObject({ dataset: 'ds-456', verifier: 'exact' })
  })

})
