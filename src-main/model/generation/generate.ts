// Batched generation: one prefill over the right-padded prompts, then one decode run per new token for the whole
// batch, with the KV cache on the host. Each sequence has its own position, its own seeded random stream (so its
// samples do not depend on which other sequences share the batch or when they stop) and stops at a stop token or
// after maxNewTokens. Programs are cached per batch size and bucketed prompt length (prefill) or number of cache
// chunks in use (decode), so a step's attention reads only the chunks that hold positions so far.
import { type CompiledProgram, Rng, hostTensor } from '../../engine'
import { type LanguageModel, configKey } from '../language-model'
import { paramFeeds } from '../programs'
import { KvCache } from './kv-cache'
import { GENERATION_IO, buildDecodeGraph, buildPrefillGraph } from './programs'
import { type SamplingOptions, sampleToken, validateSampling } from './sampling'

export interface GenerateOptions extends SamplingOptions {
  maxNewTokens: number
  /** Tokens that end a sequence (kept as its last token), e.g. the tokenizer's EOS. */
  stopTokens: readonly number[]
  /** A seed, or an Rng to draw the per-sequence seeds from (advanced by one draw per sequence). */
  seed: number | Rng
  /** Positions per KV-cache chunk (default 32). */
  cacheChunk?: number
  /** Prompts are right-padded to a multiple of this, so prefill programs are reused across calls (default 16). */
  promptBucket?: number
}

export type FinishReason = 'stop' | 'length'

export interface GenerationTimings {
  prefillMs: number
  decodeMs: number
  cacheMs: number
  samplingMs: number
  decodeSteps: number
}

export interface GenerationResult {
  /** The new tokens of each sequence (a stop token included). */
  tokens: number[][]
  /** log p of each new token under softmax(logits / temperature) (see SampledToken.logProb). */
  logProbs: number[][]
  finishReasons: FinishReason[]
  timings: GenerationTimings
}

const roundUp = (n: number, m: number) => Math.ceil(n / m) * m

export async function generate(
  model: LanguageModel,
  params: Float32Array,
  prompts: readonly (readonly number[])[],
  opts: GenerateOptions,
): Promise<GenerationResult> {
  const c = model.config
  validateSampling(opts)
  if (prompts.length === 0) throw new Error('generate: no prompts')
  if (!(Number.isInteger(opts.maxNewTokens) && opts.maxNewTokens >= 1)) throw new Error(`generate: maxNewTokens must be a positive integer, got ${opts.maxNewTokens}`)
  prompts.forEach((p, b) => {
    if (p.length === 0) throw new Error(`generate: prompt ${b} is empty`)
    p.forEach((id, i) => {
      if (!Number.isInteger(id) || id < 0 || id >= c.vocabSize) throw new Error(`generate: prompt ${b}, token ${i}: id ${id} is outside the vocabulary [0, ${c.vocabSize})`)
    })
  })
  const B = prompts.length
  const longest = Math.max(...prompts.map((p) => p.length))
  // The last new token is never fed back, so the cache needs longest + maxNewTokens - 1 positions.
  const needed = longest + opts.maxNewTokens - 1
  if (needed > c.maxPositions) throw new Error(`generate: prompts of ${longest} tokens plus ${opts.maxNewTokens} new tokens exceed the model's ${c.maxPositions} positions`)
  const chunk = opts.cacheChunk ?? 32
  if (!(Number.isInteger(chunk) && chunk >= 1)) throw new Error(`generate: cacheChunk must be a positive integer, got ${chunk}`)
  const cache = new KvCache(c, B, chunk, Math.ceil(needed / chunk))
  const promptLength = Math.min(roundUp(longest, opts.promptBucket ?? 16), c.maxPositions)

  const key = configKey(c)
  const prefill = await model.runtime.program(`prefill:${key}`, `B${B}xT${promptLength}`, () => buildPrefillGraph(c, B, promptLength))
  const decodePrograms = new Map<number, CompiledProgram>()
  const decodeFor = async (chunks: number) => {
    let program = decodePrograms.get(chunks)
    if (!program) {
      program = await model.runtime.program(`decode:${key}`, `B${B}xC${chunk}x${chunks}`, () => buildDecodeGraph(c, B, chunk, chunks))
      decodePrograms.set(chunks, program)
    }
    return program
  }
  const weights = paramFeeds(model.layout, params)
  const master = typeof opts.seed === 'number' ? new Rng(opts.seed) : opts.seed
  const rngs = prompts.map(() => new Rng(master.nextUint32()))
  const timings: GenerationTimings = { prefillMs: 0, decodeMs: 0, cacheMs: 0, samplingMs: 0, decodeSteps: 0 }
  const stops = new Set(opts.stopTokens)

  const tokens = new BigInt64Array(B * promptLength)
  prompts.forEach((p, b) => p.forEach((id, t) => (tokens[b * promptLength + t] = BigInt(id))))
  const positions = BigInt64Array.from(prompts, (p) => BigInt(p.length))
  let t0 = performance.now()
  const first = await prefill.run({
    ...weights,
    [GENERATION_IO.tokens]: hostTensor(tokens, [B, promptLength]),
    [GENERATION_IO.lengths]: hostTensor(positions.slice(), [B]),
  })
  timings.prefillMs = performance.now() - t0
  t0 = performance.now()
  cache.writePrefill(first, promptLength)
  timings.cacheMs += performance.now() - t0

  const out: GenerationResult = { tokens: prompts.map(() => []), logProbs: prompts.map(() => []), finishReasons: prompts.map(() => 'length'), timings }
  const active = new Array<boolean>(B).fill(true)
  const last = new BigInt64Array(B)
  const sample = (logits: Float32Array) => {
    const V = logits.length / B
    for (let b = 0; b < B; b++) {
      if (!active[b]) continue
      const { token, logProb } = sampleToken(logits.subarray(b * V, (b + 1) * V), opts, rngs[b]!)
      out.tokens[b]!.push(token)
      out.logProbs[b]!.push(logProb)
      last[b] = BigInt(token)
      if (stops.has(token)) {
        active[b] = false
        out.finishReasons[b] = 'stop'
      }
    }
  }
  t0 = performance.now()
  sample(first[GENERATION_IO.logits]!.data as Float32Array)
  timings.samplingMs += performance.now() - t0

  for (let step = 1; step < opts.maxNewTokens && active.includes(true); step++) {
    // Each sequence feeds its latest token at its own position; a finished one repeats its last step harmlessly.
    let furthest = 0
    for (const p of positions) furthest = Math.max(furthest, Number(p))
    const chunks = Math.floor(furthest / chunk) + 1
    const decode = await decodeFor(chunks)
    t0 = performance.now()
    const result = await decode.run({
      ...weights,
      ...cache.feeds(chunks),
      [GENERATION_IO.tokens]: hostTensor(last, [B, 1]),
      [GENERATION_IO.positions]: hostTensor(positions, [B]),
    })
    const t1 = performance.now()
    cache.writeStep(result, positions)
    for (let b = 0; b < B; b++) if (active[b]) positions[b]! += 1n
    const t2 = performance.now()
    sample(result[GENERATION_IO.logits]!.data as Float32Array)
    timings.decodeMs += t1 - t0
    timings.cacheMs += t2 - t1
    timings.samplingMs += performance.now() - t2
    timings.decodeSteps++
  }
  return out
}
