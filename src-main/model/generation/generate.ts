// Batched generation: one prefill over the distinct prompts, then decode runs of up to `cacheChunk` steps each (an
// ONNX Loop), with the tokens sampled inside the graph and the KV cache kept as the programs' own outputs. Each
// sequence has its own position, its own seeded random stream (so its samples do not depend on which other
// sequences share the batch or when they stop) and stops at a stop token or after maxNewTokens.
//
// Prefix sharing: when the prompts come in runs of identical prompts (the K samples of each prompt in an RL batch),
// prefill runs once per distinct prompt; callers need not do anything. Programs are cached per batch geometry,
// prompt bucket, sampling mode and history length.
import { type CompiledProgram, type HostTensor, Rng, hostTensor } from '../../engine'
import { type LanguageModel, configKey } from '../language-model'
import { paramFeeds } from '../programs'
import { KvCache } from './kv-cache'
import { GENERATION_IO, type PrefillShape, buildDecodeGraph, buildPrefillGraph } from './programs'
import { type SamplingOptions, validateSampling } from './sampling'
import { samplingFeeds, samplingMode } from './sampling-graph'

export interface GenerateOptions extends SamplingOptions {
  maxNewTokens: number
  /** Tokens that end a sequence (kept as its last token), e.g. the tokenizer's EOS. */
  stopTokens: readonly number[]
  /** A seed, or an Rng to draw the per-sequence seeds from (advanced by one draw per sequence). */
  seed: number | Rng
  /** Decoding steps per run() (default 16); each run appends that many steps to the KV cache. */
  cacheChunk?: number
  /** Prompts are right-padded to a multiple of this, so prefill programs are reused across calls (default 16). */
  promptBucket?: number
}

export type FinishReason = 'stop' | 'length'

export interface GenerationTimings {
  /** Time inside the prefill run. */
  prefillMs: number
  /** Time inside decode runs. */
  decodeMs: number
  /** Host work outside run(): feeds, uniform draws, collecting tokens. */
  hostMs: number
  /** Building and loading programs (first use of a shape only). */
  programMs: number
  decodeRuns: number
  decodeSteps: number
  /** R: consecutive sequences that shared one prompt's prefill (1: no sharing). */
  promptRepeats: number
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
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b))
const samePrompt = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((id, i) => id === b[i])

/** R: the largest group size such that every group of R consecutive prompts holds one prompt repeated. */
export function sharedPromptRepeats(prompts: readonly (readonly number[])[]): number {
  let repeats = 0
  let run = 1
  for (let b = 1; b <= prompts.length; b++) {
    if (b < prompts.length && samePrompt(prompts[b]!, prompts[b - 1]!)) {
      run++
    } else {
      repeats = gcd(repeats, run)
      run = 1
    }
  }
  return repeats
}

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
  // The last new token is never fed back, so positions go up to longest + maxNewTokens - 2.
  if (longest + opts.maxNewTokens - 1 > c.maxPositions) throw new Error(`generate: prompts of ${longest} tokens plus ${opts.maxNewTokens} new tokens exceed the model's ${c.maxPositions} positions`)
  const stepsPerRun = opts.cacheChunk ?? 16
  if (!(Number.isInteger(stepsPerRun) && stepsPerRun >= 1)) throw new Error(`generate: cacheChunk must be a positive integer, got ${stepsPerRun}`)

  const tStart = performance.now()
  const timings: GenerationTimings = { prefillMs: 0, decodeMs: 0, hostMs: 0, programMs: 0, decodeRuns: 0, decodeSteps: 0, promptRepeats: 1 }
  const R = sharedPromptRepeats(prompts)
  timings.promptRepeats = R
  const U = B / R
  const unique = prompts.filter((_, b) => b % R === 0)
  const shape: PrefillShape = { prompts: U, repeats: R, promptLength: Math.min(roundUp(longest, opts.promptBucket ?? 16), c.maxPositions) }
  const mode = samplingMode(opts, c.vocabSize)
  const stopSet = new Set(opts.stopTokens)
  // At least one stop token is fed; -1 matches no token.
  const stopTokens = hostTensor(stopSet.size ? BigInt64Array.from(stopSet, BigInt) : BigInt64Array.of(-1n), [Math.max(1, stopSet.size)])
  const key = `${configKey(c)}:${mode}`
  const program = async (build: () => Promise<CompiledProgram>) => {
    const t0 = performance.now()
    const compiled = await build()
    timings.programMs += performance.now() - t0
    return compiled
  }
  const decodeFor = (history: number) =>
    program(() =>
      model.runtime.program(`decode:${key}`, `B${B}xT${shape.promptLength}xW${history}xN${stepsPerRun}xstops${stopTokens.dims[0]}`, () =>
        buildDecodeGraph(c, { batch: B, promptLength: shape.promptLength, history, steps: stepsPerRun, stops: stopTokens.dims[0]! }, mode),
      ),
    )
  const prefill = await program(() => model.runtime.program(`prefill:${key}`, `U${U}xR${R}xT${shape.promptLength}`, () => buildPrefillGraph(c, shape, mode)))

  const weights = { ...paramFeeds(model.layout, params), ...samplingFeeds(mode, opts, c.vocabSize) }
  const master = typeof opts.seed === 'number' ? new Rng(opts.seed) : opts.seed
  const rngs = prompts.map(() => new Rng(master.nextUint32()))
  const sampled = mode !== 'greedy'
  const out: GenerationResult = { tokens: prompts.map(() => []), logProbs: prompts.map(() => []), finishReasons: prompts.map(() => 'length'), timings }
  const active = new Uint8Array(B).fill(1)
  const last = new BigInt64Array(B)
  const accept = (b: number, token: number, logProb: number) => {
    out.tokens[b]!.push(token)
    out.logProbs[b]!.push(logProb)
    last[b] = BigInt(token)
    if (stopSet.has(token)) {
      active[b] = 0
      out.finishReasons[b] = 'stop'
    }
  }
  const run = async (p: CompiledProgram, feeds: Record<string, HostTensor>) => {
    const t0 = performance.now()
    const result = await p.run(feeds)
    return { result, ms: performance.now() - t0 }
  }

  const promptTokens = new BigInt64Array(U * shape.promptLength)
  unique.forEach((p, u) => p.forEach((id, t) => (promptTokens[u * shape.promptLength + t] = BigInt(id))))
  const first = await run(prefill, {
    ...weights,
    [GENERATION_IO.tokens]: hostTensor(promptTokens, [U, shape.promptLength]),
    [GENERATION_IO.lengths]: hostTensor(BigInt64Array.from(unique, (p) => BigInt(p.length)), [U]),
    ...(sampled ? { [GENERATION_IO.uniforms]: hostTensor(Float64Array.from(rngs, (rng) => rng.uniform()), [B]) } : {}),
  })
  timings.prefillMs = first.ms
  const firstTokens = first.result[GENERATION_IO.nextTokens]!.data as BigInt64Array
  const firstLogProbs = first.result[GENERATION_IO.nextLogProbs]!.data as Float64Array
  for (let b = 0; b < B; b++) accept(b, Number(firstTokens[b]), firstLogProbs[b]!)
  const cache = new KvCache(c.nLayers)
  cache.setFromPrefill(first.result)

  const lengths = hostTensor(BigInt64Array.from(prompts, (p) => BigInt(p.length)), [B])
  let generated = 1
  while (generated < opts.maxNewTokens && active.includes(1)) {
    const steps = Math.min(stepsPerRun, opts.maxNewTokens - generated)
    // Each sequence's draws for this run, in step order from its own stream; a stopped sequence draws nothing.
    const uniforms = new Float64Array(stepsPerRun * B)
    if (sampled) for (let b = 0; b < B; b++) if (active[b]) for (let i = 0; i < steps; i++) uniforms[i * B + b] = rngs[b]!.uniform()
    const decode = await decodeFor(cache.rows)
    const step = await run(decode, {
      ...weights,
      ...cache.feeds(),
      [GENERATION_IO.lengths]: lengths,
      [GENERATION_IO.tokens]: hostTensor(last, [B]),
      // The token fed now is new token generated - 1, at position prompt length + generated - 1.
      [GENERATION_IO.positions]: hostTensor(BigInt64Array.from(prompts, (p) => BigInt(p.length + generated - 1)), [B]),
      [GENERATION_IO.active]: hostTensor(active.slice(), [B]),
      [GENERATION_IO.steps]: hostTensor(BigInt64Array.of(BigInt(steps)), []),
      ...(sampled ? { [GENERATION_IO.uniforms]: hostTensor(uniforms, [stepsPerRun, B]) } : {}),
      [GENERATION_IO.stopTokens]: stopTokens,
    })
    timings.decodeMs += step.ms
    timings.decodeRuns++
    const newTokens = step.result[GENERATION_IO.newTokens]!
    const newLogProbs = step.result[GENERATION_IO.newLogProbs]!.data as Float64Array
    const ran = newTokens.dims[0]! // fewer than `steps` when every sequence stopped inside the run
    const ids = newTokens.data as BigInt64Array
    for (let i = 0; i < ran; i++) for (let b = 0; b < B; b++) if (active[b]) accept(b, Number(ids[i * B + b]), newLogProbs[i * B + b]!)
    generated += ran
    timings.decodeSteps += ran
    cache.setFromDecode(step.result)
  }
  timings.hostMs = performance.now() - tStart - timings.prefillMs - timings.decodeMs - timings.programMs
  return out
}
