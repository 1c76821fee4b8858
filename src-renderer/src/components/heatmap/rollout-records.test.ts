import { describe, expect, it } from 'vitest'
import { fractions } from '../../../../src-main/tasks/synthetic/fractions'
import type { SyntheticTask } from '../../../../src-main/tasks/synthetic/task'
import { parseRolloutRecords } from './rollout-records'
import { buildTaskRollouts } from './test-support/task-rollouts'

const source = { runId: 'run-a', iteration: 4 }
// Records as they arrive over the wire: plain JSON.
const records = JSON.parse(
  JSON.stringify(
    buildTaskRollouts({
      task: fractions as unknown as SyntheticTask,
      level: 2,
      seed: 5,
      iteration: 4,
      prompts: 2,
      samplesPerPrompt: 2,
      algorithm: 'prime',
      kinds: ['demonstration', 'slipped-step'],
      implicitReward: ({ stepTruth }) => (stepTruth === false ? -0.5 : 0.1),
    }),
  ),
) as Record<string, unknown>[]
const edited = (index: number, patch: Record<string, unknown>) => records.map((r, i) => (i === index ? { ...r, ...patch } : r))

describe('parseRolloutRecords', () => {
  it('accepts the records an iteration writes', () => {
    expect(parseRolloutRecords(records, source)).toHaveLength(4)
  })
  it('names the file, record and field of a schema error', () => {
    expect(() => parseRolloutRecords(edited(1, { acc: 'yes' }), source)).toThrow(
      /runs\/run-a\/rollouts\/4\.ndjson record 2: field acc: /,
    )
    expect(() => parseRolloutRecords(edited(0, { steps: [{ start: 0 }] }), source)).toThrow(/record 1: field steps\.0\.end/)
  })
  it('rejects per-token arrays that do not match the tokens', () => {
    const short = (records[2]!.processReward as number[]).slice(1)
    expect(() => parseRolloutRecords(edited(2, { processReward: short }), source)).toThrow(/record 3 \(row 2\): field processReward: has \d+ entries for \d+ tokens/)
  })
  it('rejects steps and spans outside the response', () => {
    const tokens = (records[0]!.tokens as number[]).length
    const steps = (records[0]!.steps as Record<string, unknown>[]).map((s, k) => (k === 0 ? { ...s, tokenEnd: tokens + 1 } : s))
    expect(() => parseRolloutRecords(edited(0, { steps }), source)).toThrow(/field steps\.0: tokens \[0, \d+\) lie outside/)
    const spans = (records[0]!.tokenSpans as [number, number][]).map((s, i) => (i === 0 ? [0, 999] : s))
    expect(() => parseRolloutRecords(edited(0, { tokenSpans: spans }), source)).toThrow(/field tokenSpans\.0: \[0, 999\)/)
  })
  it('rejects a record of another iteration, a repeated row and a group with two prompts', () => {
    expect(() => parseRolloutRecords(edited(3, { iteration: 5 }), source)).toThrow(/field iteration: is 5, but the file is iteration 4/)
    expect(() => parseRolloutRecords(edited(3, { row: 0 }), source)).toThrow(/row 0 appears twice/)
    expect(() => parseRolloutRecords(edited(3, { promptId: 'other' }), source)).toThrow(/group 1 mixes prompts .* and "other" \(row 3\)/)
  })
})
