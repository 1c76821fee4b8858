// A workspace dataset as the RL loop's ProblemSource (problem-source.ts): the rows of one split are the train
// stream, those of another the validation set (the importer's splits are disjoint, and de-duplication makes their
// prompts distinct). Rows whose encoded prompt is longer than task.maxPromptTokens are left out of both, as verl's
// filter_overlong_prompts does, and counted in data/overlong_prompts. The train stream visits every row once per
// epoch, in a fresh seeded order each epoch when task.shuffle is on (verl's data.shuffle), else in file order.
// Responses are graded by the configured verifier through the verifier pool (math in worker threads under a hard
// timeout, code in the sandbox); a dataset generated from a built-in task, graded by that task's verifier and split
// into lines, also gets the task's step truth.
import { createReadStream, existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { DatasetTask } from '../../../src-preload/contract/rl-config'
import type { NormalisedRow } from '../../tasks/import/types'
import { mulberry32 } from '../../tasks/random'
import { segmentSteps } from '../../tasks/step-rules'
import { SYNTHETIC_TASKS } from '../../tasks/synthetic'
import type { Verification } from '../../tasks/verification'
import type { VerifyResult } from '../../tasks/verifier'
import type { Demonstration, Grader, Problem, ProblemCursor, ProblemSource } from './problem-source'
import type { PromptEncoder } from './prompt-encoder'
import { SettingError } from './setting-error'

export const DATASET_ROWS_FILE = 'rows.jsonl'
export const DATASET_META_FILE = 'meta.json'

/** A dataset row as a problem; its worked solution (extra.solution) is kept for SFT. */
export interface DatasetProblem extends Problem {
  solution: string | null
}

function toProblem(row: NormalisedRow): DatasetProblem {
  const solution = row.extra?.solution
  return {
    id: row.id,
    prompt: row.prompt,
    answer: row.reference,
    ...(row.messages ? { messages: row.messages } : {}),
    ...(row.stepLabels ? { stepLabels: row.stepLabels } : {}),
    solution: typeof solution === 'string' && solution.trim() !== '' ? solution : null,
  }
}

export interface DatasetSplits {
  name: string
  train: DatasetProblem[]
  validation: DatasetProblem[]
}

/** The rows of the task's train and validation splits, in file order; errors name task.dataset or the split. */
export async function readDatasetSplits(datasetsDir: string, task: DatasetTask): Promise<DatasetSplits> {
  const dir = join(datasetsDir, task.dataset)
  const metaPath = join(dir, DATASET_META_FILE)
  if (!existsSync(metaPath)) {
    throw new SettingError('task.dataset', `no dataset with id ${task.dataset} in this workspace (${datasetsDir}); it may have been deleted — pick one from the Datasets view`)
  }
  const meta = JSON.parse(await readFile(metaPath, 'utf8')) as { name?: string }
  const train: DatasetProblem[] = []
  const validation: DatasetProblem[] = []
  const lines = createInterface({ input: createReadStream(join(dir, DATASET_ROWS_FILE), { encoding: 'utf8' }), crlfDelay: Infinity })
  for await (const line of lines) {
    if (line.trim() === '') continue
    const row = JSON.parse(line) as NormalisedRow
    if (row.split === task.trainSplit) train.push(toProblem(row))
    else if (row.split === task.validationSplit) validation.push(toProblem(row))
  }
  const name = meta.name ?? task.dataset
  for (const [setting, split, rows] of [['task.trainSplit', task.trainSplit, train], ['task.validationSplit', task.validationSplit, validation]] as const) {
    if (rows.length === 0) throw new SettingError(setting, `dataset ${name} (${task.dataset}) has no rows in its ${split} split`)
  }
  return { name, train, validation }
}

/** Problems whose encoded prompt fits in maxPromptTokens, and how many did not. */
export function fittingPrompts(problems: readonly DatasetProblem[], prompts: PromptEncoder, maxPromptTokens: number): { kept: DatasetProblem[]; overlong: number } {
  const kept = problems.filter((p) => prompts.encode(p).length <= maxPromptTokens)
  return { kept, overlong: problems.length - kept.length }
}

/** A seeded Fisher–Yates permutation of 0..n-1. */
function permutation(n: number, seed: number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i)
  const rng = mulberry32(seed)
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(0, i)
    ;[order[i], order[j]] = [order[j]!, order[i]!]
  }
  return order
}

/** The pool's verdicts; a check that throws (a verifier's error on this response) scores 0 and says why. */
function poolGrader(task: DatasetTask, verification: Verification): Grader {
  const builtin = Object.hasOwn(SYNTHETIC_TASKS, task.verifier) ? SYNTHETIC_TASKS[task.verifier]! : null
  const knowsStepTruth = builtin !== null && task.steps.split === 'lines'
  return {
    async verify(items) {
      const settled = await Promise.allSettled(items.map(({ problem, response }) => verification.verify({ verifier: task.verifier, response, reference: problem.answer })))
      return settled.map((s): VerifyResult => (s.status === 'fulfilled' ? { score: s.value.score, detail: s.value.detail, ...(s.value.extracted !== undefined ? { extracted: s.value.extracted } : {}) } : { score: 0, detail: `error: ${(s.reason as Error).message}` }))
    },
    steps(problem, response) {
      const spans = segmentSteps(response, task.steps)
      let truth: readonly (boolean | null)[] = []
      if (knowsStepTruth) {
        try {
          truth = builtin.stepTruth(problem.prompt, response)
        } catch {
          // The prompt is not in the task's form (a hand-made row): its steps cannot be judged.
        }
      }
      return spans.map((span, i) => ({ ...span, truth: truth[i] ?? null }))
    },
  }
}

export class DatasetProblemSource implements ProblemSource {
  cursor: ProblemCursor
  readonly grader: Grader
  readonly description: string
  readonly validation: readonly DatasetProblem[]
  /** A dataset run is scored on its validation split only (no test/acc yet). */
  readonly test: readonly DatasetProblem[] = []
  readonly dataMetrics: Readonly<Record<string, number>>
  private readonly train: readonly DatasetProblem[]
  private epochOrder: { epoch: number; order: Int32Array } | null = null

  constructor(
    private readonly task: DatasetTask,
    splits: DatasetSplits,
    prompts: PromptEncoder,
    private readonly seed: number,
    private readonly verification: Verification,
    cursor: ProblemCursor = { next: 0, buffer: [] },
  ) {
    this.description = `dataset ${splits.name}`
    const train = fittingPrompts(splits.train, prompts, task.maxPromptTokens)
    const validation = fittingPrompts(splits.validation, prompts, task.maxPromptTokens)
    if (train.kept.length === 0) {
      throw new SettingError('task.maxPromptTokens', `every one of the ${splits.train.length} ${task.trainSplit} prompts of ${splits.name} is longer than ${task.maxPromptTokens} tokens`)
    }
    if (validation.kept.length === 0) {
      throw new SettingError('task.maxPromptTokens', `every one of the ${splits.validation.length} ${task.validationSplit} prompts of ${splits.name} is longer than ${task.maxPromptTokens} tokens`)
    }
    this.train = train.kept
    this.validation = validation.kept.slice(0, task.validationSize)
    this.dataMetrics = { 'data/train_prompts': train.kept.length, 'data/overlong_prompts': train.overlong + validation.overlong }
    this.grader = poolGrader(task, verification)
    this.cursor = { next: cursor.next, buffer: [...cursor.buffer] }
  }

  problem(index: number): DatasetProblem {
    const n = this.train.length
    const epoch = Math.floor(index / n)
    if (!this.task.shuffle) return this.train[index % n]!
    if (this.epochOrder?.epoch !== epoch) this.epochOrder = { epoch, order: permutation(n, (this.seed * 1_000_003 + epoch) >>> 0) }
    return this.train[this.epochOrder.order[index % n]!]!
  }

  take(count: number): number[] {
    const taken = this.cursor.buffer.splice(0, count)
    while (taken.length < count) taken.push(this.cursor.next++)
    return taken
  }

  defer(indices: number[]): void {
    this.cursor.buffer.push(...indices)
  }

  /** Train rows with a worked solution (extra.solution), in a seeded order, cycled as often as needed. */
  demonstrations(seed: number, count: number): Demonstration[] {
    const solved = this.train.filter((p) => p.solution !== null)
    if (solved.length === 0) {
      throw new SettingError('sft.steps', `${this.description} has no worked solutions (extra.solution) in its ${this.task.trainSplit} split to warm-start on; set sft.steps to 0`)
    }
    const order = permutation(solved.length, (seed * 7919 + 17) >>> 0)
    return Array.from({ length: count }, (_, i) => {
      const problem = solved[order[i % solved.length]!]!
      return { problem, response: problem.solution! }
    })
  }

  close(): Promise<void> {
    return this.verification.close()
  }
}
