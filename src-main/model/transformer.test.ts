// The ONNX `logprobs` program against the plain-TypeScript float64 forward (reference-forward.ts), on tiny
// configs covering plain multi-head attention, grouped-query heads, Qwen2-style q/k/v biases and a tied head.
// The reference reads Hugging Face tensors, so this also checks the flat-parameter <-> HF mapping.
import { afterAll, describe, expect, it } from 'vitest'
import { Rng, Runtime } from '../engine'
import { type ModelConfig, modelConfig, parameterCount } from './config'
import { fromHfWeights, toHfWeights } from './hf-weights'
import { LanguageModel } from './language-model'
import { referenceLogits, referenceTokenScore } from './reference-forward'
import { packSequences } from './token-batch'

const tiny = (overrides: Partial<ModelConfig>) =>
  modelConfig('XS', { vocabSize: 13, dModel: 16, nLayers: 2, nHeads: 4, nKvHeads: 4, ffnDim: 24, maxPositions: 32, ...overrides })

const variants: [string, ModelConfig][] = [
  ['multi-head', tiny({})],
  ['grouped-query (4 query heads, 2 kv heads)', tiny({ nKvHeads: 2 })],
  ['Qwen2-style q/k/v biases, one kv head', tiny({ attentionBias: true, nKvHeads: 1 })],
  ['tied embedding, rope theta 500', tiny({ tieEmbeddings: true, ropeTheta: 500 })],
]

describe('transformer forward', () => {
  const runtimePromise = Runtime.create({ executionProvider: 'cpu' })
  afterAll(async () => (await runtimePromise).dispose())

  it('sizes the presets as the issue states: S about 3.2M parameters, M 10-20M', () => {
    const n = parameterCount(modelConfig('S'))
    expect(n).toBeGreaterThan(3.1e6)
    expect(n).toBeLessThan(3.3e6)
    expect(new LanguageModel(modelConfig('S'), null as unknown as Runtime).layout.size).toBe(n)
    const m = parameterCount(modelConfig('M'))
    expect(m).toBeGreaterThan(10e6)
    expect(m).toBeLessThan(20e6)
    expect(new LanguageModel(modelConfig('M'), null as unknown as Runtime).layout.size).toBe(m)
    expect(parameterCount(modelConfig('XS'))).toBe(new LanguageModel(modelConfig('XS'), null as unknown as Runtime).layout.size)
  })

  it.each(variants)('logprobs equal the plain-TypeScript forward: %s', async (_, c) => {
    const model = new LanguageModel(c, await runtimePromise)
    const params = model.initParams(3)
    // Non-trivial norms and biases, so a mix-up between them would show.
    const rng = new Rng(11)
    for (const e of model.layout.entries) {
      if (e.init.kind !== 'normal') rng.fillUniform(params.subarray(e.offset, e.offset + e.size), 0.5, 1.5)
      else for (let i = e.offset; i < e.offset + e.size; i++) params[i]! *= 10 // larger weights: peakier attention
    }
    const seqs = [
      { prompt: [1, 5, 7], response: [3, 3, 9, 12, 2] },
      { prompt: [1], response: [4, 11] },
      { prompt: [1, 2, 3, 4, 5, 6], response: [0, 8] },
    ]
    const batch = packSequences(seqs, { padId: 0, seq: 9 })
    const temperature = 0.7
    const { logProbs, entropy } = await model.logProbs(params, batch, temperature)
    const hf = toHfWeights(c, params)
    let checked = 0
    seqs.forEach((s, b) => {
      const full = [...s.prompt, ...s.response]
      const logits = referenceLogits(c, hf, full.slice(0, -1))
      logits.forEach((row, t) => {
        const ref = referenceTokenScore(row, full[t + 1]!, temperature)
        expect(logProbs[b * batch.seq + t]).toBeCloseTo(ref.logProb, 4)
        expect(entropy[b * batch.seq + t]).toBeCloseTo(ref.entropy, 4)
        checked++
      })
    })
    expect(checked).toBe(7 + 2 + 7)
  })

  it('maps parameters to Hugging Face tensors and back exactly', () => {
    for (const [, c] of variants) {
      const model = new LanguageModel(c, null as unknown as Runtime)
      const params = model.initParams(9)
      const back = fromHfWeights(c, toHfWeights(c, params))
      expect(Buffer.from(back.buffer).equals(Buffer.from(params.buffer))).toBe(true)
    }
  })
})
