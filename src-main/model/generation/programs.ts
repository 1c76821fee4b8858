// The two generation programs. The KV cache stays on the host as the programs' own outputs, fed back in as
// zero-copy inputs; the host never copies or rearranges it. Tokens are sampled in the graph (sampling-graph.ts)
// from uniform draws the host takes from each sequence's Rng, so a decode run can take several steps in an ONNX
// Loop and return once.
//
// Shapes: U distinct prompts, each shared by R consecutive sequences (B = U R, e.g. the K samples of a prompt in an
// RL batch), Tp the padded prompt length, N decoding steps per run, S steps already in the cache (a multiple of N).
//
// prefill @ U x R x Tp:  param.*, tokens (U, Tp) int64 right-padded, lengths (U) int64, uniforms (B) float64,
//                        sampling inputs
//   -> next_tokens (B) int64 and next_log_probs (B) float64 (each sequence's first new token),
//      prompt_keys_l, prompt_values_l (U, 1, K, Tp, D) (the 1 broadcasts over a prompt's R sequences)
// decode @ U x R x Tp x N x S:  param.*, prompt_keys_l / prompt_values_l, lengths (U), and when S > 0
//                        step_keys_l, step_values_l (B, K, S, D); tokens (B) (the latest, fed now),
//                        positions (B) (theirs), active (B) bool, steps [] int64 (M <= N), uniforms (N, B) float64,
//                        stop_tokens (nStops) int64, sampling inputs
//   -> new_tokens, new_log_probs (M', B) with M' <= M (the loop ends early once every sequence has stopped),
//      new_step_keys_l, new_step_values_l (B, K, S + M', D): the step cache for the next run
// Every cache part is (.., positions, D), so appending a step writes one contiguous row per head.
import { Graph, type Tensor, ops } from '../../engine'
import { headDim, type ModelConfig } from '../config'
import { modelLayout, paramInputs } from '../programs'
import { type DecodeCache, type ModelParams, decodeForward, prefillForward } from '../transformer'
import { type SamplingMode, sampleTokens, samplingInputs } from './sampling-graph'

export const GENERATION_IO = {
  tokens: 'tokens',
  lengths: 'lengths',
  positions: 'positions',
  active: 'active',
  steps: 'steps',
  uniforms: 'uniforms',
  stopTokens: 'stop_tokens',
  nextTokens: 'next_tokens',
  nextLogProbs: 'next_log_probs',
  newTokens: 'new_tokens',
  newLogProbs: 'new_log_probs',
  promptKeys: (l: number) => `prompt_keys_${l}`,
  promptValues: (l: number) => `prompt_values_${l}`,
  stepKeys: (l: number) => `step_keys_${l}`,
  stepValues: (l: number) => `step_values_${l}`,
  newStepKeys: (l: number) => `new_step_keys_${l}`,
  newStepValues: (l: number) => `new_step_values_${l}`,
} as const

export interface GenerationShape {
  /** U: distinct prompts. */
  prompts: number
  /** R: consecutive sequences sampled from each prompt (B = U R). */
  repeats: number
  /** Tp: prompt length after padding. */
  promptLength: number
}

export interface DecodeShape extends GenerationShape {
  /** N: decoding steps per run (at most). */
  steps: number
  /** S: steps already in the cache. */
  history: number
  /** Stop tokens fed (at least one; pad with -1, which never matches). */
  stops: number
}

export function buildPrefillGraph(c: ModelConfig, s: GenerationShape, mode: SamplingMode): Graph {
  const g = new Graph('prefill')
  const p = paramInputs(g, modelLayout(c))
  const [U, R, Tp] = [s.prompts, s.repeats, s.promptLength]
  const tokens = g.input(GENERATION_IO.tokens, 'int64', [U, Tp])
  const lengths = g.input(GENERATION_IO.lengths, 'int64', [U])
  const uniforms = mode === 'greedy' ? null : g.input(GENERATION_IO.uniforms, 'float64', [U * R])
  const sampling = samplingInputs(g, mode)
  const { logits, keys, values } = prefillForward(c, p, tokens, lengths) // (U, V), (U, Tp, K, D) per layer
  const perSequence = R === 1 ? logits : ops.reshape(ops.expand(ops.unsqueeze(logits, [1]), [U, R, c.vocabSize]), [U * R, c.vocabSize]) // (B, V)
  const next = sampleTokens(perSequence, uniforms, mode, sampling)
  g.output(next.tokens, GENERATION_IO.nextTokens)
  g.output(next.logProbs, GENERATION_IO.nextLogProbs)
  for (let l = 0; l < c.nLayers; l++) {
    g.output(ops.unsqueeze(ops.transpose(keys[l]!, [0, 2, 1, 3]), [1]), GENERATION_IO.promptKeys(l)) // (U, 1, K, Tp, D)
    g.output(ops.unsqueeze(ops.transpose(values[l]!, [0, 2, 1, 3]), [1]), GENERATION_IO.promptValues(l)) // (U, 1, K, Tp, D)
  }
  return g
}

/** Up to N decoding steps in one run: an ONNX Loop whose iterations feed a token, sample the next, and cache both. */
export function buildDecodeGraph(c: ModelConfig, s: DecodeShape, mode: SamplingMode): Graph {
  const g = new Graph('decode')
  const p: ModelParams = paramInputs(g, modelLayout(c))
  const [K, D] = [c.nKvHeads, headDim(c)]
  const [U, R, Tp, N, S] = [s.prompts, s.repeats, s.promptLength, s.steps, s.history]
  const B = U * R
  const prompt = Array.from({ length: c.nLayers }, (_, l) => ({
    keys: g.input(GENERATION_IO.promptKeys(l), 'float32', [U, 1, K, Tp, D]),
    values: g.input(GENERATION_IO.promptValues(l), 'float32', [U, 1, K, Tp, D]),
  }))
  const lengths = g.input(GENERATION_IO.lengths, 'int64', [U])
  const history = S === 0 ? [] : Array.from({ length: c.nLayers }, (_, l) => ({
    keys: g.input(GENERATION_IO.stepKeys(l), 'float32', [B, K, S, D]),
    values: g.input(GENERATION_IO.stepValues(l), 'float32', [B, K, S, D]),
  }))
  const tokens = g.input(GENERATION_IO.tokens, 'int64', [B])
  const positions = g.input(GENERATION_IO.positions, 'int64', [B])
  const active = g.input(GENERATION_IO.active, 'bool', [B])
  const steps = g.input(GENERATION_IO.steps, 'int64', [])
  const uniforms = mode === 'greedy' ? null : g.input(GENERATION_IO.uniforms, 'float64', [N, B])
  const stopTokens = g.input(GENERATION_IO.stopTokens, 'int64', [s.stops])
  const sampling = samplingInputs(g, mode)

  // Prompt positions at or past a prompt's length are padding: hidden from every step.
  const promptMask = ops.reshape(ops.where(ops.less(g.constant(BigInt64Array.from({ length: Tp }, (_, t) => BigInt(t)), [1, Tp]), ops.unsqueeze(lengths, [1])), g.scalar(0, 'float32'), -1e9), [U, 1, 1, 1, Tp]) // (U, 1, 1, 1, Tp)
  const anyActive = (a: Tensor) => ops.greater(ops.reduceSum(ops.cast(a, 'int64')), 0) // (B) bool -> [] bool
  // This run's steps are carried through the loop, one row longer per iteration (from empty).
  const L = c.nLayers
  const empty = () => g.constant(new Float32Array(0), [B, K, 0, D])
  const initialRun = Array.from({ length: 2 * L }, empty) // keys of every layer, then values
  const { carried, scans } = ops.loop(
    steps,
    [tokens, positions, active, ...initialRun],
    ({ iteration, carried: [token, position, stillActive, ...run] }) => {
      const cache: DecodeCache = {
        repeats: R,
        promptMask,
        layers: prompt.map((pr, l) => ({ promptKeys: pr.keys, promptValues: pr.values, history: history[l] ?? null, run: { keys: run[l]!, values: run[L + l]! } })),
      }
      const step = decodeForward(c, p, ops.unsqueeze(token!, [1]), position!, cache)
      const next = sampleTokens(step.logits, uniforms ? ops.gather(uniforms, iteration, 0) : null, mode, sampling)
      const stopped = ops.greater(ops.reduceSum(ops.cast(ops.equal(ops.unsqueeze(next.tokens, [1]), ops.unsqueeze(stopTokens, [0])), 'int64'), [1]), 0) // (B)
      const nowActive = ops.and(stillActive!, ops.not(stopped))
      return {
        carried: [next.tokens, ops.add(position!, 1), nowActive, ...step.runKeys, ...step.runValues],
        scans: [next.tokens, next.logProbs],
        continue: anyActive(nowActive),
      }
    },
    { condition: anyActive(active), carriedShapes: [undefined, undefined, undefined, ...initialRun.map(() => [B, K, 'run_steps', D])] },
  )
  g.output(scans[0]!, GENERATION_IO.newTokens)
  g.output(scans[1]!, GENERATION_IO.newLogProbs)
  for (let l = 0; l < L; l++) {
    const [keys, values, earlier] = [carried[3 + l]!, carried[3 + L + l]!, history[l]]
    g.output(earlier ? ops.concat([earlier.keys, keys], 2) : keys, GENERATION_IO.newStepKeys(l))
    g.output(earlier ? ops.concat([earlier.values, values], 2) : values, GENERATION_IO.newStepValues(l))
  }
  return g
}
