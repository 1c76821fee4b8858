// The RL config contract: run.json files written before issue 11 (no task or model `kind`) still load, as the same
// run; dataset tasks and checkpoint models are validated with errors naming the field.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DATASET_TASK_DEFAULTS, LAPTOP_PRESET, PAPER_PRESET, RlConfig } from './rl-config'
import { RunConfig } from './schemas'

const v1Run = JSON.parse(readFileSync(new URL('./fixtures/v1-run.json', import.meta.url), 'utf8')) as { config: unknown }
const v1InitCheckpoint = JSON.parse(readFileSync(new URL('./fixtures/v1-run-init-checkpoint.json', import.meta.url), 'utf8')) as { config: unknown }

describe('old run.json files (written before tasks and models became unions)', () => {
  it('load as a built-in task on a preset model, with every other setting as written', () => {
    const config = RunConfig.parse(v1Run.config)
    expect(config).toEqual(LAPTOP_PRESET)
    expect(config.kind === 'rl' && config.task).toEqual({ kind: 'builtin', name: 'arith-chain', level: 1, validationSize: 64 })
  })

  it('a run that started from model.initCheckpoint becomes a checkpoint model without SFT', () => {
    const config = RunConfig.parse(v1InitCheckpoint.config)
    expect(config.kind === 'rl' && config.model).toEqual({ kind: 'checkpoint', path: '/data/checkpoints/xs-sft', sftWarmStart: false })
  })

  it('the presets are valid and round-trip unchanged', () => {
    expect(RlConfig.parse(PAPER_PRESET)).toEqual(PAPER_PRESET)
    expect(RlConfig.parse(JSON.parse(JSON.stringify(LAPTOP_PRESET)))).toEqual(LAPTOP_PRESET)
  })
})

describe('dataset tasks', () => {
  const dataset = (task: Record<string, unknown>) => RlConfig.safeParse({ ...LAPTOP_PRESET, task: { ...DATASET_TASK_DEFAULTS, dataset: 'ds-1', ...task } })

  it('accepts the defaults with a dataset id', () => {
    expect(dataset({}).success).toBe(true)
  })

  it('names the field of each bad setting', () => {
    expect(dataset({ validationSplit: 'train' }).error?.issues[0]).toMatchObject({ path: ['task', 'validationSplit'], message: expect.stringMatching(/held out/) })
    expect(dataset({ verifier: 'sympy' }).error?.issues[0]?.path).toEqual(['task', 'verifier'])
    expect(dataset({ prompt: { kind: 'plain', template: 'Solve:', instruction: '' } }).error?.issues[0]).toMatchObject({ path: ['task', 'prompt', 'template'], message: 'must contain {question}' })
    expect(dataset({ steps: { split: 'marker', marker: '[' } }).error?.issues[0]?.path).toEqual(['task', 'steps', 'marker'])
    expect(dataset({ dataset: '../etc' }).error?.issues[0]?.path).toEqual(['task', 'dataset'])
  })
})
