// The rollout browser's logic: a run's sampled responses (rollouts/<iteration>.ndjson) over one or many
// iterations, grouped by iteration and prompt, filtered by prompt, outcome and text, with a second run's responses
// to the same prompt at the same iteration beside them. Paired runs (equal seeds) sample the same prompts where
// their batches share them (src-main/rl/loop/rollout-records.ts picks groups by a hash of the prompt), so the
// second side is empty only where that run did not sample the prompt.
import type { RolloutRecord } from '../../../src-preload/contract/schemas'

export type Outcome = 'all' | 'correct' | 'incorrect'

export interface RolloutFilter {
  /** Only this prompt (by promptId); null = every prompt. */
  promptId: string | null
  outcome: Outcome
  /** Case-insensitive text in the prompt, the response or the verifier's detail. */
  text: string
}

export const ALL_ROLLOUTS: RolloutFilter = { promptId: null, outcome: 'all', text: '' }

export interface RolloutGroup {
  /** `${iteration}:${promptId}` */
  key: string
  iteration: number
  promptId: string
  prompt: string
  /** The first run's responses that pass the filter. */
  left: RolloutRecord[]
  /** The second run's responses that pass the filter (null without a second run). */
  right: RolloutRecord[] | null
  /** Whether the second run sampled this prompt at this iteration at all. */
  rightSampled: boolean
}

export const isCorrect = (record: RolloutRecord) => record.acc >= 1

function passes(record: RolloutRecord, filter: RolloutFilter, needle: string): boolean {
  if (filter.promptId !== null && record.promptId !== filter.promptId) return false
  if (filter.outcome !== 'all' && isCorrect(record) !== (filter.outcome === 'correct')) return false
  if (!needle) return true
  return [record.prompt, record.response, record.verifierDetail].some((text) => text.toLowerCase().includes(needle))
}

const keyOf = (record: RolloutRecord) => `${record.iteration}:${record.promptId}`

/**
 * Groups by (iteration, prompt), newest iteration first and prompts in batch order; a group appears when either
 * side has a response that passes the filter. A prompt only the second run sampled is shown too.
 */
export function rolloutGroups(left: readonly RolloutRecord[], right: readonly RolloutRecord[] | null, filter: RolloutFilter): RolloutGroup[] {
  const needle = filter.text.trim().toLowerCase()
  const groups = new Map<string, RolloutGroup>()
  /** Batch order: the first run's groups first, then prompts only the second run sampled. */
  const order = new Map<string, number>()
  const rightKeys = new Set(right?.map(keyOf) ?? [])
  const add = (record: RolloutRecord, side: 'left' | 'right') => {
    const key = keyOf(record)
    let group = groups.get(key)
    if (!group) {
      group = { key, iteration: record.iteration, promptId: record.promptId, prompt: record.prompt, left: [], right: right ? [] : null, rightSampled: rightKeys.has(key) }
      groups.set(key, group)
      order.set(key, side === 'left' ? record.group : 1e9 + record.group)
    }
    if (passes(record, filter, needle)) (side === 'left' ? group.left : (group.right as RolloutRecord[])).push(record)
  }
  for (const record of left) add(record, 'left')
  for (const record of right ?? []) add(record, 'right')
  return [...groups.values()]
    .filter((g) => g.left.length > 0 || (g.right?.length ?? 0) > 0)
    .sort((a, b) => b.iteration - a.iteration || (order.get(a.key) as number) - (order.get(b.key) as number))
}

export interface PromptOption {
  promptId: string
  prompt: string
  /** Iterations at which the first run sampled it. */
  iterations: number
}

/** Every prompt the records hold, with how many iterations sampled it, most sampled first. */
export function promptOptions(records: readonly RolloutRecord[]): PromptOption[] {
  const byId = new Map<string, { prompt: string; iterations: Set<number> }>()
  for (const record of records) {
    const entry = byId.get(record.promptId) ?? { prompt: record.prompt, iterations: new Set<number>() }
    entry.iterations.add(record.iteration)
    byId.set(record.promptId, entry)
  }
  return [...byId.entries()]
    .map(([promptId, { prompt, iterations }]) => ({ promptId, prompt, iterations: iterations.size }))
    .sort((a, b) => b.iterations - a.iterations || a.prompt.localeCompare(b.prompt))
}

/** Responses and how many are correct, over the groups shown. */
export function rolloutCounts(groups: readonly RolloutGroup[]): { left: number; leftCorrect: number; right: number; rightCorrect: number } {
  const count = (records: readonly RolloutRecord[]) => ({ n: records.length, correct: records.filter(isCorrect).length })
  const left = count(groups.flatMap((g) => g.left))
  const right = count(groups.flatMap((g) => g.right ?? []))
  return { left: left.n, leftCorrect: left.correct, right: right.n, rightCorrect: right.correct }
}
