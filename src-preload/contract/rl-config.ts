// The configuration of an RL run: every hyperparameter of the PRIME authors' run is a setting here, with their
// values as the `paper` preset (../shared/docs/prime-algorithm.md, "Defaults of the authors' main run") and a
// `laptop` preset that learns within minutes on two CPU cores. Shared by the trainer, the CLI and the launch form.
import { z } from 'zod'
import { Seed } from './primitives'

/**
 * The authors' method and its outcome-only baselines, plus a control no other tool has: `dense-surprisal` is PRIME
 * with the implicit PRM's reward replaced by the rollout policy's own log-probabilities (batch-normalised and
 * leave-one-out like PRIME's, no PRM trained). It asks whether PRIME's trained PRM beats the dense credit a policy
 * already has for free.
 */
export const Algorithm = z.enum(['prime', 'rloo', 'grpo', 'reinforce', 'prime-grpo', 'prime-reinforce', 'dense-surprisal'])
export type Algorithm = z.infer<typeof Algorithm>

/** Algorithms that train and use the implicit PRM. */
export function usesPrm(algorithm: Algorithm): boolean {
  return algorithm.startsWith('prime')
}

export const ModelPreset = z.enum(['XS', 'S', 'M'])
export type ModelPreset = z.infer<typeof ModelPreset>

const probability = z.number().min(0).max(1)
const positiveInt = z.number().int().min(1)
const learningRate = z.number().min(0).max(1)

// ---- Task and model (issue 11): unions, so a run trains on a built-in task or a workspace dataset, with a preset
// model or a Hugging Face checkpoint. The loop sees one ProblemSource and one Tokenizer either way
// (src-main/rl/loop/problem-source.ts). Old run.json files (no `kind`) are migrated on parse. ----

export const BUILTIN_TASK_NAMES = ['arith-chain', 'linear-equation', 'fractions'] as const

/**
 * Every verifier a dataset task can name: Verification's (src-main/tasks/verification.ts VERIFIER_NAMES, checked by
 * a test): math answers, the whole response as is, code against tests in the sandbox, and each built-in task's own.
 */
export const DatasetVerifier = z.enum(['math', 'exact', 'code', ...BUILTIN_TASK_NAMES])
export type DatasetVerifier = z.infer<typeof DatasetVerifier>

export const BuiltinTask = z.object({
  kind: z.literal('builtin'),
  /** A built-in synthetic task (knows the truth of every step). */
  name: z.enum(BUILTIN_TASK_NAMES),
  level: z.number().int().min(1).max(5),
  /**
   * Held-out prompts for validation (greedy accuracy, every logging.validateEvery iterations). Validation and test
   * prompts are disjoint from SFT and RL prompts by construction (src-main/tasks/synthetic/partition.ts); a level
   * whose prompt space holds fewer uses all of its validation prompts.
   */
  validationSize: z.number().int().min(1).max(10_000),
  /** Held-out test prompts, scored once with the final policy. */
  testSize: z.number().int().min(0).max(10_000).default(512),
  /**
   * Fraction ρ of SFT demonstrations that follow the task's systematic misconception (arith-chain: subtraction
   * smaller-from-larger, without borrowing), so the starting policy makes a confident, recurring wrong step. 0 = none.
   */
  misconception: probability.default(0),
})

/** The text the model is asked: the row's question, then the instruction (if any) after a blank line. */
const instruction = z.string().max(10_000)

export const PromptFormat = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('plain'),
    /** The prompt text; `{question}` is replaced by the question (+ instruction). BOS is prepended where the tokenizer has one. */
    template: z.string().max(10_000).refine((t) => t.includes('{question}'), { message: 'must contain {question}' }),
    instruction,
  }),
  z.object({
    kind: z.literal('chat'),
    /** A system message before the user turn (null = none, or the row's own where it has one). */
    systemMessage: z.string().min(1).max(10_000).nullable(),
    instruction,
  }),
])
export type PromptFormat = z.infer<typeof PromptFormat>

/** What the built-in tasks use: the question and a newline (after BOS). */
export const PLAIN_PROMPT: PromptFormat = { kind: 'plain', template: '{question}\n', instruction: '' }
/** The PRIME authors' instruction for math answers (appended to every question in their data). */
export const BOXED_INSTRUCTION = 'Present the answer in LaTex format: \\boxed{Your answer}'

/** A JavaScript regular expression (multiline) that compiles and cannot match the empty string. */
function markerProblem(source: string): string | null {
  let re: RegExp
  try {
    re = new RegExp(source, 'gm')
  } catch (e) {
    return `not a valid regular expression: ${(e as Error).message}`
  }
  return re.test('') ? 'must not match the empty string' : null
}

/** How a response splits into reasoning steps (heatmaps, step metrics). */
export const StepRule = z
  .object({
    /** lines: each non-blank line; paragraphs: blocks separated by blank lines; marker: each match of `marker` starts a step. */
    split: z.enum(['lines', 'paragraphs', 'marker']),
    /** For `marker`: a regular expression (multiline), e.g. ^Step \d+: */
    marker: z.string().max(500),
  })
  .superRefine((rule, ctx) => {
    if (rule.split !== 'marker') return
    const problem = markerProblem(rule.marker)
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['marker'] })
  })
export type StepRule = z.infer<typeof StepRule>

export const DatasetTask = z.object({
  kind: z.literal('dataset'),
  /** A workspace dataset's id (datasets.list). */
  dataset: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be a dataset id'),
  trainSplit: z.enum(['train', 'validation', 'test']),
  validationSplit: z.enum(['train', 'validation', 'test']),
  /** At most this many validation rows (the first ones of the split). */
  validationSize: z.number().int().min(1).max(100_000),
  /** Train rows in a fresh seeded order every epoch (verl's data.shuffle), or in file order. */
  shuffle: z.boolean(),
  verifier: DatasetVerifier,
  prompt: PromptFormat,
  /** Rows whose encoded prompt is longer are left out, as verl's filter_overlong_prompts (counted in data/overlong_prompts). */
  maxPromptTokens: z.number().int().min(1).max(131_072),
  steps: StepRule,
})
export type DatasetTask = z.infer<typeof DatasetTask>

/** What a dataset task starts from (the launch form and `--set task.dataset=ID`). */
export const DATASET_TASK_DEFAULTS: Omit<DatasetTask, 'dataset'> = {
  kind: 'dataset',
  trainSplit: 'train',
  validationSplit: 'validation',
  validationSize: 500,
  shuffle: true,
  verifier: 'math',
  prompt: { kind: 'plain', template: '{question}\n', instruction: BOXED_INSTRUCTION },
  maxPromptTokens: 256,
  steps: { split: 'lines', marker: '^Step \\d+:' },
}

/** Before issue 11 a task had no `kind`: it was always a built-in task. */
function migrateTask(task: unknown): unknown {
  if (typeof task !== 'object' || task === null || 'kind' in task) return task
  return { kind: 'builtin', ...task }
}

export const RlTask = z.preprocess(
  migrateTask,
  z.discriminatedUnion('kind', [BuiltinTask, DatasetTask]).superRefine((task, ctx) => {
    if (task.kind === 'dataset' && task.trainSplit === task.validationSplit) {
      ctx.addIssue({ code: 'custom', message: 'must differ from trainSplit: validation must be held out', path: ['validationSplit'] })
    }
  }),
)
export type RlTask = z.infer<typeof RlTask>

export const PresetModel = z.object({ kind: z.literal('preset'), preset: ModelPreset })
export const CheckpointModel = z.object({
  kind: z.literal('checkpoint'),
  /** A Hugging Face model folder: config.json, *.safetensors, tokenizer.json, tokenizer_config.json. */
  path: z.string().min(1).max(4096),
  /** Run the SFT warm start from the checkpoint's weights first (off: start RL from the checkpoint as it is). */
  sftWarmStart: z.boolean(),
})
export type CheckpointModel = z.infer<typeof CheckpointModel>

/** Before issue 11: `{preset, initCheckpoint}`; a run with initCheckpoint started from that folder without SFT. */
function migrateModel(model: unknown): unknown {
  if (typeof model !== 'object' || model === null || 'kind' in model) return model
  const { preset, initCheckpoint } = model as { preset?: unknown; initCheckpoint?: unknown }
  if (typeof initCheckpoint === 'string') return { kind: 'checkpoint', path: initCheckpoint, sftWarmStart: false }
  return { kind: 'preset', preset }
}

export const RlModel = z.preprocess(migrateModel, z.discriminatedUnion('kind', [PresetModel, CheckpointModel]))
export type RlModel = z.infer<typeof RlModel>

/** A task in a few words, for run lists and headings: "arith-chain L1", "dataset ds-…". */
export function describeTask(task: RlTask): string {
  return task.kind === 'builtin' ? `${task.name} L${task.level}` : `dataset ${task.dataset}`
}

/** A model in a few words: "XS", "checkpoint …/qwen". */
export function describeModel(model: RlModel): string {
  if (model.kind === 'preset') return model.preset
  const parts = model.path.split(/[\\/]/).filter((p) => p !== '')
  return `checkpoint ${parts.length > 1 ? '…/' : ''}${parts.at(-1) ?? model.path}`
}

// ---- end of task and model ----

export const RlConfig = z.object({
  kind: z.literal('rl'),
  algorithm: Algorithm.default('prime'),
  seed: Seed,
  /** Training iterations (rollout → update cycles). */
  iterations: positiveInt.max(100_000),

  /** A built-in task or a workspace dataset (see "Task and model" below). */
  task: RlTask,

  /** A preset model with the character tokenizer, or a Hugging Face checkpoint folder with its own tokenizer. */
  model: RlModel,

  /**
   * Supervised warm start on worked demonstrations (a built-in task's, or a dataset's `extra.solution`). Skipped when
   * steps = 0, and for a checkpoint model unless model.sftWarmStart is set.
   */
  sft: z.object({
    /** Seeds the demonstrations and the initial weights; runs with equal SFT settings share one SFT checkpoint. */
    seed: Seed,
    steps: z.number().int().min(0).max(1_000_000),
    batchSize: positiveInt.max(4096),
    lr: learningRate,
  }),

  rollout: z.object({
    /** Groups (prompts) per iteration after filtering; the authors use 256. */
    promptsPerIteration: positiveInt.max(4096),
    /** K responses per prompt; the authors use 4. */
    samplesPerPrompt: z.number().int().min(2).max(64),
    temperature: z.number().min(0).max(10),
    topP: z.number().gt(0).max(1),
    /** 0 = off. */
    topK: z.number().int().min(0),
    maxResponseTokens: positiveInt.max(32_768),
  }),

  /** Online prompt filtering: keep a group when its mean accuracy lies in [lower, upper] (inclusive). */
  filter: z.object({
    enabled: z.boolean(),
    accuracyLower: probability,
    accuracyUpper: probability,
    /** Drop a group when any of its responses hit the length limit. */
    dropTruncated: z.boolean(),
    /** How many extra rounds of rollouts to try before training on a short batch. */
    maxRefillRounds: z.number().int().min(0).max(64),
    /**
     * Groups that failed the filter and only top up a short batch get no outcome advantage (their accuracies are all
     * equal); off, they get no process reward either, so they do not push the policy at all. On, they keep their
     * process rewards (verl's recipe does) — at low pass rates that lets the PRM alone drive most of the batch.
     */
    processRewardOnTopUp: z.boolean().default(false),
  }),

  prm: z.object({
    /** single = score with the PRM before each mini-batch update; double = update first, then score; none = frozen. */
    updateMode: z.enum(['single', 'double', 'none']),
    granularity: z.enum(['token', 'whole']),
    /** Reference for q = log πφ − log πref: the frozen SFT model, or the policy's own old log-probs. */
    reference: z.enum(['sft', 'policy']),
    beta: z.number().gt(0),
    lr: learningRate,
    weightDecay: z.number().min(0),
    gradClip: z.number().gt(0),
    /** PRM optimizer steps per iteration: the batch in this many mini-batches (the authors: reward_model.mini_batch_size). */
    miniBatches: positiveInt.max(1024),
  }),

  policy: z.object({
    lr: learningRate,
    weightDecay: z.number().min(0),
    gradClip: z.number().gt(0),
    clipRange: z.number().gt(0).max(1),
    miniBatches: positiveInt.max(1024),
    epochs: positiveInt.max(100),
    /** token-mean (verl) or seq-mean-token-mean (the authors' per-sequence mean of token means). */
    lossAggregation: z.enum(['token-mean', 'seq-mean-token-mean']),
    entropyCoef: z.number().min(0),
    klCoef: z.number().min(0),
  }),

  /** Discount per reward source (the authors' reward_model_gamma / verifier_gamma). */
  advantages: z.object({ gammaProcess: probability, gammaOutcome: probability }),

  logging: z.object({
    validateEvery: positiveInt,
    checkpointEvery: positiveInt,
    /** Responses written to rollouts/<iteration>.ndjson each iteration (0 = none). */
    rolloutSamples: z.number().int().min(0).max(100_000),
    /**
     * Validation prompts on which, at every validation, K responses are sampled and the PRM's pairwise accuracy is
     * measured on them (val/prm_dpo_acc: does the PRM rank responses it never trained on?). 0 = off.
     */
    heldOutPrmPrompts: z.number().int().min(0).max(10_000).default(64),
  }),
})
  .refine((c) => c.filter.accuracyLower <= c.filter.accuracyUpper, {
    message: 'accuracyLower must not exceed accuracyUpper',
    path: ['filter', 'accuracyLower'],
  })
  .refine((c) => (c.rollout.promptsPerIteration * c.rollout.samplesPerPrompt) % c.policy.miniBatches === 0, {
    message: 'promptsPerIteration × samplesPerPrompt must be a multiple of policy.miniBatches',
    path: ['policy', 'miniBatches'],
  })
  .refine((c) => (c.rollout.promptsPerIteration * c.rollout.samplesPerPrompt) % c.prm.miniBatches === 0, {
    message: 'promptsPerIteration × samplesPerPrompt must be a multiple of prm.miniBatches',
    path: ['prm', 'miniBatches'],
  })
  .refine((c) => c.task.kind !== 'builtin' || c.task.misconception === 0 || c.task.name === 'arith-chain', {
    message: 'only arith-chain has a misconception (subtraction smaller-from-larger); set task.misconception to 0',
    path: ['task', 'misconception'],
  })
export type RlConfig = z.infer<typeof RlConfig>

/**
 * Brings a stored RL config (an older run.json, or a config file written for an older version) up to this schema
 * before it is parsed. Each step names the version that introduced the field it fills.
 */
export function upgradeRlConfig(raw: unknown): unknown {
  if (!isRecord(raw) || raw.kind !== 'rl') return raw
  const prm = raw.prm
  const policy = raw.policy
  // prm.miniBatches (issue 13): before it, the PRM took the policy's mini-batches.
  if (isRecord(prm) && prm.miniBatches === undefined && isRecord(policy) && policy.miniBatches !== undefined) {
    return { ...raw, prm: { ...prm, miniBatches: policy.miniBatches } }
  }
  return raw
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Whether a run starts with the SFT warm start: a preset with sft.steps > 0, or a checkpoint with model.sftWarmStart. */
export function runsSftWarmStart(config: Pick<RlConfig, 'sft' | 'model'>): boolean {
  return config.sft.steps > 0 && (config.model.kind === 'preset' || config.model.sftWarmStart)
}

/** The authors' hyperparameters (7B model, 8 GPUs) on the workbench's largest preset model. */
export const PAPER_PRESET: RlConfig = {
  kind: 'rl',
  algorithm: 'prime',
  seed: 1,
  iterations: 592,
  task: { kind: 'builtin', name: 'arith-chain', level: 3, validationSize: 512, testSize: 512, misconception: 0 },
  model: { kind: 'preset', preset: 'M' },
  sft: { seed: 1, steps: 2000, batchSize: 64, lr: 1e-3 },
  rollout: { promptsPerIteration: 256, samplesPerPrompt: 4, temperature: 1, topP: 1, topK: 0, maxResponseTokens: 3072 },
  // The authors' run leaves data.filter_truncated at its default, False (training/verl/trainer/config/ppo_trainer.yaml).
  filter: { enabled: true, accuracyLower: 0.2, accuracyUpper: 0.8, dropTruncated: false, maxRefillRounds: 4, processRewardOnTopUp: false },
  // reward_model.mini_batch_size 256 of 1024 responses: 4 PRM steps per iteration (ppo_trainer.yaml).
  prm: { updateMode: 'single', granularity: 'token', reference: 'sft', beta: 0.05, lr: 1e-6, weightDecay: 0, gradClip: 10, miniBatches: 4 },
  policy: {
    lr: 5e-7,
    weightDecay: 0.01,
    gradClip: 1,
    clipRange: 0.2,
    miniBatches: 4,
    epochs: 1,
    // What the authors' loss effectively computes: per-sequence token means averaged over sequences
    // (prime-algorithm.md step 10); verl's later default is token-mean.
    lossAggregation: 'seq-mean-token-mean',
    entropyCoef: 0,
    klCoef: 0,
  },
  advantages: { gammaProcess: 1, gammaOutcome: 1 },
  logging: { validateEvery: 16, checkpointEvery: 16, rolloutSamples: 64, heldOutPrmPrompts: 64 },
}

/**
 * A small model on arith-chain that learns within minutes on two cores. Small models need far larger learning
 * rates than the paper's 7B model (prime-algorithm.md: 1e-4–1e-3 for a few million parameters).
 */
export const LAPTOP_PRESET: RlConfig = {
  ...PAPER_PRESET,
  iterations: 40,
  // arith-chain level 1 has about 1,900 distinct prompts; its validation split holds about 570 of them.
  task: { kind: 'builtin', name: 'arith-chain', level: 1, validationSize: 512, testSize: 512, misconception: 0 },
  model: { kind: 'preset', preset: 'XS' },
  sft: { seed: 1, steps: 150, batchSize: 32, lr: 2e-3 },
  // 128 responses per iteration in two PPO steps: with a 1M-parameter model, Adam at 5e-4 wrecks the policy within
  // a few steps (measured: validation accuracy 0.42 → 0.1), while 1e-4 on these batches climbs steadily
  // (0.42 → 0.63 in 40 iterations).
  rollout: { promptsPerIteration: 32, samplesPerPrompt: 4, temperature: 1, topP: 1, topK: 0, maxResponseTokens: 64 },
  prm: { ...PAPER_PRESET.prm, lr: 5e-4, miniBatches: 2 },
  policy: { ...PAPER_PRESET.policy, lr: 1e-4, weightDecay: 0.01, miniBatches: 2 },
  logging: { validateEvery: 5, checkpointEvery: 5, rolloutSamples: 32, heldOutPrmPrompts: 64 },
}

/**
 * The misconception study (issue 13; `npm run bench:science` runs RLOO, PRIME and the dense-surprisal control on it,
 * 5 seeds): arith-chain level 2 with a starting policy that subtracts smaller-from-larger (13-7=14) in three of four
 * borrows — a confident, recurring wrong step where process credit has something to add — and otherwise the laptop
 * preset's RL settings, unchanged.
 *
 * Chosen by a protocol written down before the first pilot (src-main/rl/bench/misconception-pilot.ts,
 * `npm run pilot:misconception`) and followed as written: RLOO pilots only (PRIME and the control never ran while
 * choosing), RL seed 101 (no study seed), 10 iterations; candidates in a fixed order, the first to meet every
 * criterion taken. Criteria: C1 the SFT policy's held-out greedy accuracy (val/acc at iteration 0) in [0.15, 0.60];
 * C2 top-up groups ≤ 25% of the batch; C3 ≥ 50% of the SFT policy's wrong responses (iteration 1, every row) go
 * wrong first by a smaller-from-larger subtraction; C4 the study (15 runs × 150 iterations, two single-threaded
 * trainers) estimated at ≤ 80 minutes on a quiet 2-core machine from the trainers' CPU seconds.
 * Why level 2: 44% of its problems need a borrow (level 1: 12%, too few for the misconception to matter), and ρ 0.75
 * makes the misconception the policy's greedy choice while leaving correct borrows to sample.
 * Pilots (AMD EPYC, 2 cores, loaded to 10–14 by other work; CPU time per iteration is what counts):
 *   1. XS, 2000 SFT steps, ρ 0.75: val/acc 0.529 ± 0.022, pass rate 0.31, top-ups 0%, misconception 0.32 (20 of 62
 *      wrong responses; most others were tens-digit slips), 1.71 CPU s/iteration, study ≈ 49 min — fails C3.
 *   2. XS, 4000 SFT steps, ρ 0.75: val/acc 0.525 ± 0.022, pass rate 0.35, top-ups 0%, misconception 0.54 (36 of
 *      67), 1.54 CPU s/iteration, 1.2 CPU s per validation, SFT 368 CPU s, study ≈ 45 min — meets C1–C4: this preset.
 *   (Candidate 3, model S, was started beside 2 and stopped during its SFT once 2 had run; it was never measured.)
 * C3 passed narrowly (0.54 on 67 responses, SE ≈ 0.06): the starting policy's failures are about half misconception,
 * half slips.
 * Amendment 1, made after bench:science's first end-to-end check (2 seeds × 8 iterations, whose PRIME-vs-RLOO figures
 * mean nothing at that length and chose nothing) showed this preset failing Gate A at iteration 1, and before any
 * study result: C5 Gate A passes on the pilot's own iteration-1 step metrics (an RLOO pilot measures it: it reads only
 * the SFT policy's rollouts, the same in every arm). Candidate 2 fails it — reference surprisal picks the first wrong
 * step in 0.88 of wrong responses against 0.22 by chance (lift 0.85; within-response AUC 0.98). Candidates 3 and 4
 * (model S) were not run: C4 rules them out (S's SFT took 6.4× as long per step as XS's, side by side). Candidate
 * 5 (XS, 4000 SFT steps, ρ 0.9): val/acc 0.514 ± 0.022, pass rate 0.17, top-ups 13%, misconception 0.38 (23 of 61),
 * Gate A lift 0.66, 1.69 CPU s/iteration — fails C3 and C5; candidate 6 (S) falls to C4. No declared candidate
 * meets C1–C5, so the preset stays the original protocol's choice, candidate 2, and Gate A is expected to fail on it.
 * Why, and what it predicts: a misconception learned from a mixture of demonstrations is exactly where the policy is
 * unsure (p ≈ ρ on the misconceived digit, ≈ 1 on every other token), so it is the most surprising step of its
 * response, and outcome-only PPO already puts most of its update there (the gradient of log p is ∝ 1 − p). PRIME ≈
 * RLOO is then the expected outcome; a task where process credit can win needs an error the policy makes with
 * near-certainty in its context while still sampling the right step elsewhere.
 */
export const MISCONCEPTION_PRESET: RlConfig = {
  ...LAPTOP_PRESET,
  iterations: 150,
  task: { kind: 'builtin', name: 'arith-chain', level: 2, validationSize: 512, testSize: 512, misconception: 0.75 },
  model: { kind: 'preset', preset: 'XS' },
  sft: { ...LAPTOP_PRESET.sft, steps: 4000 },
  // Validation at 10 and 20 puts Gate B's reading (the PRM's held-out ranking by iteration 20) on a measured point.
  logging: { validateEvery: 10, checkpointEvery: 25, rolloutSamples: 32, heldOutPrmPrompts: 64 },
}

export const PRESETS = { paper: PAPER_PRESET, laptop: LAPTOP_PRESET, misconception: MISCONCEPTION_PRESET } as const
export type PresetName = keyof typeof PRESETS
