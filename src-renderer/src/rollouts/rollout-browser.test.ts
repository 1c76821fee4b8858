import { describe, expect, it } from 'vitest'
import { SYNTHETIC_TASKS } from '../../../src-main/tasks/synthetic'
import { buildTaskRollouts } from '../components/heatmap/test-support/task-rollouts'
import { ALL_ROLLOUTS, promptOptions, rolloutCounts, rolloutGroups } from './rollout-browser'

// Two runs on the same seed: the same prompts at each iteration, PRIME and the RLOO baseline.
const build = (algorithm: 'prime' | 'rloo', iteration: number, prompts = 3) =>
  buildTaskRollouts({
    task: SYNTHETIC_TASKS['arith-chain']!,
    level: 1,
    seed: 7 + iteration,
    iteration,
    prompts,
    samplesPerPrompt: 4,
    algorithm,
    kinds: ['demonstration', 'slipped-step', 'wrong-answer', 'demonstration'],
    implicitReward: () => 0,
  })

const prime = [...build('prime', 1), ...build('prime', 2)]
const rloo = [...build('rloo', 1), ...build('rloo', 2, 2)]

describe('the rollout browser', () => {
  it('groups responses by iteration (newest first) and prompt, each run’s responses to that prompt side by side', () => {
    const groups = rolloutGroups(prime, rloo, ALL_ROLLOUTS)
    expect(groups.map((g) => g.iteration)).toEqual([2, 2, 2, 1, 1, 1])
    for (const group of groups) {
      expect(group.left.every((r) => r.promptId === group.promptId && r.iteration === group.iteration)).toBe(true)
      expect(group.right!.every((r) => r.promptId === group.promptId && r.iteration === group.iteration)).toBe(true)
      expect(group.left).toHaveLength(4)
    }
    // The baseline sampled two of iteration 2's three prompts: the third says so instead of looking empty.
    const third = groups[2]!
    expect(third.rightSampled).toBe(false)
    expect(third.right).toEqual([])
    expect(groups.filter((g) => g.rightSampled)).toHaveLength(5)
  })

  it('filters by outcome, prompt and text, keeping a group while either side has a response that passes', () => {
    const incorrect = rolloutGroups(prime, rloo, { ...ALL_ROLLOUTS, outcome: 'incorrect' })
    expect(incorrect.every((g) => [...g.left, ...g.right!].every((r) => r.acc < 1))).toBe(true)
    const counts = rolloutCounts(incorrect)
    expect(counts.leftCorrect).toBe(0)
    expect(counts.left).toBeGreaterThan(0)

    const promptId = prime[0]!.promptId
    const one = rolloutGroups(prime, null, { ...ALL_ROLLOUTS, promptId })
    expect(one.map((g) => g.promptId)).toEqual([promptId])
    expect(one[0]!.right).toBeNull()

    const needle = prime[0]!.response.split('\n')[0]!.toUpperCase()
    const found = rolloutGroups(prime, null, { ...ALL_ROLLOUTS, text: needle })
    expect(found.length).toBeGreaterThan(0)
    expect(found.flatMap((g) => g.left).every((r) => r.response.toLowerCase().includes(needle.toLowerCase()) || r.prompt.toLowerCase().includes(needle.toLowerCase()))).toBe(true)
    expect(rolloutGroups(prime, rloo, { ...ALL_ROLLOUTS, text: 'no response says this' })).toEqual([])
  })

  it('lists the prompts with how many iterations sampled each', () => {
    const options = promptOptions(prime)
    expect(options).toHaveLength(new Set(prime.map((r) => r.promptId)).size)
    expect(options.every((o) => o.iterations >= 1 && o.prompt.length > 0)).toBe(true)
  })
})
