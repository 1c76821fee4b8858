// The RL train steps computed inside ONNX graphs equal the pure float64 functions of ../ (graph vs function): the
// PPO-clip loss, clip fraction and approximate KL (policyLoss.ts) and PRIME's PRM loss (prmLoss.ts), on a tiny
// model with a real packed batch of ragged prompts and responses.
import { afterAll, describe, expect, it } from 'vitest'
import { DEFAULT_ADAMW, Rng, Runtime, TrainState, hostTensor } from '../../engine'
import { modelConfig } from '../../model/config'
import { LanguageModel } from '../../model/language-model'
import { MODEL_IO } from '../../model/programs'
import { packSequences } from '../../model/token-batch'
import { makeRolloutBatch } from '../batch'
import { policyLoss } from '../policyLoss'
import { prmLoss as prmLossValue } from '../prmLoss'
import { toResponseGrid, toTokenGrid } from './episodes'
import { RL_IO, ppoPolicyLoss, prmLoss } from './rl-programs'

const config = modelConfig('XS', { vocabSize: 11, dModel: 16, nLayers: 1, nHeads: 2, nKvHeads: 2, ffnDim: 24, maxPositions: 32 })
const runtimePromise = Runtime.create({ executionProvider: 'cpu', intraOpNumThreads: 1 })
afterAll(async () => (await runtimePromise).dispose())

// Two groups of K = 2: ragged prompts and responses (the R of the RL maths is 5).
const items = [
  { prompt: [1, 4, 5], response: [6, 7, 2] },
  { prompt: [1, 4, 5], response: [8, 2] },
  { prompt: [1, 9], response: [3, 3, 4, 5, 2] },
  { prompt: [1, 9], response: [10, 2] },
]
const R = 5
const batch = packSequences(items, { padId: 0, seq: 8, vocabSize: config.vocabSize })
const dims = [batch.batch, batch.seq]
const lengths = items.map((it) => it.response.length)
const mask = Float64Array.from({ length: items.length * R }, (_, i) => (i % R < lengths[Math.floor(i / R)]! ? 1 : 0))

function randomGrid(rng: Rng, scale: number, offset = 0): Float64Array {
  return Float64Array.from(mask, (m) => (m ? offset + scale * (rng.uniform() - 0.5) : 0))
}

describe('RL programs (graph) against the RL functions', () => {
  it.each(['token-mean', 'seq-mean-token-mean'] as const)('PPO-clip loss, clip fraction and KL agree (%s)', async (reduction) => {
    const model = new LanguageModel(config, await runtimePromise)
    const params = model.initParams(5)
    const temperature = 0.8
    const { logProbs } = await model.logProbs(params, batch, temperature)
    const logp = toResponseGrid(batch, logProbs, R)
    const rng = new Rng(9)
    // Old log-probs away from the current ones, so some ratios leave [1 − ε, 1 + ε] and the clip is exercised.
    const oldLogp = logp.map((v, i) => (mask[i] ? v + 0.6 * (rng.uniform() - 0.5) : 0))
    const advantages = randomGrid(rng, 2)
    const expected = policyLoss(
      makeRolloutBatch({ numPrompts: 2, K: 2, R, lengths, acc: [1, 0, 0, 1], oldLogp }),
      { logp, oldLogp, advantages, mask },
      { clipRange: 0.2, aggregation: reduction },
    )
    expect(expected.clipFraction).toBeGreaterThan(0)

    const state = new TrainState(params, DEFAULT_ADAMW)
    const program = await model.trainProgram(ppoPolicyLoss({ clipRange: 0.2, reduction, entropyCoef: 0, klCoef: 0 }), batch, state.hyper)
    const result = await state.run(
      program,
      1e-3,
      {
        [MODEL_IO.tokens]: hostTensor(batch.tokens, dims),
        [MODEL_IO.targets]: hostTensor(batch.targets, dims),
        [MODEL_IO.mask]: hostTensor(batch.mask, dims),
        [MODEL_IO.temperature]: hostTensor(Float32Array.of(temperature), []),
        [RL_IO.oldLogProbs]: hostTensor(toTokenGrid(batch, oldLogp, R), dims),
        [RL_IO.advantages]: hostTensor(toTokenGrid(batch, advantages, R), dims),
      },
      ['pg_loss', 'pg_clipfrac', 'ppo_kl'],
    )
    // float32 graph vs float64 function.
    expect(result.losses[0]).toBeCloseTo(expected.loss, 5)
    expect(result.metrics.pg_clipfrac![0]).toBeCloseTo(expected.clipFraction, 6)
    expect(result.metrics.ppo_kl![0]).toBeCloseTo(expected.approxKl, 5)
    expect(state.params).not.toEqual(params)
  })

  it('adds the low-variance KL penalty to the reference when klCoef > 0', async () => {
    const model = new LanguageModel(config, await runtimePromise)
    const params = model.initParams(5)
    const { logProbs } = await model.logProbs(params, batch, 1)
    const logp = toResponseGrid(batch, logProbs, R)
    const ref = toResponseGrid(batch, (await model.logProbs(model.initParams(8), batch, 1)).logProbs, R)
    let klSum = 0
    let count = 0
    for (let i = 0; i < logp.length; i++) {
      if (!mask[i]) continue
      const diff = ref[i]! - logp[i]!
      klSum += Math.exp(diff) - diff - 1
      count += 1
    }
    const zero = new Float64Array(logp.length)
    const state = new TrainState(params, DEFAULT_ADAMW)
    const program = await model.trainProgram(ppoPolicyLoss({ clipRange: 0.2, reduction: 'token-mean', entropyCoef: 0, klCoef: 0.5 }), batch, state.hyper)
    const result = await state.run(
      program,
      1e-3,
      {
        [MODEL_IO.tokens]: hostTensor(batch.tokens, dims),
        [MODEL_IO.targets]: hostTensor(batch.targets, dims),
        [MODEL_IO.mask]: hostTensor(batch.mask, dims),
        [MODEL_IO.temperature]: hostTensor(Float32Array.of(1), []),
        [RL_IO.oldLogProbs]: hostTensor(toTokenGrid(batch, logp, R), dims),
        [RL_IO.advantages]: hostTensor(toTokenGrid(batch, zero, R), dims),
        [RL_IO.refLogProbs]: hostTensor(toTokenGrid(batch, ref, R), dims),
      },
      ['kl_loss'],
    )
    // Zero advantages: the PPO term vanishes and the loss is the penalty alone.
    expect(result.metrics.kl_loss![0]).toBeCloseTo(klSum / count, 5)
    expect(result.losses[0]).toBeCloseTo((0.5 * klSum) / count, 5)
  })

  it('PRM loss agrees, and its token log-probs are the PRM before its update (single forward)', async () => {
    const model = new LanguageModel(config, await runtimePromise)
    const prmParams = model.initParams(6)
    const refParams = model.initParams(7)
    const ref = toResponseGrid(batch, (await model.logProbs(refParams, batch, 1)).logProbs, R)
    const before = toResponseGrid(batch, (await model.logProbs(prmParams, batch, 1)).logProbs, R)
    const acc = Float64Array.of(1, 0, 0.5, 1)
    const beta = 0.5
    const q = before.map((v, i) => (mask[i] ? v - ref[i]! : 0))
    const expected = prmLossValue(makeRolloutBatch({ numPrompts: 2, K: 2, R, lengths, acc, oldLogp: ref }), q, mask, acc, beta)

    const state = new TrainState(prmParams, { ...DEFAULT_ADAMW, weightDecay: 0, maxGradNorm: 10 })
    const program = await model.trainProgram(prmLoss(beta), batch, state.hyper)
    const result = await state.run(
      program,
      1e-3,
      {
        [MODEL_IO.tokens]: hostTensor(batch.tokens, dims),
        [MODEL_IO.targets]: hostTensor(batch.targets, dims),
        [MODEL_IO.mask]: hostTensor(batch.mask, dims),
        [RL_IO.refLogProbs]: hostTensor(toTokenGrid(batch, ref, R), dims),
        [RL_IO.labels]: hostTensor(Float32Array.from(acc), [batch.batch]),
      },
      ['token_log_probs'],
    )
    expect(result.losses[0]).toBeCloseTo(expected, 5)
    const scored = toResponseGrid(batch, Float32Array.from(result.metrics.token_log_probs!), R)
    for (let i = 0; i < scored.length; i++) expect(scored[i]).toBeCloseTo(before[i]!, 5)
    expect(state.params).not.toEqual(prmParams)
  })
})
