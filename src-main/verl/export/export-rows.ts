// The rows an export hands verl: a run's training and validation prompts with their reference answers, in verl's RL
// dataset shape (one row per prompt). A built-in task's prompts come from its seeded stream, train split only, as
// many as verl's dataloader will draw (steps × batch × oversample factor; repeats kept, as the workbench's stream has
// them); its validation prompts are the task's held-out partition (src-main/tasks/synthetic/partition.ts), the very
// items every local run of that task and level validates on. A dataset task exports its train split and the first
// task.validationSize rows of its validation split. Rows are asked as the run asks them (rl/loop/prompt-encoder.ts):
// the question with the instruction after a blank line; a chat format adds its system message.
import type { PromptFormat, RlConfig } from '../../../src-preload/contract/rl-config'
import { BuiltinProblemSource } from '../../rl/loop/problems'
import type { Problem } from '../../rl/loop/problem-source'
import { chatMessages } from '../../rl/loop/prompt-encoder'
import { readDatasetSplits } from '../../rl/loop/dataset-source'
import { SYNTHETIC_TASKS } from '../../tasks/synthetic'
import { routeVerifier } from './data-sources'

export interface ChatMessage {
  role: string
  content: string
}

export interface ExportRow {
  dataSource: string
  prompt: ChatMessage[]
  ability: string
  groundTruth: string
  split: 'train' | 'validation'
  index: number
  /** The workbench's problem id (a built-in task's, or the dataset row's). */
  problemId: string
}

export interface ExportRows {
  train: ExportRow[]
  validation: ExportRow[]
}

export class ExportError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`)
    this.name = 'ExportError'
  }
}

function messagesFor(problem: Problem, format: PromptFormat): ChatMessage[] {
  if (format.kind === 'chat') return chatMessages(problem, format)
  const content = format.instruction === '' ? problem.prompt : `${problem.prompt}\n\n${format.instruction}`
  return [{ role: 'user', content }]
}

/** Prompts verl's dataloader draws for `config`: each step takes train_batch_size × oversample_factor of them. */
export function trainPromptsNeeded(config: RlConfig, oversampleFactor: number): number {
  return Math.ceil(config.iterations * config.rollout.promptsPerIteration * oversampleFactor)
}

export async function exportRows(config: RlConfig, datasetsDir: string, trainCount: number): Promise<ExportRows> {
  const verifier = config.task.kind === 'builtin' ? config.task.name : config.task.verifier
  const routing = routeVerifier(verifier)
  if ('unmapped' in routing) throw new ExportError(config.task.kind === 'builtin' ? 'task.name' : 'task.verifier', routing.unmapped)
  const row = (problem: Problem, format: PromptFormat, split: ExportRow['split'], index: number): ExportRow => ({
    dataSource: routing.dataSource,
    prompt: messagesFor(problem, format),
    ability: routing.ability,
    groundTruth: problem.answer,
    split,
    index,
    problemId: problem.id,
  })
  const task = config.task
  if (task.kind === 'builtin') {
    const generator = SYNTHETIC_TASKS[task.name]
    if (!generator) throw new ExportError('task.name', `no built-in task ${task.name}`)
    const source = new BuiltinProblemSource(generator, task.level, config.seed, task)
    const plain: PromptFormat = { kind: 'plain', template: '{question}\n', instruction: '' }
    const train = source.take(trainCount).map((index, i) => row(source.problem(index), plain, 'train', i))
    return { train, validation: source.validation.map((problem, i) => row(problem, plain, 'validation', i)) }
  }
  const splits = await readDatasetSplits(datasetsDir, task)
  if (splits.train.length === 0) throw new ExportError('task.trainSplit', `dataset ${task.dataset} has no ${task.trainSplit} rows`)
  return {
    train: splits.train.map((problem, i) => row(problem, task.prompt, 'train', i)),
    validation: splits.validation.slice(0, task.validationSize).map((problem, i) => row(problem, task.prompt, 'validation', i)),
  }
}
