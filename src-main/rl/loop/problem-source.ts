// What the RL loop needs from its data, whatever it is: a built-in task's seeded generator (problems.ts) or the rows
// of a workspace dataset (dataset-source.ts). A source serves a train stream through a cursor (saved in every
// checkpoint, so a resumed run sees the same prompts), holds a validation set disjoint from that stream, gives
// worked demonstrations for the SFT warm start, and grades responses.
import type { VerifyResult } from '../../tasks/verifier'
import type { StepSpan } from '../../tasks/synthetic/task'

/** One prompt of a run: a built-in task's problem or a dataset row. */
export interface Problem {
  /** Unique within the source (a task's problem id, a dataset row id). */
  id: string
  /** The question as the user asks it (a chat row: the content of its last user message). */
  prompt: string
  /** Reference answer the verifier grades against. */
  answer: string
  /** A chat row's whole message list, for chat-template prompts. */
  messages?: readonly { role: string; content: string }[]
  /** Human step labels of a worked solution (validation rows of process-labelled datasets). */
  stepLabels?: { steps: readonly string[]; correct: readonly (boolean | null)[] }
}

export interface ProblemCursor {
  /** Index of the next problem in the source's train stream. */
  next: number
  /** Deferred problems (indices into the stream), served before new ones. */
  buffer: number[]
}

/** One reasoning step of a response and its truth where the source knows it (null = not judged). */
export interface JudgedStep extends StepSpan {
  truth: boolean | null
}

export interface Grader {
  /** Outcome scores of responses, in order. May run off the main thread (the verifier pool); never rejects for a bad response. */
  verify(items: readonly { problem: Problem; response: string }[]): Promise<VerifyResult[]>
  /** The response's reasoning steps, each with its truth where known. */
  steps(problem: Problem, response: string): JudgedStep[]
}

export interface Demonstration {
  problem: Problem
  /** A worked solution, as the model should write it. */
  response: string
  /** It follows the task's systematic misconception on purpose (built-in tasks with task.misconception > 0). */
  misconceived?: boolean
}

export interface ProblemSource {
  /** Where a run's problems come from, for messages ("arith-chain level 1", "dataset ds_… (MATH-500)"). */
  readonly description: string
  /** Where the train stream stands; a resumed run sets it from its checkpoint. */
  cursor: ProblemCursor
  /** The problem at `index` of the train stream. */
  problem(index: number): Problem
  /** The next `count` indices of the train stream: deferred ones first, then fresh ones. */
  take(count: number): number[]
  /** Put problems back to be served first next time (the filter's overflow). */
  defer(indices: number[]): void
  /** Held-out problems for validation (greedy accuracy), never served by the train stream or as demonstrations. */
  readonly validation: readonly Problem[]
  /** Held-out problems scored once with the final policy (none where the source has no test split). */
  readonly test: readonly Problem[]
  readonly grader: Grader
  /** `count` demonstrations for the SFT warm start, the same for the same seed. */
  demonstrations(seed: number, count: number): Demonstration[]
  /** Facts about the data to log with every iteration (e.g. prompts left out as too long). */
  readonly dataMetrics: Readonly<Record<string, number>>
  /** Releases what the source holds (worker threads of the verifier pool). */
  close(): Promise<void>
}
