// The RL config contract: dataset tasks are validated with errors naming the field (old run.json files: see
// src-main/host/run-migration.test.ts).
import { describe, expect, it } from 'vitest'
import { DATASET_TASK_DEFAULTS, LAPTOP_PRESET, PAPER_PRESET, RlConfig } from './rl-config'

describe('the presets', () => {
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
