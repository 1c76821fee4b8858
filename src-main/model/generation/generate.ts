// Batched generation in one run() of one program (programs.ts): prefill over the distinct prompts, then decoding in
// blocks of `cacheChunk` steps inside ONNX Loops, with the tokens sampled inside the graph and the KV cache kept
// inside the run. Each sequence has its own position, its own seeded random stream (so its samples do not depend on
// which other sequences share the batch or when they stop) and stops at a stop token or after maxNewTokens.
//
// Prefix sharing: when the prompts come in runs of identical prompts (the K samples of each prompt in an RL batch),
// prefill runs once per distinct prompt; callers need not do anything. Programs are cached per batch geometry,
// prompt bucket and sampling mode.
import { type CompiledProgram, Rng, hostTensor } from '../../engine'
import { type LanguageModel, configKey } from '../language-model'
import { paramFeeds } from '../programs'
import { GENERATION_IO, type GenerationShape, buildGenerateGraph } from './programs'
import { type SamplingOptions, validateSampling } from './sampling'
import { samplingFeeds, samplingMode } from './sampling-graph'

export interface GenerateOptions extends SamplingOptions {
  maxNewTokens: number
  /** Tokens that end a sequence (kept as its last token), e.g. the tokenizer's EOS. */
  stopTokens: readonly number[]
  /** A seed, or an Rng to draw the per-sequence seeds from (advanced by one draw per sequence). */
  seed: number | Rng
  /** Decoding steps per block (default 16): the KV cache grows by a block of steps at a time inside the run. */
  cacheChunk?: number
  /** Prompts are right-padded to a multiple of this, so programs are reused across calls (default 16). */
  promptBucket?: number
}

export type FinishReason = 'stop' | 'length'

export interface GenerationTimings {
  /** Time inside the program's run(): prefill and every decoding step. */
  runMs: number
  /** Host work outside run(): feeds, uniform draws, collecting tokens. */
  hostMs: number
  /** Building and loading the program (first use of a shape only). */
  programMs: number
  /** Decoding steps taken after the first token (fewer than maxNewTokens - 1 when every sequence stopped). */
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

/**
 * Every sequence's draws, in step order from its own stream: (steps, B), row j the draw for new token j. A sequence
 * that stops early leaves its later draws unused; its stream is its own, so nothing else changes.
 */
function drawUniforms(rngs: Rng[], steps: number): Float64Array {
  const B = rngs.length
  const uniforms = new Float64Array(steps * B)
  rngs.forEach((rng, b) => {
    for (let j = 0; j < steps; j++) uniforms[j * B + b] = rng.uniform()
  })
  return uniforms
}

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
  const blockSteps = opts.cacheChunk ?? 16
  if (!(Number.isInteger(blockSteps) && blockSteps >= 1)) throw new Error(`generate: cacheChunk must be a positive integer, got ${blockSteps}`)

  const tStart = performance.now()
  const R = sharedPromptRepeats(prompts)
  const timings: GenerationTimings = { runMs: 0, hostMs: 0, programMs: 0, decodeSteps: 0, promptRepeats: R }
  const U = B / R
  const unique = prompts.filter((_, b) => b % R === 0)
  const stopSet = new Set(opts.stopTokens)
  const shape: GenerationShape = {
    prompts: U,
    repeats: R,
    promptLength: Math.min(roundUp(longest, opts.promptBucket ?? 16), c.maxPositions),
    blockSteps,
    stops: Math.max(1, stopSet.size),
    sampleVocab: Math.min(c.vocabSize, opts.sampleVocab ?? c.vocabSize),
  }
  const mode = samplingMode(opts, shape.sampleVocab)
  const t0 = performance.now()
  const program: CompiledProgram = await model.runtime.program(
    `generate:${configKey(c)}:${mode}`,
    `U${U}xR${R}xT${shape.promptLength}xN${blockSteps}xstops${shape.stops}xV${shape.sampleVocab}`,
    () => buildGenerateGraph(c, shape, mode),
  )
  timings.programMs = performance.now() - t0

  const master = typeof opts.seed === 'number' ? new Rng(opts.seed) : opts.seed
  const rngs = prompts.map(() => new Rng(master.nextUint32()))
  const sampled = mode !== 'greedy'
  const promptTokens = new BigInt64Array(U * shape.promptLength)
  unique.forEach((p, u) => p.forEach((id, t) => (promptTokens[u * shape.promptLength + t] = BigInt(id))))
  const feeds = {
    ...paramFeeds(model.layout, params),
    ...samplingFeeds(mode, opts, shape.sampleVocab),
    [GENERATION_IO.tokens]: hostTensor(promptTokens, [U, shape.promptLength]),
    [GENERATION_IO.lengths]: hostTensor(BigInt64Array.from(unique, (p) => BigInt(p.length)), [U]),
    [GENERATION_IO.maxNewTokens]: hostTensor(BigInt64Array.of(BigInt(opts.maxNewTokens)), []),
    ...(sampled ? { [GENERATION_IO.uniforms]: hostTensor(drawUniforms(rngs, opts.maxNewTokens), [opts.maxNewTokens, B]) } : {}),
    // At least one stop token is fed; -1 matches no token.
    [GENERATION_IO.stopTokens]: hostTensor(stopSet.size ? BigInt64Array.from(stopSet, BigInt) : BigInt64Array.of(-1n), [shape.stops]),
  }
  const t1 = performance.now()
  const result = await program.run(feeds)
  timings.runMs = performance.now() - t1

  const out: GenerationResult = { tokens: prompts.map(() => []), logProbs: prompts.map(() => []), finishReasons: prompts.map(() => 'length'), timings }
  const newTokens = result[GENERATION_IO.newTokens]!
  const ids = newTokens.data as BigInt64Array
  const logProbs = result[GENERATION_IO.newLogProbs]!.data as Float64Array
  const rows = newTokens.dims[0]!
  const active = new Array<boolean>(B).fill(true)
  for (let j = 0; j < rows; j++) {
    for (let b = 0; b < B; b++) {
      if (!active[b]) continue
      const token = Number(ids[j * B + b])
      out.tokens[b]!.push(token)
      out.logProbs[b]!.push(logProbs[j * B + b]!)
      if (stopSet.has(token)) {
        active[b] = false
        out.finishReasons[b] = 'stop'
      }
    }
  }
  timings.decodeSteps = rows - 1
  timings.hostMs = performance.now() - tStart - timings.runMs - timings.programMs
  return out
}
