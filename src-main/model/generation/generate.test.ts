// Generation with the KV cache against the full-sequence `logprobs` program: every token's sampling log-prob must
// equal what scoring the finished sequence gives (so prefill, the cache and each decode step compute the same
// function as the plain forward), greedy picks the argmax, a seed reproduces its samples, and stop tokens,
// per-sequence prompt lengths and the length limit behave. Neither prefix sharing (runs of one prompt) nor the
// number of decoding steps per block changes what a sequence samples.
import { afterAll, describe, expect, it } from 'vitest'
import { Runtime } from '../../engine'
import { modelConfig } from '../config'
import { toHfWeights } from '../hf-weights'
import { LanguageModel } from '../language-model'
import { referenceLogits } from '../reference-forward'
import { packSequences } from '../token-batch'
import { generate, sharedPromptRepeats } from './generate'

const config = modelConfig('XS', { vocabSize: 17, dModel: 32, nHeads: 4, nKvHeads: 2, ffnDim: 48, maxPositions: 64 })
const prompts = [[1, 4, 9, 3, 3], [1, 7], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]]

describe('generate', () => {
  const runtimePromise = Runtime.create({ executionProvider: 'cpu' })
  afterAll(async () => (await runtimePromise).dispose())
  const setup = async () => {
    const model = new LanguageModel(config, await runtimePromise)
    const params = model.initParams(4)
    // Larger weights than the init's, so the distributions are far from uniform and argmax ties cannot happen.
    for (let i = 0; i < params.length; i++) params[i]! *= 8
    return { model, params }
  }

  async function expectScoresMatch(model: LanguageModel, params: Float32Array, gen: { tokens: number[][]; logProbs: number[][] }, temperature: number) {
    const batch = packSequences(prompts.map((p, b) => ({ prompt: p, response: gen.tokens[b]! })), { padId: 0 })
    const scored = await model.logProbs(params, batch, temperature)
    prompts.forEach((p, b) => {
      gen.logProbs[b]!.forEach((lp, i) => expect(lp).toBeCloseTo(scored.logProbs[b * batch.seq + p.length - 1 + i]!, 4))
    })
  }

  it('never draws ids past sampleVocab (an embedding’s padding rows), sampled or greedy', async () => {
    const { model, params } = await setup()
    for (const temperature of [1.5, 0]) {
      const full = await generate(model, params, prompts, { temperature, maxNewTokens: 30, stopTokens: [], seed: 5 })
      const limited = await generate(model, params, prompts, { temperature, maxNewTokens: 30, stopTokens: [], seed: 5, sampleVocab: 6 })
      if (temperature > 0) expect(full.tokens.flat().some((t) => t >= 6)).toBe(true) // the limit is what keeps them out
      expect(limited.tokens.flat().every((t) => t < 6)).toBe(true)
    }
  })

  it('samples at a temperature with log-probs equal to scoring the result, reproducibly for a seed', async () => {
    const { model, params } = await setup()
    // Chunks of 8 positions: the sequences cross several chunks, and decode programs over 1..4 chunks are used.
    const opts = { temperature: 0.9, maxNewTokens: 20, stopTokens: [], seed: 123, cacheChunk: 8 }
    const a = await generate(model, params, prompts, opts)
    expect(a.tokens.map((t) => t.length)).toEqual([20, 20, 20])
    expect(a.finishReasons).toEqual(['length', 'length', 'length'])
    await expectScoresMatch(model, params, a, 0.9)
    const again = await generate(model, params, prompts, opts)
    expect(again.tokens).toEqual(a.tokens)
    expect(again.logProbs).toEqual(a.logProbs)
    const other = await generate(model, params, prompts, { ...opts, seed: 124 })
    expect(other.tokens).not.toEqual(a.tokens)
  })

  it('decodes greedily (argmax) and gives each sequence the same tokens alone as in the batch', async () => {
    const { model, params } = await setup()
    const opts = { temperature: 0, maxNewTokens: 12, stopTokens: [], seed: 1 }
    const batched = await generate(model, params, prompts, opts)
    await expectScoresMatch(model, params, batched, 1)
    // Greedy: each token is the argmax of the plain-TypeScript forward's logits after the sequence so far.
    const hf = toHfWeights(config, params)
    prompts.forEach((prompt, b) => {
      const full = [...prompt, ...batched.tokens[b]!]
      const logits = referenceLogits(config, hf, full.slice(0, -1))
      batched.tokens[b]!.forEach((token, i) => {
        const row = logits[prompt.length - 1 + i]!
        expect(token).toBe(row.indexOf(Math.max(...row)))
      })
    })
    for (const [b, prompt] of prompts.entries()) {
      const alone = await generate(model, params, [prompt], opts)
      expect(alone.tokens[0]).toEqual(batched.tokens[b])
    }
    const topK1 = await generate(model, params, prompts, { ...opts, temperature: 1.3, topK: 1 })
    expect(topK1.tokens).toEqual(batched.tokens)
  })

  it('stops a sequence at a stop token and keeps the others going', async () => {
    const { model, params } = await setup()
    const opts = { temperature: 0, maxNewTokens: 10, stopTokens: [] as number[], seed: 1 }
    const free = await generate(model, params, prompts, opts)
    const stop = free.tokens[0]![3]!
    const stopped = await generate(model, params, prompts, { ...opts, stopTokens: [stop] })
    const firstStop = free.tokens[0]!.indexOf(stop)
    expect(stopped.tokens[0]).toEqual(free.tokens[0]!.slice(0, firstStop + 1))
    expect(stopped.finishReasons[0]).toBe('stop')
    prompts.forEach((_, b) => {
      const at = free.tokens[b]!.indexOf(stop)
      expect(stopped.tokens[b]).toEqual(at < 0 ? free.tokens[b] : free.tokens[b]!.slice(0, at + 1))
      expect(stopped.finishReasons[b]).toBe(at < 0 ? 'length' : 'stop')
    })
  })

  it('samples the same tokens alone as in a batch, and for any block size', async () => {
    const { model, params } = await setup()
    const opts = { temperature: 0.9, maxNewTokens: 20, stopTokens: [], seed: 77 }
    const batched = await generate(model, params, prompts, opts)
    const alone = await generate(model, params, [prompts[0]!], opts)
    expect(alone.tokens[0]).toEqual(batched.tokens[0])
    for (const cacheChunk of [1, 3, 7, 64]) {
      const chunked = await generate(model, params, prompts, { ...opts, cacheChunk })
      expect(chunked.tokens).toEqual(batched.tokens)
      chunked.logProbs.forEach((row, b) => row.forEach((lp, i) => expect(lp).toBeCloseTo(batched.logProbs[b]![i]!, 5)))
    }
  })

  it('shares the prefill and prompt cache of identical consecutive prompts without changing the samples', async () => {
    expect(sharedPromptRepeats([[1], [1], [2], [2]])).toBe(2)
    expect(sharedPromptRepeats([[1, 2], [1, 2], [1, 2], [3], [3], [3]])).toBe(3)
    expect(sharedPromptRepeats([[1], [1], [1], [1], [2], [2]])).toBe(2)
    expect(sharedPromptRepeats([[1], [1], [2]])).toBe(1)
    expect(sharedPromptRepeats([[1], [1, 2]])).toBe(1)
    const { model, params } = await setup()
    const [a, b] = [prompts[0]!, prompts[2]!]
    const grouped = [a, a, a, b, b, b]
    const opts = { temperature: 0.9, maxNewTokens: 16, stopTokens: [], seed: 5, cacheChunk: 6 }
    const shared = await generate(model, params, grouped, opts)
    expect(shared.timings.promptRepeats).toBe(3)
    // One more, different prompt breaks the runs (no sharing); the first six sequences draw the same seeds.
    const unshared = await generate(model, params, [...grouped, prompts[1]!], opts)
    expect(unshared.timings.promptRepeats).toBe(1)
    expect(shared.tokens).toEqual(unshared.tokens.slice(0, 6))
    shared.logProbs.forEach((row, i) => row.forEach((lp, t) => expect(lp).toBeCloseTo(unshared.logProbs[i]![t]!, 5)))
    const batch = packSequences(grouped.map((p, i) => ({ prompt: p, response: shared.tokens[i]! })), { padId: 0 })
    const scored = await model.logProbs(params, batch, 0.9)
    grouped.forEach((p, i) => shared.logProbs[i]!.forEach((lp, t) => expect(lp).toBeCloseTo(scored.logProbs[i * batch.seq + p.length - 1 + t]!, 4)))
  })

  it('stops decoding as soon as every sequence has stopped', async () => {
    const { model, params } = await setup()
    const opts = { temperature: 0, maxNewTokens: 12, stopTokens: [] as number[], seed: 1 }
    const free = await generate(model, params, prompts, opts)
    const stops = [...new Set(free.tokens.map((t) => t[3]!))]
    const stopped = await generate(model, params, prompts, { ...opts, stopTokens: stops })
    const firstStops = free.tokens.map((t) => t.findIndex((id) => stops.includes(id)))
    stopped.tokens.forEach((t, b) => expect(t).toEqual(free.tokens[b]!.slice(0, firstStops[b]! + 1)))
    expect(stopped.finishReasons).toEqual(prompts.map(() => 'stop'))
    // The first token comes from prefill; decoding then took only the steps up to the last stop.
    expect(stopped.timings.decodeSteps).toBe(Math.max(...firstStops))
    const one = await generate(model, params, prompts, { ...opts, maxNewTokens: 1 })
    expect(one.tokens).toEqual(free.tokens.map((t) => t.slice(0, 1)))
    expect(one.timings.decodeSteps).toBe(0)
  })

  it('refuses prompts that do not fit the model', async () => {
    const { model, params } = await setup()
    await expect(generate(model, params, [[1, 2]], { temperature: 0, maxNewTokens: 64, stopTokens: [], seed: 1 })).rejects.toThrow(/exceed the model's 64 positions/)
    await expect(generate(model, params, [[1, 99]], { temperature: 0, maxNewTokens: 4, stopTokens: [], seed: 1 })).rejects.toThrow(/prompt 0, token 1: id 99/)
    await expect(generate(model, params, [[]], { temperature: 0, maxNewTokens: 4, stopTokens: [], seed: 1 })).rejects.toThrow(/prompt 0 is empty/)
  })
})
