// Small in-memory runs for the report's unit tests: real RunSummary/MetricsRow/RolloutRecord shapes (validated by
// the contract's schemas), with reward curves chosen by the test so the expected numbers are known.
import { LAPTOP_PRESET, type Algorithm, type RlConfig } from '../../../src-preload/contract/rl-config'
import { MetricsRow, RolloutRecord, RunSummary } from '../../../src-preload/contract/schemas'

export function syntheticSummary(id: string, name: string, overrides: Partial<RlConfig> & { algorithm?: Algorithm } = {}): RunSummary {
  return RunSummary.parse({
    id,
    name,
    state: 'completed',
    config: { ...LAPTOP_PRESET, ...overrides },
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T01:00:00.000Z',
    progress: { step: 6, total: 6, etaSeconds: null },
    failure: null,
    pid: null,
    trainedElsewhere: null,
    warnings: [],
    sweep: null,
  })
}

/** One metrics row per reward, step = 1, 2, …; wall time 10 s per iteration; val/acc every second iteration. */
export function syntheticMetrics(rewards: readonly number[], extra: (step: number) => Record<string, number> = () => ({})): MetricsRow[] {
  return rewards.map((reward, i) =>
    MetricsRow.parse({
      step: i + 1,
      time: 1_700_000_000 + i,
      values: {
        'critic/score/mean': reward,
        'rollout/acc_before_filter': reward,
        'train/wall_time': 10 * (i + 1),
        ...(i % 2 === 1 ? { 'val/acc': reward / 2 } : {}),
        ...extra(i + 1),
      },
    }),
  )
}

/** A rollout record whose steps have the given rewards and truths (a step per line of the response). */
export function syntheticRecord(row: number, steps: { reward: number | null; truth: boolean | null; text?: string }[]): RolloutRecord {
  let offset = 0
  const parts = steps.map((s, i) => {
    const text = s.text ?? `step ${i + 1}`
    const part = { start: offset, end: offset + text.length, text, tokenStart: i, tokenEnd: i + 1, truth: s.truth, reward: s.reward }
    offset += text.length + 1
    return part
  })
  const response = parts.map((p) => p.text).join('\n')
  const group = Math.floor(row / 4)
  return RolloutRecord.parse({
    iteration: 3,
    row,
    group,
    promptId: `p${group}`,
    prompt: 'What is 1+1?',
    response,
    tokens: parts.map((_, i) => i),
    tokenSpans: parts.map((p) => [p.start, p.end]),
    q: null,
    processReward: null,
    advantages: parts.map(() => 0),
    acc: steps.every((s) => s.truth !== false) ? 1 : 0,
    truncated: false,
    verifierDetail: 'synthetic',
    steps: parts,
  })
}
