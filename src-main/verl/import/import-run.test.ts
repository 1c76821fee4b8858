// Importing verl runs from files in verl's formats (test-support/verl-fixtures.ts): metric names mapped and unknown
// ones kept, NaN values, unknown keys, a file still growing, a cut-short last line, a 100,000-step log, and bad files
// failing with their file and line.
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { appendVerlStep, consoleLine, fileLoggerLine, primeStepMetrics, writeVerlRunFolder } from '../test-support/verl-fixtures'
import { parseHydraConfig } from './hydra-config'
import { readVerlRun } from './import-run'
import { LineTail } from './line-tail'
import { parseRolloutDump } from './rollout-dumps'
import { parseConsoleLine, parseFileLoggerLine, VerlFormatError } from './step-lines'

let dir: string
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'verl-import-'))))
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('reading a verl run folder', () => {
  it('maps verl names onto the workbench\'s, keeps the others, and reads the Hydra config and rollout dumps', () => {
    writeVerlRunFolder(dir, { steps: 12, validateEvery: 4, rolloutSteps: [4, 8] })
    const run = readVerlRun(dir, { follow: false })
    expect(run.rows.map((r) => r.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    const fourth = run.rows[3]!.values
    expect(fourth['rollout/acc_before_filter']).toBeCloseTo(primeStepMetrics(4).acc!)
    expect(fourth['reward_model/loss']).toBeCloseTo(primeStepMetrics(4)['reward_model/dpo_loss']!)
    expect(fourth['timing/rollout']).toBe(10)
    expect(fourth['val/acc']).toBeCloseTo(0.24)
    expect(fourth['val-core/numina_synthetic_math/acc/mean@1']).toBeCloseTo(0.24)
    expect(fourth['train/wall_time']).toBe(80)
    // Not in the workbench's table, still charted under verl's name.
    expect(fourth['timing_s/adv']).toBe(4)
    expect(fourth['prompt_length/mean']).toBe(80)
    expect(fourth.acc).toBeUndefined()
    expect(run.config).toMatchObject({ kind: 'verl', algorithm: 'prime', seed: 7, totalSteps: 12, source: { kind: 'files', follow: false } })
    expect(run.config.hydra).toMatchObject({ reward_model: { model: { update: 'before' } } })
    const dump = run.rollouts.get(8)!
    expect(dump.map((r) => [r.group, r.acc])).toEqual([[0, 1], [0, 0], [1, 1], [1, 0]])
    expect(dump[0]).toMatchObject({ iteration: 8, prompt: 'user\n7 +3 *2', tokens: [], q: null, processReward: null })
    expect(dump[0]!.steps.map((s) => s.text)).toEqual(['7+3=10', '10*2=20', '\\boxed{20}'])
    expect(dump[0]!.promptId).toBe(dump[1]!.promptId)
    // Times end at the file's last write and keep the run's wall-time gaps.
    expect(run.rows[11]!.time - run.rows[0]!.time).toBeCloseTo(220)
  })

  it('reads NaN and infinite values (Python\'s json tokens and orjson\'s null) as missing, and says so', () => {
    const file = join(dir, 'metrics.jsonl')
    writeFileSync(
      file,
      [
        '{"step": 1, "data": {"actor/pg_loss": NaN, "actor/entropy": 1.5, "actor/grad_norm": Infinity}}',
        '{"step": 2, "data": {"actor/pg_loss": null, "actor/entropy": -Infinity, "note": "a string \\"NaN\\" stays"}}',
      ].join('\n') + '\n',
    )
    const run = readVerlRun(file, { follow: false })
    expect(run.rows.map((r) => r.values)).toEqual([{ 'actor/entropy': 1.5 }, {}])
    expect(run.notes.join('\n')).toContain('actor/pg_loss (2), actor/grad_norm (1), actor/entropy (1)')
  })

  it('ignores unknown keys, merges the lines of one step, and accepts the older {step, data} and newer elapsed_seconds lines', () => {
    const file = join(dir, 'metrics.jsonl')
    writeFileSync(
      file,
      [
        fileLoggerLine(0, { 'val-core/gsm8k/acc/mean@1': 0.1 }, { run_id: 'abc' }),
        fileLoggerLine(1, { acc: 0.5 }, { elapsed_seconds: 30.5, hostname: 'node-3' }),
        fileLoggerLine(1, { 'val-core/gsm8k/acc/mean@1': 0.2 }),
      ].join('\n') + '\n',
    )
    const run = readVerlRun(file, { follow: false })
    expect(run.rows).toHaveLength(2)
    expect(run.rows[1]!.values).toEqual({ 'rollout/acc_before_filter': 0.5, 'train/wall_time': 30.5, 'val-core/gsm8k/acc/mean@1': 0.2, 'val/acc': 0.2 })
  })

  it('leaves a cut-short last line out (noting it), or to the follower when following', () => {
    const file = join(dir, 'metrics.jsonl')
    writeFileSync(file, `${fileLoggerLine(1, { acc: 0.5 })}\n{"step": 2, "data": {"acc"`)
    const once = readVerlRun(file, { follow: false })
    expect(once.rows.map((r) => r.step)).toEqual([1])
    expect(once.notes.join('\n')).toMatch(/metrics\.jsonl:2\) is cut short/)
    expect(readVerlRun(file, { follow: true }).rows.map((r) => r.step)).toEqual([1])
  })

  it('reads a 100,000-step log', () => {
    const file = join(dir, 'metrics.jsonl')
    const lines: string[] = []
    for (let step = 1; step <= 100_000; step++) lines.push(fileLoggerLine(step, { acc: (step % 100) / 100, 'actor/pg_loss': -step / 1e5, 'timing_s/step': 1.5, 'response_length/mean': 100 }))
    writeFileSync(file, `${lines.join('\n')}\n`)
    const started = performance.now()
    const run = readVerlRun(file, { follow: false })
    const seconds = (performance.now() - started) / 1000
    expect(run.rows).toHaveLength(100_000)
    expect(run.rows.at(-1)).toMatchObject({ step: 100_000, values: { 'train/wall_time': 150_000 } })
    console.log(`100,000-step verl log read in ${seconds.toFixed(2)} s`)
  })

  it('fails on a bad file with its file, line and field', () => {
    const file = join(dir, 'metrics.jsonl')
    writeFileSync(file, `${fileLoggerLine(1, { acc: 0.5 })}\nnot json\n${fileLoggerLine(3, { acc: 0.5 })}\n`)
    expect(() => readVerlRun(file, { follow: false })).toThrow(`${file}:2: not valid JSON`)
    writeFileSync(file, `${fileLoggerLine(1, { acc: 0.5 })}\n{"data": {}}\n`)
    expect(() => readVerlRun(file, { follow: false })).toThrow(`${file}:2: field step: expected a whole number`)
    writeFileSync(file, '{"step": 1, "data": [1, 2]}\n')
    expect(() => readVerlRun(file, { follow: false })).toThrow(`${file}:1: field data: expected an object of metrics`)
    writeFileSync(file, '')
    expect(() => readVerlRun(file, { follow: false })).toThrow(/holds no metrics lines/)

    expect(() => parseHydraConfig('data:\n  seed: 1\n bad: [\n', '/x/.hydra/config.yaml')).toThrow(/^\/x\/\.hydra\/config\.yaml:3: not valid YAML/)
    expect(() => parseHydraConfig('- a list\n', '/x/config.yaml')).toThrow(VerlFormatError)
    expect(() => parseRolloutDump('{"input": "q", "output": "a", "score": 1, "step": 1}\n{"input": "q", "score": 1}\n', '/r/1.jsonl', 1)).toThrow('/r/1.jsonl:2: field output: expected the response text')

    mkdirSync(join(dir, 'two'))
    writeFileSync(join(dir, 'two', 'a.jsonl'), `${fileLoggerLine(1, {})}\n`)
    writeFileSync(join(dir, 'two', 'b.jsonl'), `${fileLoggerLine(1, {})}\n`)
    expect(() => readVerlRun(join(dir, 'two'), { follow: false })).toThrow(/several verl metrics files \(a\.jsonl, b\.jsonl\)/)
  })
})

describe('a file that is still growing', () => {
  it('hands each complete line over once, waits for a line being written, and starts again when the file is rewritten', () => {
    const file = join(dir, 'metrics.jsonl')
    const metrics = writeVerlRunFolder(dir, { steps: 2 })
    expect(metrics).toBe(file)
    const tail = new LineTail(file)
    expect(tail.read().lines.map((l) => l.line)).toEqual([1, 2])
    appendFileSync(file, fileLoggerLine(3, { acc: 1 }).slice(0, 10))
    const partial = tail.read()
    expect(partial.lines).toEqual([])
    expect(partial.pendingBytes).toBe(10)
    appendFileSync(file, `${fileLoggerLine(3, { acc: 1 }).slice(10)}\n`)
    appendVerlStep(file, 4, 0)
    expect(tail.read().lines.map((l) => parseFileLoggerLine(l.text, `${file}:${l.line}`).step)).toEqual([3, 4])
    truncateSync(file, 0)
    appendVerlStep(file, 3, 0)
    const again = tail.read()
    expect(again.restarted).toBe(true)
    expect(again.lines.map((l) => l.line)).toEqual([1])
  })
})

describe('console lines of a verl job log', () => {
  it('reads `step:N - name:value` lines, with Ray\'s prefix, NumPy scalars, booleans and nan', () => {
    expect(parseConsoleLine(consoleLine(5, { acc: 0.25, 'actor/pg_loss': -0.5 }))).toEqual({ step: 5, values: { acc: 0.25, 'actor/pg_loss': -0.5 }, elapsed: null, nonFinite: [] })
    expect(parseConsoleLine('\x1b[36m(main_task pid=4242)\x1b[0m step:7 - acc:np.float64(0.5) - actor/lr:1e-06 - flag:True - val-core/a:b/acc/mean@1:nan')).toEqual({
      step: 7,
      values: { acc: 0.5, 'actor/lr': 1e-6, flag: 1 },
      elapsed: null,
      nonFinite: ['val-core/a:b/acc/mean@1'],
    })
    expect(parseConsoleLine('Training Progress: step:3 of 10')).toBeNull()
    expect(parseConsoleLine('(TaskRunner pid=1) validation generation end')).toBeNull()
  })
})
