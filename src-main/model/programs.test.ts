// The train-step programs: a tiny model memorises a small corpus under sftStep (and then generates it greedily),
// the weighted-token step with weights mask / count is the SFT step, and an RL loss plugs in through
// buildPolicyStepGraph (the engine's PPO-clip at ratio 1 gives -mean(advantage)).
import { afterAll, describe, expect, it } from 'vitest'
import { DEFAULT_ADAMW, Graph, Runtime, TrainState, hostTensor, losses } from '../engine'
import { CharTokenizer } from './tokenizers/char-tokenizer'
import { COMPACT_CHARSET } from './tokenizers/charsets'
import { modelConfig } from './config'
import { generate } from './generation/generate'
import { LanguageModel } from './language-model'
import { MODEL_IO, type PolicyLoss, buildLogProbsGraph } from './programs'
import { packSequences } from './token-batch'

const tokenizer = new CharTokenizer(COMPACT_CHARSET)
const config = modelConfig('XS', { dModel: 64, nHeads: 4, nKvHeads: 2, ffnDim: 128, maxPositions: 64 })
const corpus = ['12+7=19', '3*4=12', '9-5=4', '8/2=4', '6+6=12', '7*3=21', '10-1=9', '5+9=14'].map((line) => {
  const [question, answer] = line.split('=') as [string, string]
  return { prompt: [tokenizer.bosId, ...tokenizer.encode(`${question}=`)], response: [...tokenizer.encode(answer), tokenizer.eosId] }
})
const hyper = { ...DEFAULT_ADAMW, beta2: 0.99, weightDecay: 0 }

describe('train-step programs', () => {
  const runtimePromise = Runtime.create({ executionProvider: 'cpu' })
  afterAll(async () => (await runtimePromise).dispose())

  it('overfits a small corpus with sftStep (loss below 0.05) and then generates it greedily', async () => {
    const model = new LanguageModel(config, await runtimePromise)
    const batch = packSequences(corpus, { padId: tokenizer.padId })
    const state = new TrainState(model.initParams(0), hyper)
    const history: number[] = []
    for (let step = 0; step < 120; step++) history.push(...(await model.sftStep(state, batch, 1e-2)).losses)
    expect(history[0]!).toBeGreaterThan(3.5) // about ln 64 at initialisation
    expect(history.at(-1)!).toBeLessThan(0.05)
    const out = await generate(model, state.params, corpus.map((c) => c.prompt), { temperature: 0, maxNewTokens: 6, stopTokens: [tokenizer.eosId], seed: 0 })
    expect(out.tokens).toEqual(corpus.map((c) => c.response))
    expect(out.finishReasons.every((r) => r === 'stop')).toBe(true)
  })

  it('weightedTokenLossStep with weights mask / count equals sftStep', async () => {
    const model = new LanguageModel(config, await runtimePromise)
    const batch = packSequences(corpus.slice(0, 4), { padId: tokenizer.padId })
    const count = batch.mask.reduce((a, b) => a + b, 0)
    const weights = batch.mask.map((m) => m / count)
    const init = model.initParams(2)
    const sft = new TrainState(init.slice(), hyper)
    const weighted = new TrainState(init.slice(), hyper)
    for (let i = 0; i < 3; i++) {
      const a = await model.sftStep(sft, batch, 1e-2)
      const b = await model.weightedTokenLossStep(weighted, batch, weights, 1e-2)
      expect(b.losses[0]).toBeCloseTo(a.losses[0]!, 5)
      expect(b.gradNorms[0]).toBeCloseTo(a.gradNorms[0]!, 4)
    }
    let maxDiff = 0
    for (let i = 0; i < init.length; i++) maxDiff = Math.max(maxDiff, Math.abs(sft.params[i]! - weighted.params[i]!))
    expect(maxDiff).toBeLessThan(1e-5)
  })

  it('takes an RL loss through buildPolicyStepGraph (PPO-clip at ratio 1 is -mean advantage)', async () => {
    const runtime = await runtimePromise
    const model = new LanguageModel(config, runtime)
    const batch = packSequences(corpus.slice(0, 4), { padId: tokenizer.padId })
    const params = model.initParams(3)
    const old = await model.logProbs(params, batch, 0.8)
    const ppo: PolicyLoss = {
      name: 'test-ppo',
      temperature: true,
      inputs: (g: Graph, s) => ({
        old_log_probs: g.input('old_log_probs', 'float32', [s.batch, s.seq]),
        advantages: g.input('advantages', 'float32', [s.batch, s.seq]),
        mask: g.input('mask', 'float32', [s.batch, s.seq]),
      }),
      loss: (scores, d) => {
        const out = losses.ppoClipLoss({ logProbs: scores.logProbs, oldLogProbs: d.old_log_probs!, advantages: d.advantages!, mask: d.mask!, clipRatio: 0.2 })
        return { loss: out.loss, metrics: { clip_fraction: out.clipFraction, entropy: losses.maskedMeanTokens(scores.entropy(), d.mask!) } }
      },
    }
    const program = await model.trainProgram(ppo, batch, hyper)
    const advantages = batch.mask.map((m, i) => m * ((i % 3) - 1))
    const dims = [batch.batch, batch.seq]
    const state = new TrainState(params.slice(), hyper)
    const result = await state.run(
      program,
      1e-3,
      {
        [MODEL_IO.tokens]: hostTensor(batch.tokens, dims),
        [MODEL_IO.targets]: hostTensor(batch.targets, dims),
        [MODEL_IO.temperature]: hostTensor(new Float32Array([0.8]), []),
        old_log_probs: hostTensor(old.logProbs, dims),
        advantages: hostTensor(advantages, dims),
        mask: hostTensor(batch.mask, dims),
      },
      ['clip_fraction', 'entropy'],
    )
    const count = batch.mask.reduce((a, b) => a + b, 0)
    expect(result.losses[0]).toBeCloseTo(-advantages.reduce((a, b) => a + b, 0) / count, 5)
    expect(result.metrics.clip_fraction![0]).toBe(0)
    const meanEntropy = old.entropy.reduce((s, e, i) => s + e * batch.mask[i]!, 0) / count
    expect(result.metrics.entropy![0]).toBeCloseTo(meanEntropy, 4)
    expect(result.gradNorms[0]).toBeGreaterThan(0)
  })

  it('declares the logprobs program I/O', () => {
    const g = buildLogProbsGraph(config, { batch: 2, seq: 5 })
    expect(g.inputs.map((t) => t.toString())).toEqual([`params: float32[${new LanguageModel(config, null as unknown as Runtime).layout.size}]`, 'tokens: int64[2, 5]', 'targets: int64[2, 5]', 'temperature: float32[]'])
    expect(g.outputs.map((t) => t.toString())).toEqual(['log_probs: float32[2, 5]', 'entropy: float32[2, 5]'])
  })
})
