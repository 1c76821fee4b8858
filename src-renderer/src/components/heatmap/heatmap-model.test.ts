import { describe, expect, it } from 'vitest'
import { arithChain } from '../../../../src-main/tasks/synthetic/arith-chain'
import { linearEquation } from '../../../../src-main/tasks/synthetic/linear-equation'
import type { SyntheticTask } from '../../../../src-main/tasks/synthetic/task'
import type { RolloutRecord } from '../../../../src-preload/contract/schemas'
import { stepCredit } from '../../../../src-preload/analysis'
import { alignBaseline, buildHeatmap, groupRows, heatmapSummary, promptChoices } from './heatmap-model'
import { buildTaskRollouts, type TaskRolloutOptions } from './test-support/task-rollouts'

const KINDS = ['demonstration', 'slipped-step', 'wrong-answer', 'demonstration'] as const

function rollouts(overrides: Partial<TaskRolloutOptions> = {}): RolloutRecord[] {
  return buildTaskRollouts({
    task: arithChain as unknown as SyntheticTask,
    level: 2,
    seed: 11,
    iteration: 5,
    prompts: 4,
    samplesPerPrompt: 4,
    algorithm: 'prime',
    kinds: KINDS,
    // Blame the tokens of wrong steps, with a little position-dependent texture elsewhere.
    implicitReward: ({ stepTruth, token }) => (stepTruth === false ? -0.8 : 0.05 + 0.01 * (token % 3)),
    ...overrides,
  })
}

describe('buildHeatmap', () => {
  const records = rollouts()
  const model = buildHeatmap(records)

  it('groups responses by prompt, in batch order, one row per response', () => {
    expect(model.groups.map((g) => g.group)).toEqual([0, 1, 2, 3])
    expect(model.rowCount).toBe(16)
    for (const g of model.groups) {
      expect(g.rows.map((r) => r.row)).toEqual([0, 1, 2, 3].map((k) => g.group * 4 + k))
      expect(new Set(g.rows.map((r) => r.record.promptId))).toEqual(new Set([g.promptId]))
      expect(g.prompt).toBe(g.rows[0]!.record.prompt)
    }
  })

  it('has one column per step of the longest response and shows the recorded step rewards', () => {
    expect(model.columns).toBe(Math.max(...records.map((r) => r.steps.length)))
    expect(model.quantities).toEqual(['step-reward'])
    for (const row of model.groups.flatMap((g) => g.rows)) {
      expect(row.cells.map((c) => c.value)).toEqual(row.record.steps.map((s) => s.reward))
      expect(row.cells.map((c) => c.truth)).toEqual(row.record.steps.map((s) => s.truth))
      expect(row.outcome).toBe(row.record.acc === 1 ? 'correct' : 'incorrect')
    }
  })

  it('sets the colour extent to the largest |step reward|', () => {
    const values = records.flatMap((r) => r.steps.map((s) => Math.abs(s.reward!)))
    expect(model.extent).toBe(Math.max(...values))
  })

  it('marks the wrong steps the task knows, and the blamed step is the lowest of its row', () => {
    const incorrect = model.groups.flatMap((g) => g.rows).filter((r) => r.cells.some((c) => c.truth === false))
    expect(incorrect.length).toBeGreaterThan(0)
    for (const row of incorrect) {
      const lowest = row.cells.reduce((a, b) => (b.value < a.value ? b : a))
      expect(lowest.truth).toBe(false)
    }
  })

  it('averages the per-token process rewards when a step carries no reward, agreeing with the trainer’s step rewards', () => {
    const stripped = records.map((r) => ({ ...r, steps: r.steps.map((s) => ({ ...s, reward: null })) }))
    const fallback = buildHeatmap(stripped)
    expect(fallback.quantities).toEqual(['process-mean'])
    fallback.groups.flatMap((g) => g.rows).forEach((row) => {
      const original = records.find((r) => r.row === row.row)!
      row.cells.forEach((cell, k) => expect(cell.value).toBeCloseTo(original.steps[k]!.reward!, 12))
    })
  })

  it('shows an outcome-only run’s implied credit: the advantage, uniform per token, as the step’s per-token mean', () => {
    const baseline = buildHeatmap(rollouts({ algorithm: 'rloo' }))
    expect(baseline.quantities).toEqual(['implied-credit'])
    for (const group of baseline.groups) {
      for (const row of group.rows) {
        const perToken = row.record.advantages[0]!
        row.cells.forEach((cell) => expect(cell.value).toBeCloseTo(perToken, 12))
      }
      // Whitening is affine, so within a prompt a correct response still gets more credit per token than a wrong one.
      const credit = (outcome: string) => group.rows.filter((r) => r.outcome === outcome).map((r) => r.record.advantages[0]!)
      expect(Math.min(...credit('correct'))).toBeGreaterThan(Math.max(...credit('incorrect')))
    }
  })

  it('rejects a step index the record does not have', () => {
    expect(() => stepCredit(records[0]!, 99)).toThrow(/row 0 has no step 99/)
  })
})

describe('filters', () => {
  const records = rollouts()

  it('keeps only correct or only incorrect responses, and drops prompts left empty', () => {
    const correct = buildHeatmap(records, { outcome: 'correct', promptId: null })
    const incorrect = buildHeatmap(records, { outcome: 'incorrect', promptId: null })
    expect(correct.rowCount).toBe(records.filter((r) => r.acc === 1).length)
    expect(incorrect.rowCount).toBe(records.filter((r) => r.acc !== 1).length)
    expect(correct.groups.flatMap((g) => g.rows).every((r) => r.outcome === 'correct')).toBe(true)
    expect(incorrect.groups.flatMap((g) => g.rows).every((r) => r.outcome === 'incorrect')).toBe(true)
    expect(correct.rowCount + incorrect.rowCount).toBe(records.length)
  })

  it('keeps one prompt', () => {
    const promptId = records[9]!.promptId
    const model = buildHeatmap(records, { outcome: 'all', promptId })
    expect(model.groups).toHaveLength(1)
    expect(model.groups[0]!.promptId).toBe(promptId)
    expect(model.rowCount).toBe(4)
  })

  it('lists the prompts with their correct counts', () => {
    const choices = promptChoices([...records].reverse())
    expect(choices.map((c) => c.group)).toEqual([0, 1, 2, 3])
    for (const c of choices) {
      const own = records.filter((r) => r.group === c.group)
      expect(c).toEqual({ group: c.group, promptId: own[0]!.promptId, prompt: own[0]!.prompt, correct: own.filter((r) => r.acc === 1).length, total: 4 })
    }
  })

  it('summarises what is shown', () => {
    const model = buildHeatmap(records)
    const s = heatmapSummary(model)
    expect(s.responses).toBe(16)
    expect(s.prompts).toBe(4)
    expect(s.correct).toBe(records.filter((r) => r.acc === 1).length)
    expect(s.steps).toBe(records.reduce((n, r) => n + r.steps.length, 0))
    expect(s.wrongSteps).toBe(records.reduce((n, r) => n + r.steps.filter((x) => x.truth === false).length, 0))
    expect(s.unknownSteps).toBe(0)
  })
})

describe('alignBaseline', () => {
  // Same task seed = same problems; the baseline numbers its groups differently (reversed here), as another run would.
  const primary = rollouts()
  const baseline = rollouts({ algorithm: 'rloo', iteration: 5 }).map((r) => ({ ...r, group: 3 - r.group }))

  it('matches the baseline’s responses to each prompt by promptId, in the primary’s order', () => {
    const groups = groupRows(primary)
    const aligned = alignBaseline(groups, baseline)
    expect(aligned.map((g) => g.promptId)).toEqual(groups.map((g) => g.promptId))
    for (const g of aligned) {
      expect(g.rows).toHaveLength(4)
      expect(g.rows.every((r) => r.record.promptId === g.promptId)).toBe(true)
      expect(g.rows.every((r) => r.cells.every((c) => c.quantity === 'implied-credit'))).toBe(true)
    }
  })

  it('leaves a prompt the baseline did not sample empty, and applies the same filter', () => {
    const other = rollouts({ task: linearEquation as unknown as SyntheticTask, algorithm: 'rloo' })
    const groups = groupRows(primary)
    expect(alignBaseline(groups, other).every((g) => g.rows.length === 0)).toBe(true)
    const incorrectOnly = alignBaseline(groups, baseline, { outcome: 'incorrect', promptId: null })
    expect(incorrectOnly.flatMap((g) => g.rows).every((r) => r.outcome === 'incorrect')).toBe(true)
  })
})
