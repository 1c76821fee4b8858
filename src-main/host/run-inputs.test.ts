// A run config that cannot work is refused before any trainer starts, with an error naming the setting, and nothing
// is written to the workspace: a deleted dataset, a split without rows, a checkpoint folder without a tokenizer, a
// vocabulary mismatch, a chat template that fails to render. The same checks stand behind runs.preview, the launch
// form's first-prompt preview, and the CLI (which creates runs through the same API).
import { execFile } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { DATASET_TASK_DEFAULTS, LAPTOP_PRESET, type RlConfig } from '../../src-preload/contract/rl-config'
import type { DatasetSummary, RunSummary } from '../../src-preload/contract/schemas'
import { qwenShape, writeQwenCheckpoint } from '../rl/test-support/tiny-checkpoint'
import type { Host } from './host'
import { call, useTestHosts } from './test-hosts'

const newHost = useTestHosts('prime-run-inputs')
const MATH500 = join(import.meta.dirname, '../../../shared/datasets/math500.jsonl')
const CLI = resolve(import.meta.dirname, '../cli/main.ts')

async function refusal(host: Host, method: string, request: unknown): Promise<{ message: string; field: string | null }> {
  const reply = await host.dispatch(method, request)
  if (reply.ok) throw new Error(`${method} accepted the request`)
  return reply.error
}

function datasetConfig(dataset: string, task: Partial<RlConfig['task']> = {}, model: RlConfig['model'] = { kind: 'preset', preset: 'XS' }): RlConfig {
  return { ...LAPTOP_PRESET, task: { ...DATASET_TASK_DEFAULTS, dataset, ...task } as RlConfig['task'], model, sft: { ...LAPTOP_PRESET.sft, steps: 0 } }
}

async function importMath500(host: Host, splits = true): Promise<DatasetSummary> {
  return call<DatasetSummary>(host, 'datasets.import', { name: 'MATH-500', path: MATH500, format: 'math', ...(splits ? { splits: { validation: 0.1, test: 0, seed: 0 } } : {}) })
}

describe('run configs are checked before any trainer starts', { timeout: 60_000 }, () => {
  it('refuses each bad dataset or checkpoint setting by name and writes nothing', async () => {
    const { host, workspaceDir } = newHost()
    const runsDir = join(workspaceDir, 'runs')
    const math = await importMath500(host)
    const allTrain = await importMath500(host, false)
    const qwen = join(workspaceDir, 'qwen')
    await writeQwenCheckpoint(qwen, qwenShape(), 1)
    const checkpoint = (path: string) => ({ kind: 'checkpoint', path, sftWarmStart: false }) as const
    const chat = { kind: 'chat', systemMessage: null, instruction: '' } as const

    const noTokenizer = join(workspaceDir, 'no-tokenizer')
    await writeQwenCheckpoint(noTokenizer, qwenShape(), 1)
    rmSync(join(noTokenizer, 'tokenizer.json'))
    const smallVocab = join(workspaceDir, 'small-vocab')
    await writeQwenCheckpoint(smallVocab, qwenShape({ vocabSize: 50_000 }), 1)
    const badTemplate = join(workspaceDir, 'bad-template')
    await writeQwenCheckpoint(badTemplate, qwenShape(), 1)
    const tokenizerConfig = JSON.parse(readFileSync(join(badTemplate, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>
    writeFileSync(join(badTemplate, 'tokenizer_config.json'), JSON.stringify({ ...tokenizerConfig, chat_template: "{{ raise_exception('this model only answers in French') }}" }))

    const cases: [string, RlConfig, string, RegExp][] = [
      ['a dataset that no longer exists', datasetConfig('ds-deleted'), 'request.config.task.dataset', /no dataset with id ds-deleted/],
      ['a split with no rows', datasetConfig(allTrain.id), 'request.config.task.validationSplit', /no rows in its validation split/],
      ['a checkpoint folder without a tokenizer', datasetConfig(math.id, { prompt: chat }, checkpoint(noTokenizer)), 'request.config.model.path', /has no tokenizer\.json/],
      ['a config.json vocabulary smaller than the tokenizer', datasetConfig(math.id, {}, checkpoint(smallVocab)), 'request.config.model.path', /vocabulary mismatch: the tokenizer has 151669 ids but config\.json vocab_size is 50000/],
      ['a preset whose character tokenizer lacks the data characters', datasetConfig(math.id), 'request.config.model.preset', /vocabulary mismatch: the XS preset \(character tokenizer\) cannot encode row/],
      ['a chat template that fails to render', datasetConfig(math.id, { prompt: chat }, checkpoint(badTemplate)), 'request.config.task.prompt', /chat template .*failed.*only answers in French/],
      ['a chat prompt for a tokenizer without a chat template', datasetConfig(math.id, { prompt: chat }), 'request.config.task.prompt', /has no chat template/],
      ['prompts plus responses past the model positions', datasetConfig(math.id, { maxPromptTokens: 1020 }, checkpoint(qwen)), 'request.config.task.maxPromptTokens', /exceed the 1024 positions/],
    ]
    for (const [what, config, field, message] of cases) {
      const error = await refusal(host, 'runs.create', { name: what, config })
      expect(error.field, what).toBe(field)
      expect(error.message, what).toMatch(message)
      expect((await refusal(host, 'runs.preview', { config })).field, what).toBe(field)
    }
    const comparison = await refusal(host, 'runs.createComparison', { name: 'cmp', base: cases[0]![1], algorithms: ['prime', 'rloo'], seeds: [1] })
    expect(comparison.field).toBe('request.base.task.dataset')
    expect(readdirSync(runsDir)).toEqual([])

    // A run created while its dataset existed refuses to launch once the dataset is gone, and stays as it was.
    const good = datasetConfig(math.id, { prompt: chat }, checkpoint(qwen))
    const run = await call<RunSummary>(host, 'runs.create', { name: 'doomed', config: good })
    await call(host, 'datasets.delete', { id: math.id })
    const launch = await refusal(host, 'runs.launch', { id: run.id })
    expect(launch.message).toMatch(/cannot start: task\.dataset: no dataset with id/)
    expect(host.runs.get(run.id).state).toBe('created')
    expect(readdirSync(join(runsDir, run.id))).toEqual(['run.json'])
  })

  it('the CLI refuses a missing dataset naming the setting, and creates no run', async () => {
    const { workspaceDir } = newHost()
    const failure = await promisify(execFile)(process.execPath, ['--import', 'tsx', CLI, 'run', '--preset', 'laptop', '--set', 'task.dataset=ds-gone', '--workspace', workspaceDir], { timeout: 60_000 }).catch(
      (error: { code: number; stderr: string }) => error,
    )
    expect(failure).toMatchObject({ code: 2 })
    expect((failure as { stderr: string }).stderr).toMatch(/task\.dataset: no dataset with id ds-gone/)
    expect(existsSync(join(workspaceDir, 'runs')) ? readdirSync(join(workspaceDir, 'runs')) : []).toEqual([])
  })

  it('previews the first prompt of a built-in task and of a dataset through the trainer encoder', async () => {
    const { host, workspaceDir } = newHost()
    const builtin = await call<{ promptText: string; promptTokens: number; source: string }>(host, 'runs.preview', { config: LAPTOP_PRESET })
    expect(builtin.source).toBe('arith-chain level 1')
    expect(builtin.promptText).toMatch(/^\d+ [-+*/]\d+.*\n$/)
    expect(builtin.promptTokens).toBe(builtin.promptText.length + 1) // BOS + one id per character
    const math = await importMath500(host)
    const qwen = join(workspaceDir, 'qwen')
    await writeQwenCheckpoint(qwen, qwenShape(), 1)
    const config = datasetConfig(math.id, { validationSize: 20, prompt: { kind: 'plain', template: 'Q: {question}\nA:', instruction: 'Box it.' } }, { kind: 'checkpoint', path: qwen, sftWarmStart: false })
    const preview = await call<{ promptText: string; question: string; trainRows: number; validationRows: number; vocabSize: number }>(host, 'runs.preview', { config })
    expect(preview.promptText).toBe(`Q: ${preview.question}\n\nBox it.\nA:`)
    expect(preview).toMatchObject({ trainRows: 450, validationRows: 20, vocabSize: 151_936 })
  })
})
