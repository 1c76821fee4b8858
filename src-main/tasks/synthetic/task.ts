// What every built-in synthetic reasoning task provides: seeded problem generation with difficulty levels, the
// reference answer, a worked demonstration (for the SFT warm start), the common verifier, a step segmentation of any
// response with character offsets, and the ground truth of every step (for step-level validity of process rewards).

import type { Verifier } from '../verifier'

/** One step of a response: response.slice(start, end) === text. */
export interface StepSpan {
  start: number
  end: number
  text: string
}

export interface SyntheticProblem {
  /** "<task>-L<level>-<seed>-<index>" */
  id: string
  level: number
  prompt: string
  /** Reference answer, as the verifier expects it ("16", "-3", "\frac{5}{6}"). */
  answer: string
}

export interface SyntheticTask<P extends SyntheticProblem = SyntheticProblem> {
  name: string
  levels: readonly number[]
  /** Every character a prompt or a demonstration can contain (for a character-level tokenizer). */
  charset: string
  /** `count` problems at `level`, the same for the same seed. */
  generate(seed: number, count: number, level: number): P[]
  /** Recover the problem from its prompt (throws a clear error on a malformed prompt). */
  parsePrompt(prompt: string): P
  /** A correct worked solution: one step per line, then the answer line "\boxed{...}". */
  demonstration(problem: P): string
  /**
   * A worked solution that follows the task's systematic misconception (one operation type done wrong, the same
   * way every time), or absent when the task has none. SFT uses it for a seeded fraction of demonstrations
   * (RlConfig task.misconception) to build a starting policy with a confident, recurring wrong step.
   */
  misconceivedDemonstration?(problem: P): string
  verify: Verifier
  segmentSteps(response: string): StepSpan[]
  /** One boolean per segmentSteps(response) entry: is that step right? */
  stepTruth(problem: P | string, response: string): boolean[]
  /** Accuracy of the best constant guess (the most frequent answer over 10,000 problems of seed 1), per level; checked by tests. */
  trivialGuessAccuracy: Readonly<Record<number, number>>
}
