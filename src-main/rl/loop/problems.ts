// Where a built-in task's prompts come from: the task's seeded generator read in order through a cursor (saved in
// every checkpoint, so a resumed run sees the same prompts), plus a buffer of prompts deferred by the online filter.
// Runs that share a seed see the same prompts in the same order whatever their algorithm (fair comparisons).
// Only prompts of the task's train split are served, to RL and to SFT alike (../../tasks/synthetic/partition.ts):
// validation and test prompts never reach training. The task grades in-process with its own verifier and knows the
// truth of every step.
import { mulberry32 } from '../../tasks/random'
import { heldOutProblems, promptSplit } from '../../tasks/synthetic/partition'
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

/** What a built-in task's settings decide beyond its name and level (RlConfig task). */
export interface BuiltinSourceOptions {
  validationSize: number
  testSize: number
  /** Fraction ρ of SFT demonstrations that follow the task's misconception. */
  misconception: number
}

export class BuiltinProblemSource implements ProblemSource {
  private cache = new Map<number, SyntheticProblem[]>()
  cursor: ProblemCursor
  readonly validation: readonly SyntheticProblem[]
  readonly test: readonly SyntheticProblem[]
  readonly grader: Grader
  readonly description: string
  readonly dataMetrics = {}
  private readonly misconception: number

  constructor(
    readonly task: SyntheticTask,
    readonly level: number,
    readonly seed: number,
    options: BuiltinSourceOptions,
    cursor: ProblemCursor = { next: 0, buffer: [] },
  ) {
    if (options.misconception > 0 && !task.misconceivedDemonstration) throw new Error(`task.misconception: ${task.name} has no misconception`)
    this.cursor = { next: cursor.next, buffer: [...cursor.buffer] }
    this.validation = heldOutProblems(task, level, 'validation', options.validationSize)
    this.test = heldOutProblems(task, level, 'test', options.testSize)
    this.misconception = options.misconception
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
      if (promptSplit(this.task.name, this.problem(index).prompt) === 'train') taken.push(index)
    }
    return taken
  }

  defer(indices: number[]): void {
    this.cursor.buffer.push(...indices)
  }

  /**
   * Worked demonstrations of train-split problems from their own seed stream. A seeded fraction ρ of them follows the
   * task's misconception (RlConfig task.misconception), decided per demonstration.
   */
  demonstrations(seed: number, count: number): Demonstration[] {
    const draw = mulberry32((seed * 104_729 + 3) >>> 0)
    return demonstrationProblems(this.task, this.level, seed, count).map((problem) => {
      const misconceived = this.misconception > 0 && draw.next() < this.misconception
      return { problem, response: misconceived ? this.task.misconceivedDemonstration!(problem) : this.task.demonstration(problem), misconceived }
    })
  }

  close(): Promise<void> {
    return Promise.resolve()
  }
}

/** `count` train-split problems from the SFT seed's own stream: no validation or test prompt is ever a demonstration. */
export function demonstrationProblems(task: SyntheticTask, level: number, seed: number, count: number): SyntheticProblem[] {
  const out: SyntheticProblem[] = []
  for (let block = 0; out.length < count; block++) {
    const fresh = task.generate((seed * 7919 + 17 + block * 0x9e3779b1) >>> 0, Math.max(count, 256), level)
    for (const problem of fresh) if (out.length < count && promptSplit(task.name, problem.prompt) === 'train') out.push(problem)
  }
  return out
}
