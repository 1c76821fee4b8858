// One PRIME (or baseline) iteration, in the order of ../../../../shared/docs/prime-algorithm.md "One iteration":
// rollout → verify → filter → old log-probs → PRM pass → advantages → policy update → metrics.
//
// Departures from the authors' code (PRIME-RL/PRIME, training/verl), each on purpose:
// - Online filter: rollouts are drawn a full batch of prompts at a time (fixed program shapes); groups that pass
//   beyond the batch go back to the prompt buffer for the next iteration, and if too few pass after
//   `maxRefillRounds` extra rounds the batch is topped up with failing groups (verl recipe/prime's shortfall rule),
//   so every iteration trains on exactly promptsPerIteration groups.
// - The PRM and the reference are scored at temperature 1 (their own distributions); the policy's old log-probs and
//   the PPO ratio use the sampling temperature (verl dp_actor divides logits by it).
// - reward_model/loss is the mean over the PRM's mini-batches (upstream logs the last micro-batch's value).
// - The first policy step uses the configured learning rate (upstream, with zero warm-up, takes lr 0 there).
import type { RlConfig } from '../../../src-preload/contract/rl-config'
import { usesPrm } from '../../../src-preload/contract/rl-config'
import type { Rng, TrainState } from '../../engine'
import { generate } from '../../model/generation/generate'
import type { LanguageModel } from '../../model/language-model'
import type { TokenBatch } from '../../model/token-batch'
import type { Tokenizer } from '../../model/tokenizers/tokenizer'
import { computeAdvantages, type AdvantageResult } from '../advantages'
import { makeRolloutBatch, type RolloutBatch } from '../batch'
import { pairwisePrmAccuracy } from '../pairwisePrmAccuracy'
import { stepValidityMetrics } from '../stepMetrics'
import { gradeEpisodes, packEpisodes, toResponseGrid, toTokenGrid, type BatchGeometry, type Episode } from './episodes'
import type { ProblemSource } from './problem-source'
import type { PromptEncoder } from './prompt-encoder'
import { RL_IO, ppoPolicyLoss, prmLoss } from './rl-programs'
import { MODEL_IO } from '../../model/programs'
import { hostTensor } from '../../engine'

export interface RlModels {
  model: LanguageModel
  tokenizer: Tokenizer
  /** The run's prompt format applied with its tokenizer (the same for training, validation and SFT). */
  prompts: PromptEncoder
  /** Tokens that end a response: the tokenizer's EOS and, for a checkpoint, every EOS its configs name. */
  stopTokens: readonly number[]
  policy: TrainState
  /** The implicit PRM (null for outcome-only algorithms). */
  prm: TrainState | null
  /** Frozen SFT parameters, the reference of q (null when reference = policy or without a PRM). */
  reference: Float32Array | null
  /**
   * Called between optimizer steps and rollout rounds: lets pause and cancel take effect within one training step
   * (it waits while paused and throws when cancelled).
   */
  yieldPoint: () => Promise<void>
}

export interface IterationResult {
  metrics: Record<string, number>
  episodes: Episode[]
  batch: RolloutBatch
  advantages: AdvantageResult
  /** Per-token q (B*R) when the algorithm has a PRM. */
  q: Float64Array | null
}

type Phase = 'rollout' | 'verify' | 'prm' | 'policy' | 'other'
type PhaseTimer = <T>(phase: Phase, work: () => Promise<T> | T) => Promise<T>

export function geometryFor(config: RlConfig): BatchGeometry {
  const rows = (config.rollout.promptsPerIteration * config.rollout.samplesPerPrompt) / config.policy.miniBatches
  return { rows, responseLength: config.rollout.maxResponseTokens }
}

/** Samples K responses for each problem and grades them (steps, step truth, verdict). */
async function sampleGroups(
  config: RlConfig,
  m: RlModels,
  source: ProblemSource,
  problemIndices: number[],
  rng: Rng,
  time: PhaseTimer,
): Promise<Episode[][]> {
  const K = config.rollout.samplesPerPrompt
  const problems = problemIndices.map((index) => ({ index, problem: source.problem(index) }))
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
  const episodes = await time('verify', () => gradeEpisodes(source.grader, m.tokenizer, bases))
  return problems.map((_, g) => episodes.slice(g * K, (g + 1) * K))
}

interface FilterOutcome {
  groups: Episode[][]
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
    const groups = await sampleGroups(config, m, source, source.take(G), rng, time)
    sampled = [...sampled, ...groups]
    for (const group of groups) (!enabled || passes(group) ? kept : failed).push(group)
  }
  // Passing groups beyond this batch are rolled out again next iteration from the prompt buffer.
  source.defer(kept.slice(G).map((group) => group[0]!.problemIndex))
  const batch = [...kept.slice(0, G), ...failed.slice(0, Math.max(0, G - kept.length))]
  const all = sampled.flat()
  return {
    groups: batch,
    sampledGroups: sampled.length,
    accBeforeFilter: all.reduce((sum, e) => sum + e.acc, 0) / all.length,
    passRate: (enabled ? sampled.filter(passes).length : sampled.length) / sampled.length,
  }
}

/** Splits rows into the run's fixed mini-batches and packs each. */
function chunks(episodes: Episode[], geometry: BatchGeometry, tokenizer: Tokenizer, vocabSize: number): { offset: number; batch: TokenBatch }[] {
  const out: { offset: number; batch: TokenBatch }[] = []
  for (let offset = 0; offset < episodes.length; offset += geometry.rows) {
    out.push({ offset, batch: packEpisodes(episodes.slice(offset, offset + geometry.rows), geometry, tokenizer.padId, vocabSize) })
  }
  return out
}

/** Scores every row's response tokens with `params` at `temperature`; (B*R) response-only. */
async function scoreResponses(m: RlModels, params: Float32Array, parts: { offset: number; batch: TokenBatch }[], R: number, temperature: number) {
  const logProbs = new Float64Array(parts.reduce((n, p) => n + p.batch.rows, 0) * R)
  const entropy = new Float64Array(logProbs.length)
  for (const { offset, batch } of parts) {
    const out = await m.model.logProbs(params, batch, temperature)
    logProbs.set(toResponseGrid(batch, out.logProbs, R), offset * R)
    entropy.set(toResponseGrid(batch, out.entropy, R), offset * R)
  }
  return { logProbs, entropy }
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

/** Step 5: the implicit PRM pass. Returns log πφ of every response token, as used for q. */
async function prmPass(
  config: RlConfig,
  m: RlModels,
  parts: { offset: number; batch: TokenBatch }[],
  refLogProbs: Float64Array,
  acc: Float64Array,
  R: number,
  metrics: Record<string, number>,
): Promise<Float64Array> {
  const prm = m.prm!
  const step = async (part: { offset: number; batch: TokenBatch }) => {
    const { batch, offset } = part
    const dims = [batch.batch, batch.seq]
    const program = await m.model.trainProgram(prmLoss(config.prm.beta), batch, prm.hyper)
    const feeds = {
      [MODEL_IO.tokens]: hostTensor(batch.tokens, dims),
      [MODEL_IO.targets]: hostTensor(batch.targets, dims),
      [MODEL_IO.mask]: hostTensor(batch.mask, dims),
      [RL_IO.refLogProbs]: hostTensor(toTokenGrid(batch, refLogProbs, R, offset), dims),
      [RL_IO.labels]: hostTensor(Float32Array.from(acc.subarray(offset, offset + batch.rows)), [batch.batch]),
    }
    return { part, result: await prm.run(program, config.prm.lr, feeds, ['token_log_probs']) }
  }
  const logpPrm = new Float64Array(refLogProbs.length)
  const lossValues: number[] = []
  const gradNorms: number[] = []
  if (config.prm.updateMode === 'single') {
    // Score each mini-batch with the PRM as it is before that mini-batch's update, in one forward pass.
    for (const part of parts) {
      await m.yieldPoint()
      const { result } = await step(part)
      lossValues.push(result.losses[0]!)
      gradNorms.push(result.gradNorms[0]!)
      logpPrm.set(toResponseGrid(part.batch, Float32Array.from(result.metrics.token_log_probs!), R), part.offset * R)
    }
  } else {
    if (config.prm.updateMode === 'double') {
      for (const part of parts) {
        const { result } = await step(part)
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

/** Step 10: PPO-clip over mini-batches (one pass per epoch, rows in order). */
async function policyUpdate(
  config: RlConfig,
  m: RlModels,
  parts: { offset: number; batch: TokenBatch }[],
  oldLogProbs: Float64Array,
  advantages: Float64Array,
  refLogProbs: Float64Array | null,
  R: number,
  metrics: Record<string, number>,
): Promise<void> {
  const { clipRange, lossAggregation, entropyCoef, klCoef } = config.policy
  const loss = ppoPolicyLoss({ clipRange, reduction: lossAggregation, entropyCoef, klCoef })
  const names = ['pg_loss', 'pg_clipfrac', 'ppo_kl', 'entropy', ...(klCoef > 0 ? ['kl_loss'] : [])]
  const collected: Record<string, number[]> = { grad_norm: [] }
  for (let epoch = 0; epoch < config.policy.epochs; epoch++) {
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
          ...(refLogProbs ? { [RL_IO.refLogProbs]: hostTensor(toTokenGrid(batch, refLogProbs, R, offset), dims) } : {}),
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

export async function runIteration(
  config: RlConfig,
  m: RlModels,
  source: ProblemSource,
  rng: Rng,
  geometry: BatchGeometry,
): Promise<IterationResult> {
  const timings: Record<Phase, number> = { rollout: 0, verify: 0, prm: 0, policy: 0, other: 0 }
  const started = performance.now()
  const time: PhaseTimer = async (phase, work) => {
    const t0 = performance.now()
    try {
      return await work()
    } finally {
      timings[phase] += (performance.now() - t0) / 1000
    }
  }
  const metrics: Record<string, number> = {}
  const K = config.rollout.samplesPerPrompt
  const R = geometry.responseLength

  // 1–3. Rollout, verify, filter.
  const filtered = await collectGroups(config, m, source, rng, time)
  const episodes = filtered.groups.flat()
  const parts = chunks(episodes, geometry, m.tokenizer, m.model.config.vocabSize)
  const lengths = episodes.map((e) => e.responseTokens.length)
  const acc = Float64Array.from(episodes, (e) => e.acc)

  // 4. Old log-probs under the rollout policy at the sampling temperature.
  const old = await time('policy', () => scoreResponses(m, m.policy.params, parts, R, config.rollout.temperature))

  // 5. Implicit PRM: q = log πφ − log πref, with the PRM updated from outcome labels.
  let logpPrm: Float64Array | null = null
  let logpRef: Float64Array | null = null
  if (usesPrm(config.algorithm)) {
    await time('prm', async () => {
      logpRef = config.prm.reference === 'sft' ? (await scoreResponses(m, m.reference!, parts, R, 1)).logProbs : old.logProbs
      logpPrm = await prmPass(config, m, parts, logpRef, acc, R, metrics)
    })
  }

  // 6–9. Normalise, leave-one-out per source, returns, whitening (pure functions, ../advantages.ts).
  const batch = makeRolloutBatch({ numPrompts: filtered.groups.length, K, R, lengths, acc, oldLogp: old.logProbs, logpPrm, logpRef })
  const advantages = computeAdvantages(batch, config.algorithm, {
    granularity: config.prm.granularity,
    gammaProcess: config.advantages.gammaProcess,
    gammaOutcome: config.advantages.gammaOutcome,
  })

  // 10. Policy update (with a KL penalty to the frozen reference, scored at the sampling temperature, if asked for).
  const klReference =
    config.policy.klCoef > 0 ? await time('policy', async () => (await scoreResponses(m, m.reference!, parts, R, config.rollout.temperature)).logProbs) : null
  await time('policy', () => policyUpdate(config, m, parts, old.logProbs, advantages.advantages, klReference, R, metrics))

  // Metrics (verl names where verl has one).
  const q = logpPrm && logpRef ? (logpPrm as Float64Array).map((v, i) => v - (logpRef as Float64Array)[i]!) : null
  const mask = batch.responseMask
  metrics['critic/score/mean'] = mean(acc)
  metrics['rollout/acc_before_filter'] = filtered.accBeforeFilter
  metrics['rollout/filter_pass_rate'] = filtered.passRate
  metrics['rollout/buffer_size'] = source.cursor.buffer.length
  metrics['response_length/mean'] = mean(lengths)
  metrics['response_length/max'] = Math.max(...lengths)
  metrics['response_length/clip_ratio'] = mean(episodes.map((e) => (e.truncated ? 1 : 0)))
  metrics['actor/entropy_before_update'] = mean(old.entropy, mask)
  if (logpRef) metrics['actor/kl_ref'] = mean(old.logProbs.map((v, i) => v - logpRef![i]!), mask)
  summarise('critic/advantages', advantages.advantages, mask, metrics)
  summarise('critic/returns', advantages.returns, mask, metrics)
  if (q) {
    metrics['reward_model/dpo_acc'] = pairwisePrmAccuracy(batch, q, mask, acc)
    if (advantages.normaliser !== null) metrics['reward_model/norm_z'] = advantages.normaliser
    const sequenceReward = episodes.map((_, b) => advantages.processScores!.subarray(b * R, (b + 1) * R).reduce((s, v) => s + v, 0))
    const correct = episodes.flatMap((e, b) => (e.acc >= 1 ? [sequenceReward[b]!] : []))
    const incorrect = episodes.flatMap((e, b) => (e.acc < 1 ? [sequenceReward[b]!] : []))
    if (correct.length) metrics['reward_model/reward_correct'] = mean(correct)
    if (incorrect.length) metrics['reward_model/reward_incorrect'] = mean(incorrect)
  }
  // Step validity: PRIME's step rewards are its normalised process scores; an outcome-only run's implied credit is
  // its per-token advantage (uniform over a response for RLOO/GRPO).
  const credit = advantages.processScores ?? advantages.advantages
  // Only responses whose every step the source can judge (a dataset without step truth has none).
  const judged = episodes.flatMap((e, row) => (e.steps.every((s) => s.truth !== null) ? [{ e, row }] : []))
  const validity = stepValidityMetrics(
    credit,
    R,
    batch.lengths,
    judged.map(({ e, row }) => ({ row, steps: e.steps.map((s) => ({ start: s.tokenStart, end: s.tokenEnd })), correct: e.steps.map((s) => s.truth === true) })),
  )
  if (validity.stepAuc !== null) metrics['step_validity/auc'] = validity.stepAuc
  if (validity.firstErrorRate !== null) metrics['step_validity/first_error_localisation'] = validity.firstErrorRate

  const total = (performance.now() - started) / 1000
  timings.other = Math.max(0, total - timings.rollout - timings.verify - timings.prm - timings.policy)
  for (const [phase, seconds] of Object.entries(timings)) metrics[`timing/${phase}`] = seconds
  metrics['timing/iteration'] = total
  metrics['perf/tokens_per_s'] = filtered.sampledGroups * K > 0 ? episodes.reduce((n, e) => n + e.responseTokens.length, 0) / total : 0
  Object.assign(metrics, source.dataMetrics)
  return { metrics, episodes, batch, advantages, q }
}
