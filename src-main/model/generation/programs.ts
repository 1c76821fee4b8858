// The two generation programs. The KV cache stays on the host as the programs' own outputs, fed back in as
// zero-copy inputs; the host never copies or rearranges it. Tokens are sampled in the graph (sampling-graph.ts)
// from uniform draws the host takes from each sequence's Rng, so a decode run can take several steps in an ONNX
// Loop and return once.
//
// Shapes: B sequences; U distinct prompts, each shared by R consecutive sequences (B = U R, e.g. the K samples of a
// prompt in an RL batch); Tp the padded prompt length; W the rows of history (Tp + the steps of earlier runs); N
// decoding steps per run.
//
// prefill @ U x R x Tp:  param.*, tokens (U, Tp) int64 right-padded, lengths (U) int64, uniforms (B) float64,
//                        sampling inputs
//   -> next_tokens (B) int64 and next_log_probs (B) float64 (each sequence's first new token),
//      history_keys_l, history_values_l (B, K, Tp, D): each prompt's rows, repeated for its R sequences
// decode @ B x Tp x W x N:  param.*, history_keys_l, history_values_l (B, K, W, D), lengths (B) (prompt lengths),
//                        tokens (B) (the latest, fed now), positions (B) (theirs), active (B) bool, steps [] int64
//                        (M <= N), uniforms (N, B) float64, stop_tokens (nStops) int64, sampling inputs
//   -> new_tokens, new_log_probs (M', B) with M' <= M (the loop ends early once every sequence has stopped),
//      new_history_keys_l, new_history_values_l (B, K, W + M', D): the history for the next run
// Every cache part is (B, K, rows, D), so appending a step writes one contiguous row per head.
import { Graph, type Tensor, ops } from '../../engine'
import { headDim, type ModelConfig } from '../config'
import { modelLayout, paramInputs } from '../programs'
import { type DecodeCache, decodeForward, prefillForward } from '../transformer'
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
  historyKeys: (l: number) => `history_keys_${l}`,
  historyValues: (l: number) => `history_values_${l}`,
  newHistoryKeys: (l: number) => `new_history_keys_${l}`,
  newHistoryValues: (l: number) => `new_history_values_${l}`,
} as const

export interface PrefillShape {
  /** U: distinct prompts. */
  prompts: number
  /** R: consecutive sequences sampled from each prompt (B = U R). */
  repeats: number
  /** Tp: prompt length after padding. */
  promptLength: number
}

export interface DecodeShape {
  /** B: sequences. */
  batch: number
  /** Tp: the padded prompt rows at the start of the history. */
  promptLength: number
  /** W: history rows fed (Tp + the steps of earlier runs). */
  history: number
  /** N: decoding steps per run (at most). */
  steps: number
  /** Stop tokens fed (at least one; pad with -1, which never matches). */
  stops: number
}

export function buildPrefillGraph(c: ModelConfig, s: PrefillShape, mode: SamplingMode): Graph {
  const g = new Graph('prefill')
  const p = paramInputs(g, modelLayout(c))
  const [U, R, Tp] = [s.prompts, s.repeats, s.promptLength]
  const tokens = g.input(GENERATION_IO.tokens, 'int64', [U, Tp])
  const lengths = g.input(GENERATION_IO.lengths, 'int64', [U])
  const uniforms = mode === 'greedy' ? null : g.input(GENERATION_IO.uniforms, 'float64', [U * R])
  const sampling = samplingInputs(g, mode)
  const { logits, keys, values } = prefillForward(c, p, tokens, lengths) // (U, V), (U, Tp, K, D) per layer
  // Each prompt's results, repeated for its R sequences: (U, ...) -> (U R, ...).
  const perSequence = (x: Tensor) => {
    const rest = x.shape.slice(1) as number[]
    return R === 1 ? x : ops.reshape(ops.expand(ops.unsqueeze(x, [1]), [U, R, ...rest]), [U * R, ...rest])
  }
  const next = sampleTokens(perSequence(logits), uniforms, mode, sampling)
  g.output(next.tokens, GENERATION_IO.nextTokens)
  g.output(next.logProbs, GENERATION_IO.nextLogProbs)
  for (let l = 0; l < c.nLayers; l++) {
    g.output(perSequence(ops.transpose(keys[l]!, [0, 2, 1, 3])), GENERATION_IO.historyKeys(l)) // (B, K, Tp, D)
    g.output(perSequence(ops.transpose(values[l]!, [0, 2, 1, 3])), GENERATION_IO.historyValues(l))
  }
  return g
}

/** Up to N decoding steps in one run: an ONNX Loop whose iterations feed a token, sample the next, and cache both. */
export function buildDecodeGraph(c: ModelConfig, s: DecodeShape, mode: SamplingMode): Graph {
  const g = new Graph('decode')
  const p = paramInputs(g, modelLayout(c))
  const [K, D, L] = [c.nKvHeads, headDim(c), c.nLayers]
  const [B, Tp, W, N] = [s.batch, s.promptLength, s.history, s.steps]
  const history = Array.from({ length: L }, (_, l) => ({
    keys: g.input(GENERATION_IO.historyKeys(l), 'float32', [B, K, W, D]),
    values: g.input(GENERATION_IO.historyValues(l), 'float32', [B, K, W, D]),
  }))
  const lengths = g.input(GENERATION_IO.lengths, 'int64', [B])
  const tokens = g.input(GENERATION_IO.tokens, 'int64', [B])
  const positions = g.input(GENERATION_IO.positions, 'int64', [B])
  const active = g.input(GENERATION_IO.active, 'bool', [B])
  const steps = g.input(GENERATION_IO.steps, 'int64', [])
  const uniforms = mode === 'greedy' ? null : g.input(GENERATION_IO.uniforms, 'float64', [N, B])
  const stopTokens = g.input(GENERATION_IO.stopTokens, 'int64', [s.stops])
  const sampling = samplingInputs(g, mode)

  // History rows past a prompt's length and before Tp are padding: hidden from every step.
  const row = g.constant(BigInt64Array.from({ length: W }, (_, t) => BigInt(t)), [1, W])
  const visible = ops.or(ops.less(row, ops.unsqueeze(lengths, [1])), ops.greaterOrEqual(row, Tp)) // (B, W)
  const historyMask = ops.reshape(ops.where(visible, g.scalar(0, 'float32'), -1e9), [B, 1, 1, W]) // (B, 1, 1, W)
  const anyActive = (a: Tensor) => ops.greater(ops.reduceSum(ops.cast(a, 'int64')), 0) // (B) bool -> [] bool
  // This run's steps are carried through the loop, one row longer per iteration (from empty).
  const empty = () => g.constant(new Float32Array(0), [B, K, 0, D])
  const initialRun = Array.from({ length: 2 * L }, empty) // keys of every layer, then values
  const { carried, scans } = ops.loop(
    steps,
    [tokens, positions, active, ...initialRun],
    ({ iteration, carried: [token, position, stillActive, ...run] }) => {
      const cache: DecodeCache = { historyMask, layers: history.map((h, l) => ({ history: h, run: { keys: run[l]!, values: run[L + l]! } })) }
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
    g.output(ops.concat([history[l]!.keys, carried[3 + l]!], 2), GENERATION_IO.newHistoryKeys(l))
    g.output(ops.concat([history[l]!.values, carried[3 + L + l]!], 2), GENERATION_IO.newHistoryValues(l))
  }
  return g
}
