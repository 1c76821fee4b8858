// The generation program: a whole generation in one run(). Prefill over the distinct prompts, then decoding in
// blocks of N steps (an ONNX Loop over blocks, each running a Loop over its steps), with the tokens sampled in the
// graph (sampling-graph.ts) from uniform draws the host takes beforehand from each sequence's Rng. The KV cache
// lives and grows inside the run: only the tokens and their log-probs come back. (onnxruntime-node copies every
// output into a freshly allocated buffer, and on these machines a fresh page costs about 10 µs to fault in, so
// returning cache rows to the host cost more than computing them.)
//
// Shapes: B sequences; U distinct prompts, each shared by R consecutive sequences (B = U R, e.g. the K samples of a
// prompt in an RL batch); Tp the padded prompt length; N decoding steps per block.
//
// generate @ U x R x Tp x N:
//   inputs  param.*, tokens (U, Tp) int64 right-padded, lengths (U) int64, max_new_tokens [] int64,
//           uniforms (max_new_tokens, B) float64 (one draw per sequence and step, row 0 for the first token),
//           stop_tokens (nStops) int64, sampling inputs
//   outputs new_tokens, new_log_probs (G, B): G <= max_new_tokens rows, fewer when every sequence has stopped
// Within a block, this block's steps are carried through the inner loop (one row longer per step) and attended to
// beside the history (the prompt's rows, then the earlier blocks' steps); after the block they are appended to the
// history. Appending every step to the history would copy all of it per step; this copies a block's rows per step
// and the history once per block.
import { Graph, type Tensor, ops } from '../../engine'
import { headDim, type ModelConfig } from '../config'
import { modelLayout, paramInputs } from '../programs'
import { type DecodeCache, decodeForward, prefillForward } from '../transformer'
import { type SamplingMode, sampleTokens, samplingInputs } from './sampling-graph'

export const GENERATION_IO = {
  tokens: 'tokens',
  lengths: 'lengths',
  maxNewTokens: 'max_new_tokens',
  uniforms: 'uniforms',
  stopTokens: 'stop_tokens',
  newTokens: 'new_tokens',
  newLogProbs: 'new_log_probs',
} as const

export interface GenerationShape {
  /** U: distinct prompts. */
  prompts: number
  /** R: consecutive sequences sampled from each prompt (B = U R). */
  repeats: number
  /** Tp: prompt length after padding. */
  promptLength: number
  /** N: decoding steps per block. */
  blockSteps: number
  /** Stop tokens fed (at least one; pad with -1, which never matches). */
  stops: number
  /**
   * Tokens that may be drawn: the first `sampleVocab` ids (a checkpoint's embedding may hold padding rows past its
   * tokenizer's vocabulary; they are never sampled, and the distribution is renormalised over the rest).
   */
  sampleVocab: number
}

export function buildGenerateGraph(c: ModelConfig, s: GenerationShape, mode: SamplingMode): Graph {
  const g = new Graph('generate')
  const p = paramInputs(g, modelLayout(c))
  const [K, D, L] = [c.nKvHeads, headDim(c), c.nLayers]
  const [U, R, Tp, N] = [s.prompts, s.repeats, s.promptLength, s.blockSteps]
  const B = U * R
  const tokens = g.input(GENERATION_IO.tokens, 'int64', [U, Tp])
  const lengths = g.input(GENERATION_IO.lengths, 'int64', [U])
  const maxNew = g.input(GENERATION_IO.maxNewTokens, 'int64', [])
  const uniforms = mode === 'greedy' ? null : g.input(GENERATION_IO.uniforms, 'float64', ['max_new_tokens', B])
  const stopTokens = g.input(GENERATION_IO.stopTokens, 'int64', [s.stops])
  const sampling = samplingInputs(g, mode)
  const drawAt = (step: Tensor) => (uniforms ? ops.gather(uniforms, step, 0) : null) // (B) float64
  const isStop = (t: Tensor) => ops.greater(ops.reduceSum(ops.cast(ops.equal(ops.unsqueeze(t, [1]), ops.unsqueeze(stopTokens, [0])), 'int64'), [1]), 0) // (B) bool
  const anyActive = (a: Tensor) => ops.greater(ops.reduceSum(ops.cast(a, 'int64')), 0) // (B) bool -> [] bool

  // Prefill: each prompt once, its results repeated for its R sequences, (U, ...) -> (U R, ...).
  const sampleable = (logits: Tensor) => (s.sampleVocab < c.vocabSize ? ops.slice(logits, [0], [s.sampleVocab], [1]) : logits) // (B, V) -> (B, sampleVocab)
  const perSequence = (x: Tensor) => {
    const rest = x.shape.slice(1) as number[]
    return R === 1 ? x : ops.reshape(ops.expand(ops.unsqueeze(x, [1]), [U, R, ...rest]), [B, ...rest])
  }
  const prefill = prefillForward(c, p, tokens, lengths) // logits (U, V), keys and values (U, Tp, K, D) per layer
  const first = sampleTokens(sampleable(perSequence(prefill.logits)), drawAt(g.scalar(0, 'int64')), mode, sampling) // (B)
  const promptLengths = perSequence(lengths) // (B): also the position of each sequence's first new token
  const history = [...prefill.keys, ...prefill.values].map((t) => perSequence(ops.transpose(t, [0, 2, 1, 3]))) // (B, K, Tp, D): keys of every layer, then values
  const firstActive = ops.not(isStop(first.tokens))
  const steps = ops.sub(maxNew, 1) // decoding steps after the first token
  const blocks = ops.div(ops.add(steps, N - 1), N)

  const outer = ops.loop(
    blocks,
    [first.tokens, promptLengths, firstActive, g.scalar(1, 'int64'), ops.unsqueeze(first.tokens, [0]), ops.unsqueeze(first.logProbs, [0]), ...history],
    ({ graph: blockGraph, carried: [token, position, active, generated, tokensSoFar, logProbsSoFar, ...cached] }) => {
      // History rows at or past a prompt's length and before Tp are padding: hidden from every step of the block.
      const row = ops.unsqueeze(ops.range(ops.gather(ops.shapeOf(cached[0]!), blockGraph.scalar(2, 'int64'))), [0]) // (1, S)
      const visible = ops.or(ops.less(row, ops.unsqueeze(promptLengths, [1])), ops.greaterOrEqual(row, Tp)) // (B, S)
      const historyMask = ops.unsqueeze(ops.where(visible, blockGraph.scalar(0, 'float32'), -1e9), [1, 2]) // (B, 1, 1, S)
      const empty = () => blockGraph.constant(new Float32Array(0), [B, K, 0, D])
      const initialRun = Array.from({ length: 2 * L }, empty)
      const inner = ops.loop(
        ops.minimum(N, ops.sub(maxNew, generated!)),
        [token!, position!, active!, ...initialRun],
        ({ iteration, carried: [t, pos, stillActive, ...run] }) => {
          const cache: DecodeCache = {
            historyMask,
            layers: Array.from({ length: L }, (_, l) => ({ history: { keys: cached[l]!, values: cached[L + l]! }, run: { keys: run[l]!, values: run[L + l]! } })),
          }
          const step = decodeForward(c, p, ops.unsqueeze(t!, [1]), pos!, cache)
          const next = sampleTokens(sampleable(step.logits), drawAt(ops.add(generated!, iteration)), mode, sampling)
          const nowActive = ops.and(stillActive!, ops.not(isStop(next.tokens)))
          return {
            carried: [next.tokens, ops.add(pos!, 1), nowActive, ...step.runKeys, ...step.runValues],
            scans: [next.tokens, next.logProbs],
            continue: anyActive(nowActive),
          }
        },
        { condition: anyActive(active!), carriedShapes: [undefined, undefined, undefined, ...initialRun.map(() => [B, K, 'run_steps', D])] },
      )
      const [lastToken, nextPosition, nowActive, ...run] = inner.carried
      const [blockTokens, blockLogProbs] = inner.scans
      const nowGenerated = ops.add(generated!, ops.gather(ops.shapeOf(blockTokens!), blockGraph.scalar(0, 'int64')))
      return {
        carried: [
          lastToken!,
          nextPosition!,
          nowActive!,
          nowGenerated,
          ops.concat([tokensSoFar!, blockTokens!], 0),
          ops.concat([logProbsSoFar!, blockLogProbs!], 0),
          ...cached.map((h, i) => ops.concat([h, run[i]!], 2)),
        ],
        continue: ops.and(anyActive(nowActive!), ops.less(nowGenerated, maxNew)),
      }
    },
    {
      condition: ops.and(anyActive(firstActive), ops.greater(steps, 0)),
      carriedShapes: [undefined, undefined, undefined, undefined, ['generated', B], ['generated', B], ...history.map(() => [B, K, 'history', D])],
    },
  )
  g.output(outer.carried[4]!, GENERATION_IO.newTokens)
  g.output(outer.carried[5]!, GENERATION_IO.newLogProbs)
  return g
}
