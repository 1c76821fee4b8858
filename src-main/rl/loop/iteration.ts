// One PRIME (or baseline) iteration, in the order of ../../../../shared/docs/prime-algorithm.md "One iteration":
// rollout → verify → filter → old log-probs → PRM pass → advantages → policy update → metrics.
//
// Departures from the authors' code (PRIME-RL/PRIME, training/verl), each on purpose:
// - Online filter: rollouts are drawn a full batch of prompts at a time (fixed program shapes); groups that pass
//   beyond the batch go back to the prompt buffer for the next iteration, and if too few pass after
//   `maxRefillRounds` extra rounds the batch is topped up with failing groups (verl recipe/prime's shortfall rule),
//   so every iteration trains on exactly promptsPerIteration groups. Top-up groups get no outcome advantage (their
//   accuracies are equal) and, unless filter.processRewardOnTopUp, no process reward either: otherwise at low pass
//   rates the PRM alone would drive most of the batch (measured: PRIME drifted to KL 0.26 and collapsed).
// - Truncated responses are verified like any other (the authors' verifier sees them too); dropping groups with a
//   truncated response is the authors' data.filter_truncated, our filter.dropTruncated.
// - A dataset's responses are verified through the verifier pool (math in worker threads under a hard timeout, code
//   in the bubblewrap sandbox), where the authors call their reward function in-process; a check that throws
//   scores 0 and says why. Built-in tasks verify in-process.
// - The PRM and the reference are scored at temperature 1 (their own distributions); the policy's old log-probs and
//   the PPO ratio use the sampling temperature (verl dp_actor divides logits by it).
// - The PRM takes prm.miniBatches optimizer steps over the batch in order (the authors' reward_model.mini_batch_size,
//   dp_prime.py _make_minibatch_iterator, unshuffled); the policy takes policy.miniBatches steps per epoch over a
//   seeded shuffle of the rows (the authors' actor.shuffle = True, dp_actor.py _make_minibatch_iterator).
// - reward_model/loss is the mean over the PRM's mini-batches (upstream logs the last micro-batch's value).
// - The first policy step uses the configured learning rate (upstream, with zero warm-up, takes lr 0 there).
// - Diagnostics the authors do not have, timed apart as timing/diagnostics: step localisation of every signal
//   (../stepMetrics.ts), which needs the reference's log-probs even for outcome-only runs.
import type { RlConfig } from '../../../src-preload/contract/rl-config'
import { usesPrm } from '../../../src-preload/contract/rl-config'
import { hostTensor, type Rng, type TrainState } from '../../engine'
import { generate } from '../../model/generation/generate'
import type { LanguageModel } from '../../model/language-model'
import { MODEL_IO } from '../../model/programs'
import type { TokenBatch } from '../../model/token-batch'
import type { Tokenizer } from '../../model/tokenizers/tokenizer'
import { computeAdvantages, type AdvantageResult } from '../advantages'
import { makeRolloutBatch, type RolloutBatch } from '../batch'
import { pairwisePrmAccuracy } from '../pairwisePrmAccuracy'
import { localisationMetrics } from '../stepMetrics'
import { gradeEpisodes, packEpisodes, toResponseGrid, toTokenGrid, type BatchGeometry, type Episode } from './episodes'
import type { Grader, Problem, ProblemSource } from './problem-source'
import type { PromptEncoder } from './prompt-encoder'
import { RL_IO, ppoPolicyLoss, prmLoss } from './rl-programs'

export interface RlModels {
  model: LanguageModel
  tokenizer: Tokenizer
  /** The run's prompt format applied with its tokenizer (the same for training, validation and SFT). */
  prompts: PromptEncoder
  /** Tokens that end a response: the tokenizer's EOS and, for a checkpoint, every EOS its configs name. */
  stopTokens: readonly number[]
  policy: TrainState
  /** The implicit PRM (null for algorithms without one). */
  prm: TrainState | null
  /**
   * Frozen SFT parameters: the reference of q (reference = sft), of the KL penalty, and of the reference-surprisal
   * baseline of the step metrics. Null when nothing needs it.
   */
  reference: Float32Array | null
  /**
   * Called between optimizer steps and rollout rounds: lets pause and cancel take effect within one training step
   * (it waits while paused and throws when cancelled).
   */
  yieldPoint: () => Promise<void>
  /**
   * Milliseconds on a clock that stands still while the run is paused (the trainer's JobContext.activeMs): the
   * phase timings measure it, so a pause at a yield point never counts as rollout or policy time.
   */
  clock: () => number
}

export interface IterationResult {
  metrics: Record<string, number>
  episodes: Episode[]
  batch: RolloutBatch
  advantages: AdvantageResult
  /** Per-token q (B*R) when the algorithm has a PRM. */
  q: Float64Array | null
}

/**
 * Where an iteration's time goes: the phases (timing/<phase>) add up to the iteration; a part (timing/<phase>/<part>)
 * is a piece of its phase that bench:rl shows on its own — the forward passes that score the batch and each model's
 * update, so PRIME's own work (the PRM's update) can be told from what every algorithm pays.
 */
type Phase = 'rollout' | 'verify' | 'prm' | 'policy' | 'diagnostics' | 'other'
type Part = 'old_log_probs' | 'reference' | 'update'
type PhaseTimer = <T>(phase: Phase, work: () => Promise<T> | T, part?: Part) => Promise<T>
const untimed: PhaseTimer = (_phase, work) => Promise.resolve(work())

/** Rows per program call for a batch split into `miniBatches` (each program compiles once per length bucket). */
export function geometryFor(config: RlConfig, miniBatches: number): BatchGeometry {
  const rows = (config.rollout.promptsPerIteration * config.rollout.samplesPerPrompt) / miniBatches
  return { rows, responseLength: config.rollout.maxResponseTokens }
}

/** Samples K responses for each problem and grades them (steps, step truth, verdict). */
export async function sampleGroups(
  config: RlConfig,
  m: Pick<RlModels, 'model' | 'tokenizer' | 'prompts' | 'stopTokens' | 'policy'>,
  problems: { index: number; problem: Problem }[],
  grader: Grader,
  rng: Rng,
  time: PhaseTimer = untimed,
): Promise<Episode[][]> {
  const K = config.rollout.samplesPerPrompt
  const prompts = problems.flatMap(({ problem }) => {
    const encoded = m.prompts.encode(problem)
    return Array.from({ length: K }, () => encoded)
  })
  const result = await time('rollout', () =>
    generate(m.model, m.policy.params, prompts, {
      maxNewTokens: config.rollout.maxResponseTokens,
      stopTokens: m.stopTokens,
      sampleVocab: m.tokenizer.vocabSize,
      seed: rng,
      temperature: config.rollout.temperature,
      topP: config.rollout.topP,
      topK: config.rollout.topK,
    }),
  )
  const bases = problems.flatMap(({ index, problem }, g) =>
    Array.from({ length: K }, (_, k) => {
      const row = g * K + k
      return {
        problemIndex: index,
        problem,
        promptTokens: prompts[row]!,
        responseTokens: result.tokens[row]!,
        sampleLogProbs: result.logProbs[row]!,
        truncated: result.finishReasons[row] === 'length',
      }
    }),
  )
  const episodes = await time('verify', () => gradeEpisodes(grader, m.tokenizer, bases))
  return problems.map((_, g) => episodes.slice(g * K, (g + 1) * K))
}

interface FilterOutcome {
  /** Passing groups first, then the failing groups that top up a short batch. */
  groups: Episode[][]
  /** How many of `groups` (the last ones) only top up the batch. */
  topUpGroups: number
  sampledGroups: number
  accBeforeFilter: number
  passRate: number
}

/** Step 3: keep groups whose mean accuracy lies in the band (and, optionally, none of whose responses was cut off). */
async function collectGroups(config: RlConfig, m: RlModels, source: ProblemSource, rng: Rng, time: PhaseTimer): Promise<FilterOutcome> {
  const G = config.rollout.promptsPerIteration
  const { enabled, accuracyLower, accuracyUpper, dropTruncated, maxRefillRounds } = config.filter
  const passes = (group: Episode[]) => {
    const mean = group.reduce((sum, e) => sum + e.acc, 0) / group.length
    return mean >= accuracyLower && mean <= accuracyUpper && !(dropTruncated && group.some((e) => e.truncated))
  }
  const kept: Episode[][] = []
  const failed: Episode[][] = []
  let sampled: Episode[][] = []
  for (let round = 0; round <= (enabled ? maxRefillRounds : 0) && kept.length < G; round++) {
    await m.yieldPoint()
    const problems = source.take(G).map((index) => ({ index, problem: source.problem(index) }))
    const groups = await sampleGroups(config, m, problems, source.grader, rng, time)
    sampled = [...sampled, ...groups]
    for (const group of groups) (!enabled || passes(group) ? kept : failed).push(group)
  }
  // Passing groups beyond this batch are rolled out again next iteration from the prompt buffer.
  source.defer(kept.slice(G).map((group) => group[0]!.problemIndex))
  const topUp = failed.slice(0, Math.max(0, G - kept.length))
  const all = sampled.flat()
  return {
    groups: [...kept.slice(0, G), ...topUp],
    topUpGroups: topUp.length,
    sampledGroups: sampled.length,
    accBeforeFilter: all.reduce((sum, e) => sum + e.acc, 0) / all.length,
    passRate: (enabled ? sampled.filter(passes).length : sampled.length) / sampled.length,
  }
}

/** Rows packed into program-sized mini-batches; `offset` is the first row's index in the (B*R) tensors. */
type Parts = { offset: number; batch: TokenBatch }[]

/** Splits rows into fixed-size mini-batches and packs each. */
function chunks(episodes: Episode[], geometry: BatchGeometry, tokenizer: Tokenizer, vocabSize: number): Parts {
  const out: Parts = []
  for (let offset = 0; offset < episodes.length; offset += geometry.rows) {
    out.push({ offset, batch: packEpisodes(episodes.slice(offset, offset + geometry.rows), geometry, tokenizer.padId, vocabSize) })
  }
  return out
}

/** Scores every row's response tokens with `params` at `temperature`; (B*R) response-only. */
export async function scoreResponses(m: Pick<RlModels, 'model'>, params: Float32Array, parts: Parts, R: number, temperature: number) {
  const logProbs = new Float64Array(parts.reduce((n, p) => n + p.batch.rows, 0) * R)
  const entropy = new Float64Array(logProbs.length)
  for (const { offset, batch } of parts) {
    const out = await m.model.logProbs(params, batch, temperature)
    logProbs.set(toResponseGrid(batch, out.logProbs, R), offset * R)
    entropy.set(toResponseGrid(batch, out.entropy, R), offset * R)
  }
  return { logProbs, entropy }
}

/** Scores episodes in mini-batches of the given geometry (validation and diagnostics, outside the update). */
export async function scoreEpisodes(m: Pick<RlModels, 'model' | 'tokenizer'>, params: Float32Array, episodes: Episode[], geometry: BatchGeometry, temperature: number) {
  return scoreResponses(m, params, chunks(episodes, geometry, m.tokenizer, m.model.config.vocabSize), geometry.responseLength, temperature)
}

function mean(values: ArrayLike<number>, mask?: ArrayLike<number>): number {
  let sum = 0
  let count = 0
  for (let i = 0; i < values.length; i++) {
    const w = mask ? mask[i]! : 1
    sum += values[i]! * w
    count += w
  }
  return count > 0 ? sum / count : 0
}

function summarise(prefix: string, values: Float64Array, mask: Float64Array, out: Record<string, number>): void {
  let max = -Infinity
  let min = Infinity
  for (let i = 0; i < values.length; i++) {
    if (mask[i] === 0) continue
    max = Math.max(max, values[i]!)
    min = Math.min(min, values[i]!)
  }
  out[`${prefix}/mean`] = mean(values, mask)
  out[`${prefix}/max`] = max
  out[`${prefix}/min`] = min
}

/** Rows of a (B*R) tensor in the order `rows` gives. */
function permuteRows(values: Float64Array, rows: readonly number[], R: number): Float64Array {
  const out = new Float64Array(values.length)
  rows.forEach((from, to) => out.set(values.subarray(from * R, (from + 1) * R), to * R))
  return out
}

/** A uniformly random permutation of 0..n−1 (Fisher–Yates) drawn from the run's RNG, so it is seeded and resumable. */
function shuffledRows(n: number, rng: Rng): number[] {
  const rows = Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1))
    ;[rows[i], rows[j]] = [rows[j]!, rows[i]!]
  }
  return rows
}

/** Step 5: the implicit PRM pass. Returns log πφ of every response token, as used for q. */
async function prmPass(
  config: RlConfig,
  m: RlModels,
  parts: Parts,
  refLogProbs: Float64Array,
  acc: Float64Array,
  R: number,
  metrics: Record<string, number>,
): Promise<Float64Array> {
  const prm = m.prm!
  const step = async ({ batch, offset }: Parts[number]) => {
    const dims = [batch.batch, batch.seq]
    const program = await m.model.trainProgram(prmLoss(config.prm.beta), batch, prm.hyper)
    const feeds = {
      [MODEL_IO.tokens]: hostTensor(batch.tokens, dims),
      [MODEL_IO.targets]: hostTensor(batch.targets, dims),
      [MODEL_IO.mask]: hostTensor(batch.mask, dims),
      [RL_IO.refLogProbs]: hostTensor(toTokenGrid(batch, refLogProbs, R, offset), dims),
      [RL_IO.labels]: hostTensor(Float32Array.from(acc.subarray(offset, offset + batch.rows)), [batch.batch]),
    }
    return prm.run(program, config.prm.lr, feeds, ['token_log_probs'])
  }
  const logpPrm = new Float64Array(refLogProbs.length)
  const lossValues: number[] = []
  const gradNorms: number[] = []
  if (config.prm.updateMode === 'single') {
    // Score each mini-batch with the PRM as it is before that mini-batch's update, in one forward pass.
    for (const part of parts) {
      await m.yieldPoint()
      const result = await step(part)
      lossValues.push(result.losses[0]!)
      gradNorms.push(result.gradNorms[0]!)
      logpPrm.set(toResponseGrid(part.batch, Float32Array.from(result.metrics.token_log_probs!), R), part.offset * R)
    }
  } else {
    if (config.prm.updateMode === 'double') {
      for (const part of parts) {
        await m.yieldPoint()
        const result = await step(part)
        lossValues.push(result.losses[0]!)
        gradNorms.push(result.gradNorms[0]!)
      }
    }
    logpPrm.set((await scoreResponses(m, prm.params, parts, R, 1)).logProbs)
  }
  if (lossValues.length) {
    metrics['reward_model/loss'] = mean(lossValues)
    metrics['reward_model/grad_norm'] = mean(gradNorms)
  }
  return logpPrm
}

/** Step 10: PPO-clip, policy.miniBatches steps per epoch over a fresh seeded shuffle of the rows each epoch. */
async function policyUpdate(
  config: RlConfig,
  m: RlModels,
  episodes: Episode[],
  geometry: BatchGeometry,
  rng: Rng,
  tensors: { oldLogProbs: Float64Array; advantages: Float64Array; klReference: Float64Array | null },
  metrics: Record<string, number>,
): Promise<void> {
  const { clipRange, lossAggregation, entropyCoef, klCoef } = config.policy
  const R = geometry.responseLength
  const loss = ppoPolicyLoss({ clipRange, reduction: lossAggregation, entropyCoef, klCoef })
  const names = ['pg_loss', 'pg_clipfrac', 'ppo_kl', 'entropy', ...(klCoef > 0 ? ['kl_loss'] : [])]
  const collected: Record<string, number[]> = { grad_norm: [] }
  for (let epoch = 0; epoch < config.policy.epochs; epoch++) {
    const order = shuffledRows(episodes.length, rng)
    const parts = chunks(order.map((b) => episodes[b]!), geometry, m.tokenizer, m.model.config.vocabSize)
    const oldLogProbs = permuteRows(tensors.oldLogProbs, order, R)
    const advantages = permuteRows(tensors.advantages, order, R)
    const klReference = tensors.klReference && permuteRows(tensors.klReference, order, R)
    for (const { offset, batch } of parts) {
      await m.yieldPoint()
      const dims = [batch.batch, batch.seq]
      const program = await m.model.trainProgram(loss, batch, m.policy.hyper)
      const result = await m.policy.run(
        program,
        config.policy.lr,
        {
          [MODEL_IO.tokens]: hostTensor(batch.tokens, dims),
          [MODEL_IO.targets]: hostTensor(batch.targets, dims),
          [MODEL_IO.mask]: hostTensor(batch.mask, dims),
          [MODEL_IO.temperature]: hostTensor(Float32Array.of(config.rollout.temperature), []),
          [RL_IO.oldLogProbs]: hostTensor(toTokenGrid(batch, oldLogProbs, R, offset), dims),
          [RL_IO.advantages]: hostTensor(toTokenGrid(batch, advantages, R, offset), dims),
          ...(klReference ? { [RL_IO.refLogProbs]: hostTensor(toTokenGrid(batch, klReference, R, offset), dims) } : {}),
        },
        names,
      )
      collected.grad_norm!.push(result.gradNorms[0]!)
      for (const name of names) (collected[name] ??= []).push(result.metrics[name]![0]!)
    }
  }
  for (const [name, values] of Object.entries(collected)) metrics[`actor/${name}`] = mean(values)
  metrics['actor/lr'] = config.policy.lr
}

export async function runIteration(config: RlConfig, m: RlModels, source: ProblemSource, rng: Rng): Promise<IterationResult> {
  const timings: Record<Phase, number> = { rollout: 0, verify: 0, prm: 0, policy: 0, diagnostics: 0, other: 0 }
  const partTimings: Record<string, number> = {}
  // A part timed inside its own phase's timer (the diagnostics' reference) is not added to the phase twice.
  const open = new Set<Phase>()
  const started = m.clock()
  const runtime = m.model.runtime
  const [openedBefore, releasedBefore] = [runtime.sessionsOpened, runtime.sessionsReleased]
  const time: PhaseTimer = async (phase, work, part) => {
    const nested = open.has(phase)
    open.add(phase)
    const t0 = m.clock()
    try {
      return await work()
    } finally {
      const seconds = (m.clock() - t0) / 1000
      if (!nested) {
        timings[phase] += seconds
        open.delete(phase)
      }
      if (part) partTimings[`${phase}/${part}`] = (partTimings[`${phase}/${part}`] ?? 0) + seconds
    }
  }
  const metrics: Record<string, number> = {}
  const K = config.rollout.samplesPerPrompt
  const policyGeometry = geometryFor(config, config.policy.miniBatches)
  const R = policyGeometry.responseLength

  // 1–3. Rollout, verify, filter.
  const filtered = await collectGroups(config, m, source, rng, time)
  const episodes = filtered.groups.flat()
  const vocabSize = m.model.config.vocabSize
  const parts = chunks(episodes, policyGeometry, m.tokenizer, vocabSize)
  const lengths = episodes.map((e) => e.responseTokens.length)
  const acc = Float64Array.from(episodes, (e) => e.acc)

  // 4. Old log-probs under the rollout policy at the sampling temperature.
  const old = await time('policy', () => scoreResponses(m, m.policy.params, parts, R, config.rollout.temperature), 'old_log_probs')

  // 5. Implicit PRM: q = log πφ − log πref, with the PRM updated from outcome labels.
  let logpPrm: Float64Array | null = null
  let logpRef: Float64Array | null = null
  if (usesPrm(config.algorithm)) {
    const prmParts = chunks(episodes, geometryFor(config, config.prm.miniBatches), m.tokenizer, vocabSize)
    logpRef = config.prm.reference === 'sft' ? await time('prm', async () => (await scoreResponses(m, m.reference!, prmParts, R, 1)).logProbs, 'reference') : old.logProbs
    logpPrm = await time('prm', () => prmPass(config, m, prmParts, logpRef!, acc, R, metrics), 'update')
  }

  // 6–9. Normalise, leave-one-out per source, returns, whitening (pure functions, ../advantages.ts).
  const batch = makeRolloutBatch({ numPrompts: filtered.groups.length, K, R, lengths, acc, oldLogp: old.logProbs, logpPrm, logpRef })
  const passingRows = (filtered.groups.length - filtered.topUpGroups) * K
  const advantages = computeAdvantages(batch, config.algorithm, {
    granularity: config.prm.granularity,
    gammaProcess: config.advantages.gammaProcess,
    gammaOutcome: config.advantages.gammaOutcome,
    processRows: config.filter.processRewardOnTopUp ? undefined : Uint8Array.from(episodes, (_, b) => (b < passingRows ? 1 : 0)),
  })

  // 10. Policy update (with a KL penalty to the frozen reference, scored at the sampling temperature, if asked for).
  const klReference =
    config.policy.klCoef > 0
      ? await time('policy', async () => (await scoreResponses(m, m.reference!, parts, R, config.rollout.temperature)).logProbs, 'reference')
      : null
  await time('policy', () => policyUpdate(config, m, episodes, policyGeometry, rng, { oldLogProbs: old.logProbs, advantages: advantages.advantages, klReference }, metrics), 'update')

  // Metrics (verl names where verl has one).
  const q = logpPrm && logpRef ? (logpPrm as Float64Array).map((v, i) => v - (logpRef as Float64Array)[i]!) : null
  const mask = batch.responseMask
  metrics['critic/score/mean'] = mean(acc)
  metrics['rollout/acc_before_filter'] = filtered.accBeforeFilter
  metrics['rollout/filter_pass_rate'] = filtered.passRate
  metrics['rollout/top_up_groups'] = filtered.topUpGroups
  metrics['rollout/buffer_size'] = source.cursor.buffer.length
  metrics['response_length/mean'] = mean(lengths)
  metrics['response_length/max'] = Math.max(...lengths)
  metrics['response_length/clip_ratio'] = mean(episodes.map((e) => (e.truncated ? 1 : 0)))
  metrics['actor/entropy_before_update'] = mean(old.entropy, mask)
  if (logpRef) metrics['actor/kl_ref'] = mean(old.logProbs.map((v, i) => v - logpRef![i]!), mask)
  summarise('critic/advantages', advantages.advantages, mask, metrics)
  summarise('critic/returns', advantages.returns, mask, metrics)
  if (q) metrics['reward_model/dpo_acc'] = pairwisePrmAccuracy(batch, q, mask, acc)
  if (advantages.processScores) {
    if (advantages.normaliser !== null) metrics['reward_model/norm_z'] = advantages.normaliser
    const sequenceReward = episodes.map((_, b) => advantages.processScores!.subarray(b * R, (b + 1) * R).reduce((s, v) => s + v, 0))
    const correct = episodes.flatMap((e, b) => (e.acc >= 1 ? [sequenceReward[b]!] : []))
    const incorrect = episodes.flatMap((e, b) => (e.acc < 1 ? [sequenceReward[b]!] : []))
    if (correct.length) metrics['reward_model/reward_correct'] = mean(correct)
    if (incorrect.length) metrics['reward_model/reward_incorrect'] = mean(incorrect)
  }
  Object.assign(metrics, await time('diagnostics', () => stepLocalisation(m, episodes, parts, batch, advantages, logpRef, config, time)))

  const total = (m.clock() - started) / 1000
  timings.other = Math.max(0, total - timings.rollout - timings.verify - timings.prm - timings.policy - timings.diagnostics)
  for (const [phase, seconds] of Object.entries({ ...timings, ...partTimings })) metrics[`timing/${phase}`] = seconds
  metrics['timing/iteration'] = total
  // Programs compiled in this iteration (a new length bucket, or one released earlier to stay under the Runtime's
  // memory budget): each also fills its own memory arena on its first run, so such an iteration costs several times a
  // steady one; bench:rl tells the two apart.
  metrics['perf/programs_opened'] = runtime.sessionsOpened - openedBefore
  metrics['perf/programs_released'] = runtime.sessionsReleased - releasedBefore
  metrics['perf/tokens_per_s'] = filtered.sampledGroups * K > 0 ? episodes.reduce((n, e) => n + e.responseTokens.length, 0) / total : 0
  Object.assign(metrics, source.dataMetrics)
  return { metrics, episodes, batch, advantages, q }
}

/**
 * Step localisation (../stepMetrics.ts) of every signal, measured the same way for every algorithm: the credit the
 * policy gradient received (its per-token advantages), the algorithm's process reward s/Z where it has one, and two
 * baselines no training produces — the reference's and the rollout policy's log-probs (low = surprising).
 */
async function stepLocalisation(
  m: RlModels,
  episodes: Episode[],
  parts: Parts,
  batch: RolloutBatch,
  advantages: AdvantageResult,
  logpRef: Float64Array | null,
  config: RlConfig,
  time: PhaseTimer,
): Promise<Record<string, number>> {
  const responses = episodes.map((e, row) => ({
    row,
    steps: e.steps.map((s) => ({ start: s.tokenStart, end: s.tokenEnd })),
    correct: e.steps.map((s) => s.truth),
    incorrect: e.acc < 1,
  }))
  if (!responses.some((r) => r.incorrect && r.correct.includes(false))) return {}
  // The reference's own distribution (temperature 1); reuse the PRM pass's when it scored the same thing.
  const refLogp =
    logpRef && config.prm.reference === 'sft' && usesPrm(config.algorithm)
      ? logpRef
      : m.reference && (await time('diagnostics', async () => (await scoreResponses(m, m.reference!, parts, batch.R, 1)).logProbs, 'reference'))
  return localisationMetrics(
    { credit: advantages.advantages, process: advantages.processScores, ref_surprisal: refLogp, policy_surprisal: batch.oldLogp },
    batch.R,
    batch.lengths,
    responses,
  )
}
