import { describe, expect, it } from 'vitest'
import { SYNTHETIC_TASKS } from '../../../../../src-main/tasks/synthetic'
import { buildTaskRollouts } from './task-rollouts'

// The builder feeds every heatmap test, so check that what it builds is what the task code says.
describe('buildTaskRollouts', () => {
  for (const name of Object.keys(SYNTHETIC_TASKS)) {
    it(`builds consistent records for ${name}`, () => {
      const task = SYNTHETIC_TASKS[name]!
      const records = buildTaskRollouts({
        task,
        level: 1,
        seed: 3,
        iteration: 2,
        prompts: 3,
        samplesPerPrompt: 4,
        algorithm: 'prime',
        kinds: ['demonstration', 'slipped-step', 'wrong-answer', 'demonstration'],
        implicitReward: ({ stepTruth }) => (stepTruth === false ? -1 : 0.1),
      })
      expect(records).toHaveLength(12)
      for (const r of records) {
        expect(r.tokenSpans.map(([s, e]) => r.response.slice(s, e)).join('')).toBe(r.response)
        expect(r.steps.map((s) => s.truth)).toEqual(task.stepTruth(r.prompt, r.response))
        for (const s of r.steps) expect(r.response.slice(s.start, s.end)).toBe(s.text)
        expect(r.acc).toBe(task.verify(r.response, task.parsePrompt(r.prompt).answer).score)
      }
      const kinds = records.filter((r) => r.row % 4 === 0)
      expect(kinds.every((r) => r.acc === 1 && r.steps.every((s) => s.truth === true))).toBe(true)
      expect(records.filter((r) => r.row % 4 === 2).every((r) => r.acc === 0)).toBe(true)
    })
  }
})
