// Everything a run reads before it trains, opened the same way by the trainer and by the host (which checks a
// config before any trainer starts, and previews the first prompt in the launch form): the model spec (architecture,
// tokenizer, stop tokens), the prompt encoder, and the problem source — a built-in task, or a workspace dataset.
// Each problem is a SettingError naming the setting.
import type { DatasetTask, RlConfig } from '../../../src-preload/contract/rl-config'
import { PLAIN_PROMPT, runsSftWarmStart as runsSft } from '../../../src-preload/contract/rl-config'
import { SYNTHETIC_TASKS } from '../../tasks/synthetic'
import { Verification } from '../../tasks/verification'
import { DatasetProblemSource, readDatasetSplits, type DatasetSplits } from './dataset-source'
import { openModelSpec, type ModelSpec } from './model-spec'
import type { Problem, ProblemCursor, ProblemSource } from './problem-source'
import { BuiltinProblemSource } from './problems'
import { promptEncoder, type PromptEncoder } from './prompt-encoder'
import { SettingError } from './setting-error'

export interface RunInputs {
  model: ModelSpec
  prompts: PromptEncoder
  source: ProblemSource
}

export interface RunInputOptions {
  /** The workspace's datasets folder. */
  datasetsDir: string
  cursor?: ProblemCursor
  /** The verifier pool's worker script (a bundled trainer passes its built verify-worker.js). */
  verifierWorkerUrl?: URL
}

export function encoderFor(config: RlConfig, model: ModelSpec): PromptEncoder {
  const format = config.task.kind === 'builtin' ? PLAIN_PROMPT : config.task.prompt
  return promptEncoder(format, model.tokenizer, model.description)
}

function checkFits(config: RlConfig, model: ModelSpec): void {
  if (config.task.kind !== 'dataset') return
  const need = config.task.maxPromptTokens + config.rollout.maxResponseTokens
  if (need > model.config.maxPositions) {
    throw new SettingError(
      'task.maxPromptTokens',
      `${config.task.maxPromptTokens} prompt + ${config.rollout.maxResponseTokens} response tokens exceed the ${model.config.maxPositions} positions of ${model.description}`,
    )
  }
}

/** An encoder whose failures (a character the tokenizer lacks) are vocabulary-mismatch errors naming the model setting. */
function checkedEncoder(prompts: PromptEncoder, model: ModelSpec, where: string): PromptEncoder {
  const wrap = <T>(problem: Problem, work: () => T): T => {
    try {
      return work()
    } catch (e) {
      if (e instanceof SettingError) throw e
      const setting = model.weightsDir === null ? 'model.preset' : 'model.path'
      throw new SettingError(setting, `vocabulary mismatch: ${model.description} cannot encode row ${problem.id} of ${where}: ${(e as Error).message}`, { cause: e })
    }
  }
  return { text: (p) => wrap(p, () => prompts.text(p)), encode: (p) => wrap(p, () => prompts.encode(p)) }
}

/** SFT solutions must be encodable too (the character tokenizer knows only its charset). */
function checkSolutions(splits: DatasetSplits, model: ModelSpec): void {
  for (const problem of splits.train) {
    if (problem.solution === null) continue
    try {
      model.tokenizer.encode(problem.solution)
    } catch (e) {
      throw new SettingError(model.weightsDir === null ? 'model.preset' : 'model.path', `vocabulary mismatch: ${model.description} cannot encode the solution of row ${problem.id} of ${splits.name}: ${(e as Error).message}`, { cause: e })
    }
  }
}

export async function openRunInputs(config: RlConfig, options: RunInputOptions): Promise<RunInputs> {
  const model = await openModelSpec(config.model)
  const prompts = encoderFor(config, model)
  const task = config.task
  if (task.kind === 'builtin') {
    const builtin = SYNTHETIC_TASKS[task.name]
    if (!builtin) throw new SettingError('task.name', `${task.name} is not a built-in task`)
    return { model, prompts, source: new BuiltinProblemSource(builtin, task.level, config.seed, task, options.cursor) }
  }
  const splits = await readDatasetSplits(options.datasetsDir, task)
  checkFits(config, model)
  const checked = checkedEncoder(prompts, model, splits.name)
  if (runsSft(config)) checkSolutions(splits, model)
  const verification = new Verification(options.verifierWorkerUrl ? { pool: { workerUrl: options.verifierWorkerUrl } } : {})
  const source = new DatasetProblemSource(task, splits, checked, config.seed, verification, options.cursor)
  if (runsSft(config)) source.demonstrations(config.sft.seed, 1)
  return { model, prompts: checked, source }
}

export interface RunPreview {
  /** "arith-chain level 1", "dataset MATH-500". */
  source: string
  model: string
  vocabSize: number
  /** The stop tokens as the vocabulary writes them. */
  stopTokens: string[]
  /** The first training problem, exactly as the model will see it. */
  problemId: string
  question: string
  promptText: string
  promptTokens: number
  trainRows: number
  validationRows: number
}

/** How many prompts a preview encodes to count the ones too long (the trainer counts all of them). */
export const PREVIEW_SAMPLE = 200

/**
 * Checks a config as far as can be done without training (each problem a SettingError naming the setting) and
 * renders the first training prompt through the trainer's own encoder. Cheap enough to run on every change of the
 * launch form: a dataset's prompts are encoded only for a character tokenizer (whose charset they must fit).
 */
export interface PreviewSources {
  openModel: (model: RlConfig['model']) => Promise<ModelSpec>
  readSplits: (datasetsDir: string, task: DatasetTask) => Promise<DatasetSplits>
}

export async function previewRun(
  config: RlConfig,
  datasetsDir: string,
  { openModel, readSplits }: PreviewSources = { openModel: openModelSpec, readSplits: readDatasetSplits },
): Promise<RunPreview> {
  const model = await openModel(config.model)
  const prompts = encoderFor(config, model)
  const stopTokens = model.stopTokens.map((id) => model.tokenizer.tokenToString(id))
  const base = { model: model.description, vocabSize: model.config.vocabSize, stopTokens }
  const task = config.task
  if (task.kind === 'builtin') {
    const source = new BuiltinProblemSource(SYNTHETIC_TASKS[task.name]!, task.level, config.seed, task)
    const first = source.problem(source.take(1)[0]!)
    const ids = prompts.encode(first)
    return { ...base, source: source.description, problemId: first.id, question: first.prompt, promptText: prompts.text(first), promptTokens: ids.length, trainRows: 0, validationRows: source.validation.length }
  }
  const splits = await readSplits(datasetsDir, task)
  checkFits(config, model)
  const checked = checkedEncoder(prompts, model, splits.name)
  if (model.weightsDir === null) for (const problem of [...splits.train, ...splits.validation]) checked.encode(problem)
  else checked.encode(splits.validation[0]!)
  if (runsSft(config)) {
    checkSolutions(splits, model)
    if (!splits.train.some((p) => p.solution !== null)) {
      throw new SettingError('sft.steps', `dataset ${splits.name} has no worked solutions (extra.solution) in its ${task.trainSplit} split to warm-start on; set sft.steps to 0`)
    }
  }
  const first = splits.train[0]!
  const ids = checked.encode(first)
  return {
    ...base,
    source: `dataset ${splits.name}`,
    problemId: first.id,
    question: first.prompt,
    promptText: checked.text(first),
    promptTokens: ids.length,
    trainRows: splits.train.length,
    validationRows: Math.min(splits.validation.length, task.validationSize),
  }
}
