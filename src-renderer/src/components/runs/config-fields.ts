// The launch form's sections and fields: one entry per RlConfig setting (config-fields.test.ts checks that none is
// missing), with a label and a one-line hint in the terms of ../shared/docs/prime-algorithm.md. Enum options come
// from the schema itself so the form cannot offer a value the host would refuse.
import { RlConfig } from '../../../../src-preload/contract/rl-config'

export type FieldKind = 'int' | 'number' | 'enum' | 'boolean' | 'optional-text'

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
      { path: 'task.name', label: 'Task', kind: 'enum', options: shape.task.shape.name.options, hint: 'built-in synthetic task; it knows the truth of every step' },
      { path: 'task.level', label: 'Level', kind: 'int', hint: '1 (easy) – 5' },
      { path: 'task.validationSize', label: 'Validation prompts', kind: 'int', hint: 'held out from SFT and RL; greedy accuracy ± SE' },
      { path: 'task.testSize', label: 'Test prompts', kind: 'int', hint: 'held out; scored once, with the final policy' },
      { path: 'task.misconception', label: 'Misconception rate ρ', kind: 'number', hint: 'arith-chain: share of SFT demos that subtract smaller-from-larger' },
    ],
  },
  {
    id: 'model',
    title: 'Model',
    fields: [
      { path: 'model.preset', label: 'Model size', kind: 'enum', options: shape.model.shape.preset.options },
      { path: 'model.initCheckpoint', label: 'Start from checkpoint', kind: 'optional-text', hint: 'a checkpoint folder; empty = SFT warm start' },
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
  if (field.kind === 'enum') return text
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
