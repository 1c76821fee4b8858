// The launch form's sections and fields: one entry per RlConfig setting (config-fields.test.ts checks that none is
// missing), with a label and a one-line hint in the terms of ../shared/docs/prime-algorithm.md. Enum options come
// from the schema itself so the form cannot offer a value the host would refuse. The task, the model and the prompt
// format are unions: a field shows when the config holds its path, and choosing another `kind` swaps the section
// for that member's defaults (VARIANTS).
import {
  BUILTIN_TASK_NAMES,
  BOXED_INSTRUCTION,
  DATASET_TASK_DEFAULTS,
  DatasetVerifier,
  LAPTOP_PRESET,
  ModelPreset,
  PAPER_PRESET,
  RlConfig,
} from '../../../../src-preload/contract/rl-config'

/** text: one line as typed (trimmed); multiline: as typed, line breaks kept; dataset: a workspace dataset id. */
export type FieldKind = 'int' | 'number' | 'enum' | 'boolean' | 'optional-text' | 'text' | 'multiline' | 'dataset'

export interface FieldSpec {
  path: string
  label: string
  kind: FieldKind
  hint?: string
  options?: readonly string[]
}

export interface SectionSpec {
  id: string
  title: string
  /** Only algorithms with the implicit PRM read this section. */
  prmOnly?: boolean
  fields: FieldSpec[]
}

const shape = RlConfig.shape

/** Each union section of the config, by its path: the defaults of every member, by kind. */
export const VARIANTS: Readonly<Record<string, Readonly<Record<string, () => Record<string, unknown>>>>> = {
  task: {
    builtin: () => structuredClone(LAPTOP_PRESET.task),
    dataset: () => ({ ...structuredClone(DATASET_TASK_DEFAULTS), dataset: '' }),
  },
  model: {
    preset: () => ({ kind: 'preset', preset: 'XS' }),
    checkpoint: () => ({ kind: 'checkpoint', path: '', sftWarmStart: false }),
  },
  'task.prompt': {
    plain: () => ({ kind: 'plain', template: '{question}\n', instruction: BOXED_INSTRUCTION }),
    chat: () => ({ kind: 'chat', systemMessage: null, instruction: BOXED_INSTRUCTION }),
  },
}

/** The section a `kind` field switches, or null for an ordinary field. */
export function variantSection(path: string): string | null {
  if (!path.endsWith('.kind')) return null
  const section = path.slice(0, -'.kind'.length)
  return Object.hasOwn(VARIANTS, section) ? section : null
}

/** A config of every union member the form can show, to check that each setting has its field. */
export const VARIANT_EXAMPLES: readonly Record<string, unknown>[] = [
  PAPER_PRESET,
  { ...PAPER_PRESET, task: VARIANTS.task!.dataset!(), model: VARIANTS.model!.checkpoint!() },
  { ...PAPER_PRESET, task: { ...VARIANTS.task!.dataset!(), prompt: VARIANTS['task.prompt']!.chat!() } },
]

/** Settings the form places outside the sections (the run mode picks algorithm and seed). */
export const MODE_PATHS = ['kind', 'algorithm', 'seed'] as const

export const SECTIONS: SectionSpec[] = [
  {
    id: 'run',
    title: 'Run',
    fields: [{ path: 'iterations', label: 'Iterations', kind: 'int', hint: 'rollout → update cycles' }],
  },
  {
    id: 'task',
    title: 'Task',
    fields: [
      { path: 'task.kind', label: 'Train on', kind: 'enum', options: ['builtin', 'dataset'], hint: 'a built-in task (knows every step’s truth) or a workspace dataset' },
      { path: 'task.name', label: 'Task', kind: 'enum', options: BUILTIN_TASK_NAMES, hint: 'built-in synthetic task; it knows the truth of every step' },
      { path: 'task.level', label: 'Level', kind: 'int', hint: '1 (easy) – 5' },
      { path: 'task.testSize', label: 'Test prompts', kind: 'int', hint: 'held out; scored once, with the final policy' },
      { path: 'task.misconception', label: 'Misconception rate ρ', kind: 'number', hint: 'arith-chain: share of SFT demos that subtract smaller-from-larger' },
      { path: 'task.dataset', label: 'Dataset', kind: 'dataset', hint: 'imported in the Datasets view' },
      { path: 'task.trainSplit', label: 'Train split', kind: 'enum', options: ['train', 'validation', 'test'] },
      { path: 'task.validationSplit', label: 'Validation split', kind: 'enum', options: ['train', 'validation', 'test'], hint: 'held out; greedy accuracy' },
      { path: 'task.validationSize', label: 'Validation prompts', kind: 'int', hint: 'held out from SFT and RL; greedy accuracy ± SE' },
      { path: 'task.shuffle', label: 'Shuffle train rows every epoch', kind: 'boolean' },
      { path: 'task.verifier', label: 'Verifier', kind: 'enum', options: DatasetVerifier.options, hint: 'math: answers (in worker threads); code: tests in the sandbox' },
      { path: 'task.prompt.kind', label: 'Prompt format', kind: 'enum', options: ['plain', 'chat'], hint: 'plain template, or the model’s chat template' },
      { path: 'task.prompt.template', label: 'Template', kind: 'multiline', hint: '{question} is replaced by the question (and instruction)' },
      { path: 'task.prompt.systemMessage', label: 'System message', kind: 'optional-text', hint: 'empty = none' },
      { path: 'task.prompt.instruction', label: 'Instruction', kind: 'multiline', hint: 'appended to the question after a blank line; may be empty' },
      { path: 'task.maxPromptTokens', label: 'Max prompt tokens', kind: 'int', hint: 'longer prompts are left out (data/overlong_prompts)' },
      { path: 'task.steps.split', label: 'Reasoning steps', kind: 'enum', options: ['lines', 'paragraphs', 'marker'], hint: 'how a response splits into steps for heatmaps' },
      { path: 'task.steps.marker', label: 'Step marker', kind: 'text', hint: 'regular expression for “marker”, e.g. ^Step \\d+:' },
    ],
  },
  {
    id: 'model',
    title: 'Model',
    fields: [
      { path: 'model.kind', label: 'Model', kind: 'enum', options: ['preset', 'checkpoint'], hint: 'a preset size, or a Hugging Face checkpoint folder' },
      { path: 'model.preset', label: 'Model size', kind: 'enum', options: ModelPreset.options },
      { path: 'model.path', label: 'Checkpoint folder', kind: 'text', hint: 'config.json, *.safetensors, tokenizer.json on the host machine' },
      { path: 'model.sftWarmStart', label: 'SFT warm start first', kind: 'boolean', hint: 'off: start RL from the checkpoint as it is' },
    ],
  },
  {
    id: 'sft',
    title: 'SFT warm start',
    fields: [
      { path: 'sft.seed', label: 'SFT seed', kind: 'int', hint: 'runs with equal SFT settings share one SFT checkpoint' },
      { path: 'sft.steps', label: 'SFT steps', kind: 'int', hint: '0 = no warm start' },
      { path: 'sft.batchSize', label: 'SFT batch size', kind: 'int' },
      { path: 'sft.lr', label: 'SFT learning rate', kind: 'number' },
    ],
  },
  {
    id: 'rollout',
    title: 'Rollout',
    fields: [
      { path: 'rollout.promptsPerIteration', label: 'Prompts per iteration', kind: 'int', hint: 'groups after filtering; paper 256' },
      { path: 'rollout.samplesPerPrompt', label: 'Samples per prompt (K)', kind: 'int', hint: 'paper 4' },
      { path: 'rollout.temperature', label: 'Temperature', kind: 'number' },
      { path: 'rollout.topP', label: 'Top-p', kind: 'number' },
      { path: 'rollout.topK', label: 'Top-k', kind: 'int', hint: '0 = off' },
      { path: 'rollout.maxResponseTokens', label: 'Max response tokens', kind: 'int' },
    ],
  },
  {
    id: 'filter',
    title: 'Online prompt filter',
    fields: [
      { path: 'filter.enabled', label: 'Filter prompts by group accuracy', kind: 'boolean' },
      { path: 'filter.accuracyLower', label: 'Keep groups with accuracy ≥', kind: 'number', hint: 'paper 0.2' },
      { path: 'filter.accuracyUpper', label: '… and ≤', kind: 'number', hint: 'paper 0.8' },
      { path: 'filter.dropTruncated', label: 'Drop groups with a truncated response', kind: 'boolean' },
      { path: 'filter.maxRefillRounds', label: 'Refill rounds', kind: 'int', hint: 'extra rollouts before training on a short batch' },
      { path: 'filter.processRewardOnTopUp', label: 'Process rewards on top-up groups', kind: 'boolean', hint: 'failing groups that fill a short batch; off = they train nothing' },
    ],
  },
  {
    id: 'prm',
    title: 'Implicit PRM',
    prmOnly: true,
    fields: [
      { path: 'prm.updateMode', label: 'Update mode', kind: 'enum', options: shape.prm.shape.updateMode.options, hint: 'single = score, then update, per mini-batch' },
      { path: 'prm.granularity', label: 'Reward granularity', kind: 'enum', options: shape.prm.shape.granularity.options },
      { path: 'prm.reference', label: 'Reference model', kind: 'enum', options: shape.prm.shape.reference.options, hint: 'policy = skip the frozen SFT copy' },
      { path: 'prm.beta', label: 'β', kind: 'number', hint: 'enters the PRM loss only; paper 0.05' },
      { path: 'prm.lr', label: 'PRM learning rate', kind: 'number' },
      { path: 'prm.weightDecay', label: 'PRM weight decay', kind: 'number' },
      { path: 'prm.gradClip', label: 'PRM grad-norm clip', kind: 'number' },
      { path: 'prm.miniBatches', label: 'PRM mini-batches per iteration', kind: 'int', hint: 'PRM optimizer steps; must divide prompts × K' },
    ],
  },
  {
    id: 'policy',
    title: 'Policy (PPO-clip)',
    fields: [
      { path: 'policy.lr', label: 'Policy learning rate', kind: 'number' },
      { path: 'policy.weightDecay', label: 'Weight decay', kind: 'number' },
      { path: 'policy.gradClip', label: 'Grad-norm clip', kind: 'number' },
      { path: 'policy.clipRange', label: 'Clip range ε', kind: 'number', hint: 'paper 0.2' },
      { path: 'policy.miniBatches', label: 'Mini-batches per iteration', kind: 'int', hint: 'must divide prompts × K' },
      { path: 'policy.epochs', label: 'Epochs', kind: 'int' },
      { path: 'policy.lossAggregation', label: 'Loss aggregation', kind: 'enum', options: shape.policy.shape.lossAggregation.options },
      { path: 'policy.entropyCoef', label: 'Entropy bonus', kind: 'number' },
      { path: 'policy.klCoef', label: 'KL penalty', kind: 'number' },
    ],
  },
  {
    id: 'advantages',
    title: 'Advantages',
    fields: [
      { path: 'advantages.gammaProcess', label: 'γ process rewards', kind: 'number' },
      { path: 'advantages.gammaOutcome', label: 'γ outcome reward', kind: 'number' },
    ],
  },
  {
    id: 'logging',
    title: 'Logging',
    fields: [
      { path: 'logging.validateEvery', label: 'Validate every', kind: 'int', hint: 'iterations' },
      { path: 'logging.checkpointEvery', label: 'Checkpoint every', kind: 'int', hint: 'iterations; resume after a crash restarts here' },
      { path: 'logging.rolloutSamples', label: 'Responses kept per iteration', kind: 'int', hint: 'for the step heatmap; 0 = none' },
      { path: 'logging.heldOutPrmPrompts', label: 'Held-out PRM check prompts', kind: 'int', hint: 'validation prompts sampled K times to test the PRM; 0 = off' },
    ],
  },
]

export const FIELDS: FieldSpec[] = SECTIONS.flatMap((section) => section.fields)

/** The field a dotted path belongs to, or undefined (the form shows such issues at its top). */
export function fieldFor(path: string): FieldSpec | undefined {
  return FIELDS.find((field) => field.path === path)
}

/** Turns what an input holds into the value its setting takes (the schema then judges it). */
export function parseInput(field: FieldSpec, raw: string | boolean): number | string | boolean | null {
  if (field.kind === 'boolean') return raw === true
  const text = String(raw)
  if (field.kind === 'optional-text') return text.trim() === '' ? null : text.trim()
  if (field.kind === 'text') return text.trim()
  if (field.kind === 'enum' || field.kind === 'dataset' || field.kind === 'multiline') return text
  // An empty or malformed number becomes NaN, which the schema reports as "enter a number" beside the field.
  // Only plain decimal or scientific notation counts: Number() would also take "0x10" or "Infinity".
  const trimmed = text.trim()
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed) ? Number(trimmed) : Number.NaN
}

/** What an input shows for a setting's value. */
export function formatInput(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isNaN(value) ? '' : String(value)
  return String(value)
}
