// Where prompts come from: a built-in task's seeded generator read in order through a cursor (saved in every
// checkpoint, so a resumed run sees the same prompts), plus a buffer of prompts deferred by the online filter.
// Runs that share a seed see the same prompts in the same order whatever their algorithm (fair comparisons).
// Only prompts of the task's train split are served (../../tasks/synthetic/partition.ts): validation and test
// prompts never reach training.
import { promptSplit } from '../../tasks/synthetic/partition'
import type { SyntheticProblem, SyntheticTask } from '../../tasks/synthetic/task'

/** Problems are generated in blocks of this size per (seed, block index), so any cursor can be re-created. */
const BLOCK = 256

export interface ProblemCursor {
  /** Index of the next problem in the task's seeded sequence. */
  next: number
  /** Deferred problems (indices into the sequence), served before new ones. */
  buffer: number[]
}

export class ProblemSource {
  private cache = new Map<number, SyntheticProblem[]>()
  cursor: ProblemCursor

  constructor(
    readonly task: SyntheticTask,
    readonly level: number,
    readonly seed: number,
    cursor: ProblemCursor = { next: 0, buffer: [] },
  ) {
    this.cursor = { next: cursor.next, buffer: [...cursor.buffer] }
  }

  problem(index: number): SyntheticProblem {
    const block = Math.floor(index / BLOCK)
    let problems = this.cache.get(block)
    if (!problems) {
      // A distinct seed per block keeps blocks independent of each other; the XOR mixes in the block number.
      problems = this.task.generate((this.seed * 1_000_003 + block) >>> 0, BLOCK, this.level)
      this.cache.set(block, problems)
      if (this.cache.size > 8) this.cache.delete(this.cache.keys().next().value as number)
    }
    return problems[index % BLOCK]!
  }

  /** The next `count` problem indices: deferred ones first, then fresh ones. */
  take(count: number): number[] {
    const taken = this.cursor.buffer.splice(0, count)
    while (taken.length < count) {
      const index = this.cursor.next++
      if (promptSplit(this.task.name, this.problem(index).prompt) === 'train') taken.push(index)
    }
    return taken
  }

  /** Put problems back to be served first next time (the filter's overflow). */
  defer(indices: number[]): void {
    this.cursor.buffer.push(...indices)
  }
}
