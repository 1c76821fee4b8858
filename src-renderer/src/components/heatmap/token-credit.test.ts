import { describe, expect, it } from 'vitest'
import { linearEquation } from '../../../../src-main/tasks/synthetic/linear-equation'
import type { SyntheticTask } from '../../../../src-main/tasks/synthetic/task'
import { buildTaskRollouts } from './test-support/task-rollouts'
import { availableTokenQuantities, tokenCells, tokenLabel, tokenLines } from './token-credit'

const build = (algorithm: 'prime' | 'rloo') =>
  buildTaskRollouts({
    task: linearEquation as unknown as SyntheticTask,
    level: 2,
    seed: 8,
    iteration: 1,
    prompts: 2,
    samplesPerPrompt: 2,
    algorithm,
    kinds: ['slipped-step', 'demonstration'],
    implicitReward: ({ stepTruth, token }) => (stepTruth === false ? -1 : 0.02 * token),
  })

describe('token view', () => {
  const [record] = build('prime')

  it('gives each token its text, value and step', () => {
    const cells = tokenCells(record!, 'processReward')
    expect(cells.map((c) => c.text).join('')).toBe(record!.response)
    expect(cells.map((c) => c.value)).toEqual(record!.processReward)
    record!.steps.forEach((step, k) => {
      const inStep = cells.filter((c) => c.step === k)
      expect(inStep.map((c) => c.text).join('')).toBe(step.text)
      expect(inStep.every((c) => c.truth === step.truth)).toBe(true)
    })
    expect(cells.at(-1)).toMatchObject({ text: '', step: null, truth: null })
  })

  it('lays tokens out line by line, breaking after each line break', () => {
    const lines = tokenLines(tokenCells(record!, 'q'))
    expect(lines).toHaveLength(record!.response.split('\n').length)
    expect(lines.map((l) => l.map((c) => c.text).join('').replace(/\n$/, ''))).toEqual(record!.response.split('\n'))
  })

  it('offers the quantities a record has: all three for PRIME, only advantages for an outcome-only run', () => {
    expect(availableTokenQuantities(record!)).toEqual(['processReward', 'q', 'advantages'])
    const [baseline] = build('rloo')
    expect(availableTokenQuantities(baseline!)).toEqual(['advantages'])
    expect(() => tokenCells(baseline!, 'q')).toThrow(/row 0 has no per-token q/)
  })

  it('makes spaces, line breaks and empty tokens visible', () => {
    expect(tokenLabel({ text: 'a b\n', id: 9 })).toBe('a·b↵')
    expect(tokenLabel({ text: '', id: 2 })).toBe('‹2›')
  })
})
