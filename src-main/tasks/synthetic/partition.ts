// Held-out prompts by construction: every prompt of a built-in task belongs to exactly one split — train (SFT
// demonstrations and RL prompts), validation or test — decided by a salted hash of the prompt text alone. Nothing
// about a run (its seed, its algorithm, its SFT settings) can move a prompt across the line, so validation and test
// are disjoint from everything a policy was trained on, in every run, and every run of a task and level is
// validated on the very same items (paired comparisons need that).
import { hashString } from '../random'
import type { SyntheticProblem, SyntheticTask } from './task'

export type PromptSplit = 'train' | 'validation' | 'test'

/**
 * Shares of the prompt space. Validation is large because its standard error must be small next to the gaps being
 * compared (sqrt(0.25/512) ≈ 0.022); small prompt spaces (level 1 of linear-equation and fractions have about 250
 * prompts) cannot give 512 held-out items at any share, and use all of theirs.
 */
export const SPLIT_SHARES: Readonly<Record<PromptSplit, number>> = { train: 0.6, validation: 0.3, test: 0.1 }

/** Bump to re-partition every task (old runs' validation sets would then differ from new ones). */
const PARTITION_SALT = 'prime-workbench/partition/v1'

/** The split a prompt of `task` belongs to. */
export function promptSplit(task: string, prompt: string): PromptSplit {
  const u = hashString(`${PARTITION_SALT}\u0000${task}\u0000${prompt}`) / 2 ** 32
  if (u < SPLIT_SHARES.train) return 'train'
  return u < SPLIT_SHARES.train + SPLIT_SHARES.validation ? 'validation' : 'test'
}

/** Seeds of the streams that held-out sets are drawn from; fixed, so every run of a task and level sees the same set. */
const HELD_OUT_STREAM: Readonly<Record<Exclude<PromptSplit, 'train'>, number>> = { validation: 0x5eed_f00d, test: 0x7e57_da7a }
/** Problems drawn per search block, and how many blocks in a row may bring nothing new before the space counts as exhausted. */
const SEARCH_BLOCK = 2048
const EXHAUSTED_AFTER = 8

/**
 * `count` distinct held-out problems of one split (fewer when the task's prompt space at this level holds fewer:
 * the caller reports the actual size), in a fixed order.
 */
export function heldOutProblems(task: SyntheticTask, level: number, split: Exclude<PromptSplit, 'train'>, count: number): SyntheticProblem[] {
  const seen = new Set<string>()
  const out: SyntheticProblem[] = []
  for (let block = 0, barren = 0; out.length < count && barren < EXHAUSTED_AFTER; block++) {
    const before = out.length
    for (const problem of task.generate((HELD_OUT_STREAM[split] + block * 0x9e37) >>> 0, SEARCH_BLOCK, level)) {
      if (out.length === count) break
      if (seen.has(problem.prompt) || promptSplit(task.name, problem.prompt) !== split) continue
      seen.add(problem.prompt)
      out.push(problem)
    }
    barren = out.length === before ? barren + 1 : 0
  }
  return out
}
