// Where a built-in task's prompts come from: the task's seeded generator read in order through a cursor (saved in
// every checkpoint, so a resumed run sees the same prompts), plus a buffer of prompts deferred by the online filter.
// Runs that share a seed see the same prompts in the same order whatever their algorithm (fair comparisons).
// The task grades in-process with its own verifier and knows the truth of every step.
import type { SyntheticProblem, SyntheticTask } from '../../tasks/synthetic/task'
import type { Demonstration, Grader, ProblemCursor, ProblemSource } from './problem-source'

export type { ProblemCursor } from './problem-source'

/** Problems are generated in blocks of this size per (seed, block index), so any cursor can be re-created. */
const BLOCK = 256

/** A built-in task's verifier and step truth, run in-process (they take microseconds). */
export function taskGrader(task: SyntheticTask): Grader {
  return {
    verify: (items) => Promise.resolve(items.map(({ problem, response }) => task.verify(response, problem.answer))),
    steps: (problem, response) => {
      const truth = task.stepTruth(problem.prompt, response)
      return task.segmentSteps(response).map((span, i) => ({ ...span, truth: truth[i] ?? false }))
    },
  }
}

export class BuiltinProblemSource implements ProblemSource {
  private cache = new Map<number, SyntheticProblem[]>()
  cursor: ProblemCursor
  readonly validation: readonly SyntheticProblem[]
  readonly grader: Grader
  readonly description: string
  readonly dataMetrics = {}
  /** Prompts never to train on (the validation set). */
  private readonly exclude: ReadonlySet<string>

  constructor(
    readonly task: SyntheticTask,
    readonly level: number,
    readonly seed: number,
    validationSize: number,
    cursor: ProblemCursor = { next: 0, buffer: [] },
  ) {
    this.cursor = { next: cursor.next, buffer: [...cursor.buffer] }
    this.validation = validationProblems(task, level, seed, validationSize)
    this.exclude = new Set(this.validation.map((p) => p.prompt))
    this.grader = taskGrader(task)
    this.description = `${task.name} level ${level}`
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

  take(count: number): number[] {
    const taken = this.cursor.buffer.splice(0, count)
    while (taken.length < count) {
      const index = this.cursor.next++
      if (!this.exclude.has(this.problem(index).prompt)) taken.push(index)
    }
    return taken
  }

  defer(indices: number[]): void {
    this.cursor.buffer.push(...indices)
  }

  /** The task's worked demonstrations from their own seed stream, apart from RL training and validation prompts. */
  demonstrations(seed: number, count: number): Demonstration[] {
    return this.task.generate((seed * 7919 + 17) >>> 0, count, this.level).map((problem) => ({ problem, response: this.task.demonstration(problem) }))
  }

  close(): Promise<void> {
    return Promise.resolve()
  }
}

/** Held-out problems for validation, from their own seed stream; training skips any prompt among them. */
export function validationProblems(task: SyntheticTask, level: number, seed: number, count: number): SyntheticProblem[] {
  return task.generate((seed ^ 0x5eed_f00d) >>> 0, count, level)
}
