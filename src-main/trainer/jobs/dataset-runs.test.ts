// Runs on workspace datasets and Hugging Face checkpoints, end to end through the host and real trainer processes.
// 1. Equivalence: a built-in task's train stream and validation set, exported as JSONL and imported through the real
//    importer, train exactly as the built-in task does (same seed, same starting weights): the dataset path is the
//    same loop, not a second one.
// 2. A tiny random-weight Qwen2-layout checkpoint around the real Qwen3 tokenizer trains on MATH-500 (math verifier
//    through the pool, chat template, maxPromptTokens) and writes rollouts whose text is the tokenizer's decoding.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DATASET_TASK_DEFAULTS, BOXED_INSTRUCTION, LAPTOP_PRESET, PLAIN_PROMPT, type RlConfig } from '../../../src-preload/contract/rl-config'
import { RolloutRecord, type DatasetSummary, type MetricsRow, type RunSummary } from '../../../src-preload/contract/schemas'
import { call, settled, useTestHosts } from '../../host/test-hosts'
import type { Host } from '../../host/host'
import { loadTokenizer } from '../../model/tokenizers/load-tokenizer'
import { BuiltinProblemSource } from '../../rl/loop/problems'
import { qwenShape, writeQwenCheckpoint } from '../../rl/test-support/tiny-checkpoint'
import { assignSplits } from '../../tasks/import/splits'
import { SYNTHETIC_TASKS } from '../../tasks/synthetic'

const newHost = useTestHosts('prime-dataset-runs')
const MATH500 = join(import.meta.dirname, '../../../../shared/datasets/math500.jsonl')

async function runToEnd(host: Host, name: string, config: RlConfig): Promise<{ run: RunSummary; metrics: MetricsRow[]; id: string }> {
  const created = await call<RunSummary>(host, 'runs.create', { name, config })
  await call(host, 'runs.launch', { id: created.id })
  const run = await settled(host, created.id)
  return { run, id: created.id, metrics: await call<MetricsRow[]>(host, 'runs.metrics', { id: created.id, sinceStep: 1 }) }
}

/** Metrics that depend only on the computation (not on timing, memory, or the data facts only datasets log). */
function learned(rows: MetricsRow[]): Record<string, number>[] {
  return rows.map((row) => Object.fromEntries(Object.entries(row.values).filter(([k]) => !/^(timing|perf|data)\/|wall_time/.test(k))))
}

const TINY: Omit<RlConfig, 'task' | 'model'> = {
  ...LAPTOP_PRESET,
  seed: 5,
  iterations: 3,
  sft: { seed: 3, steps: 40, batchSize: 16, lr: 3e-3 },
  rollout: { ...LAPTOP_PRESET.rollout, promptsPerIteration: 4, samplesPerPrompt: 4, maxResponseTokens: 64 },
  prm: { ...LAPTOP_PRESET.prm, lr: 1e-3 },
  policy: { ...LAPTOP_PRESET.policy, miniBatches: 2 },
  logging: { validateEvery: 2, checkpointEvery: 2, rolloutSamples: 8, heldOutPrmPrompts: 4 },
}

describe('runs on datasets and checkpoints', { timeout: 400_000 }, () => {
  it('a built-in task exported as a dataset and imported trains exactly like the built-in task', async () => {
    const { host, workspaceDir } = newHost()
    await call(host, 'settings.update', { intraOpThreads: 1 })
    const level = 2
    const validationSize = 16
    // No test split: the dataset built from it holds train and validation rows only.
    const builtinTask = { kind: 'builtin', name: 'arith-chain', level, validationSize, testSize: 0, misconception: 0 } as const
    const builtin = await runToEnd(host, 'built-in', { ...TINY, task: builtinTask, model: { kind: 'preset', preset: 'XS' } })
    expect(builtin.run.failure?.message ?? '').toBe('')
    expect(builtin.run.state).toBe('completed')

    // The built-in run's train stream (validation prompts already skipped) and its validation set, in order, placed
    // where the importer's seeded split puts train and validation rows.
    const task = SYNTHETIC_TASKS['arith-chain']!
    const source = new BuiltinProblemSource(task, level, TINY.seed, builtinTask)
    const train = Array.from({ length: 300 }, () => source.problem(source.take(1)[0]!))
    expect(new Set(train.map((p) => p.prompt)).size, 'no repeated prompt the importer would drop').toBe(train.length)
    const plan = { validation: validationSize / (train.length + validationSize), test: 0, seed: 0 }
    const codes = assignSplits(train.length + validationSize, plan)
    const queues = [train.slice(), source.validation.slice()]
    const lines = Array.from(codes, (code) => {
      const p = queues[code]!.shift()!
      return JSON.stringify({ id: p.id, prompt: p.prompt, answer: p.answer, solution: task.demonstration(p) })
    })
    const file = join(workspaceDir, 'arith-chain-export.jsonl')
    writeFileSync(file, `${lines.join('\n')}\n`)
    const dataset = await call<DatasetSummary>(host, 'datasets.import', {
      name: 'arith-chain L2 export',
      path: file,
      format: 'mapped-jsonl',
      mapping: { prompt: 'prompt', answer: 'answer', id: 'id' },
      splits: plan,
    })
    expect(dataset.splits).toEqual({ train: train.length, validation: validationSize, test: 0 })

    // Both start from the built-in run's SFT weights: the dataset run loads them as a checkpoint folder.
    const sft = join(workspaceDir, 'runs', builtin.id, 'checkpoints', 'sft')
    const datasetTask = {
      ...DATASET_TASK_DEFAULTS,
      dataset: dataset.id,
      validationSize,
      shuffle: false,
      verifier: 'arith-chain',
      prompt: PLAIN_PROMPT,
      maxPromptTokens: 64,
      steps: { split: 'lines', marker: '' },
    } as const
    const fromDataset = await runToEnd(host, 'dataset', { ...TINY, task: datasetTask, model: { kind: 'checkpoint', path: sft, sftWarmStart: false } })
    expect(fromDataset.run.failure?.message ?? '').toBe('')
    expect(fromDataset.run.state).toBe('completed')
    expect(fromDataset.metrics.map((m) => m.step)).toEqual([1, 2, 3])
    expect(learned(fromDataset.metrics)).toEqual(learned(builtin.metrics))
    // The comparison is not vacuous: the runs learned, graded some responses right, and validated.
    expect(builtin.metrics.some((m) => m.values['critic/score/mean']! > 0)).toBe(true)
    expect(builtin.metrics[1]!.values['val/acc']).toBeTypeOf('number')
    // Step truth comes along: the dataset is graded by the task's own verifier and split into its lines.
    expect(builtin.metrics.some((m) => Object.keys(m.values).some((k) => k.startsWith('step_validity/')))).toBe(true)
    expect(fromDataset.metrics[0]!.values['data/train_prompts']).toBe(train.length)
    const rollouts = (id: string) => readFileSync(join(workspaceDir, 'runs', id, 'rollouts', '3.ndjson'), 'utf8')
    expect(rollouts(fromDataset.id)).toEqual(rollouts(builtin.id))

    // The report compares them like any two runs: charts, the settings that differ, both runs' step heatmaps.
    const report = await call<{ content: string }>(host, 'reports.export', { runIds: [builtin.id, fromDataset.id], format: 'html' })
    expect(report.content.match(/<svg/g)?.length ?? 0).toBeGreaterThan(3)
    for (const setting of ['task.kind', 'task.dataset', 'model.kind']) expect(report.content).toContain(setting)
  })

  it('a tiny Qwen2-layout checkpoint with the Qwen3 tokenizer trains on MATH-500 through its chat template', async () => {
    const { host, workspaceDir } = newHost()
    const checkpoint = join(workspaceDir, 'qwen-tiny')
    await writeQwenCheckpoint(checkpoint, qwenShape(), 7)
    const dataset = await call<DatasetSummary>(host, 'datasets.import', { name: 'MATH-500', path: MATH500, format: 'math', splits: { validation: 0.1, test: 0, seed: 0 } })
    const config: RlConfig = {
      ...TINY,
      iterations: 2,
      task: {
        ...DATASET_TASK_DEFAULTS,
        dataset: dataset.id,
        validationSize: 4,
        verifier: 'math',
        prompt: { kind: 'chat', systemMessage: null, instruction: BOXED_INSTRUCTION },
        maxPromptTokens: 96,
        steps: { split: 'paragraphs', marker: '' },
      },
      model: { kind: 'checkpoint', path: checkpoint, sftWarmStart: false },
      rollout: { ...TINY.rollout, promptsPerIteration: 2, samplesPerPrompt: 2, maxResponseTokens: 16 },
      logging: { validateEvery: 2, checkpointEvery: 2, rolloutSamples: 4, heldOutPrmPrompts: 4 },
    }
    const preview = await call<{ promptText: string; promptTokens: number; stopTokens: string[] }>(host, 'runs.preview', { config })
    expect(preview.promptText).toMatch(/^<\|im_start\|>user\n[\s\S]+\n\nPresent the answer in LaTex format: \\boxed\{Your answer\}<\|im_end\|>\n<\|im_start\|>assistant\n$/)
    expect(preview.stopTokens).toEqual(['<|im_end|>', '<|endoftext|>'])

    const { run, metrics, id } = await runToEnd(host, 'qwen tiny on MATH-500', config)
    expect(run.failure?.message ?? '').toBe('')
    expect(run.state).toBe('completed')
    expect(metrics.map((m) => m.step)).toEqual([1, 2])
    const last = metrics.at(-1)!.values
    expect(last['val/acc']).toBeGreaterThanOrEqual(0)
    expect(last['data/overlong_prompts']).toBeGreaterThan(0)
    expect(last['data/train_prompts']).toBeLessThan(450)
    for (const name of ['timing/rollout', 'timing/verify', 'timing/prm', 'timing/policy', 'reward_model/loss', 'actor/pg_loss']) expect(last[name], name).toBeTypeOf('number')

    const tokenizer = await loadTokenizer(checkpoint)
    const records = readFileSync(join(workspaceDir, 'runs', id, 'rollouts', '2.ndjson'), 'utf8').trim().split('\n').map((line) => RolloutRecord.parse(JSON.parse(line)))
    expect(records).toHaveLength(4)
    for (const record of records) {
      expect(tokenizer.decode(record.tokens)).toBe(record.response)
      expect(record.tokenSpans.map(([a, b]) => record.response.slice(a, b)).join('')).toBe(record.response)
      expect(record.tokens.every((t) => t >= 0 && t < 151_936)).toBe(true)
      // A dataset without step labels: steps are shown with rewards, their truth unknown.
      expect(record.steps.every((s) => s.truth === null)).toBe(true)
    }
  })
})
