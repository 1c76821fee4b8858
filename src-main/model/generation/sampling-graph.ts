// The sampler as graph code, so that prefill and a decode run choose their tokens without a trip back to the host
// (several decoding steps run inside one run()). It computes what sampling.ts's host sampler computes, in the same
// order, in float64, from one uniform draw per token that the host takes from each sequence's own Rng:
//   greedy     the first argmax of the logits; log-prob under softmax(logits)
//   plain      z = logits / T; the first token (in id order) whose running probability sum exceeds u
//   truncated  ids sorted by z (ties: lower id first); candidates = the first top-k, cut after the running sum
//              reaches top-p; the first candidate whose running sum exceeds u x (candidates' mass)
// The log-prob is log softmax(z) of the chosen token over the whole vocabulary, before truncation. The tests compare
// this graph with the host sampler token by token; the two can differ only where a draw lies within float64
// rounding of a boundary (the sums are the same, but exp/log come from ORT instead of V8).
import { type Feeds, type Graph, type Tensor, hostTensor, ops, scalarTensor } from '../../engine'
import type { SamplingOptions } from './sampling'

export type SamplingMode = 'greedy' | 'plain' | 'truncated'

export function samplingMode(o: SamplingOptions, vocabSize: number): SamplingMode {
  if (o.temperature === 0) return 'greedy'
  const limitsK = o.topK !== undefined && o.topK > 0 && o.topK < vocabSize
  return limitsK || (o.topP ?? 1) < 1 ? 'truncated' : 'plain'
}

export const SAMPLING_IO = { temperature: 'temperature', topK: 'top_k', topP: 'top_p' } as const

/** The sampling settings as graph inputs (those the mode reads), so one program serves every setting. */
export interface SamplingInputs {
  temperature?: Tensor
  topK?: Tensor
  topP?: Tensor
}

export function samplingInputs(g: Graph, mode: SamplingMode): SamplingInputs {
  if (mode === 'greedy') return {}
  const temperature = g.input(SAMPLING_IO.temperature, 'float64', [])
  if (mode === 'plain') return { temperature }
  return { temperature, topK: g.input(SAMPLING_IO.topK, 'int64', []), topP: g.input(SAMPLING_IO.topP, 'float64', []) }
}

export function samplingFeeds(mode: SamplingMode, o: SamplingOptions, vocabSize: number): Feeds {
  if (mode === 'greedy') return {}
  const temperature = scalarTensor(o.temperature, 'float64')
  if (mode === 'plain') return { [SAMPLING_IO.temperature]: temperature }
  const topK = o.topK && o.topK < vocabSize ? o.topK : vocabSize
  return {
    [SAMPLING_IO.temperature]: temperature,
    [SAMPLING_IO.topK]: hostTensor(BigInt64Array.of(BigInt(topK)), []),
    [SAMPLING_IO.topP]: scalarTensor(o.topP ?? 1, 'float64'),
  }
}

/** max + log(sum(exp(z - max))) over the last axis, as the host computes it: (B, V) -> (B, 1). */
function logSumExp(z: Tensor): Tensor {
  const max = ops.reduceMax(z, [1], true) // (B, 1)
  return ops.add(max, ops.log(ops.reduceSum(ops.exp(ops.sub(z, max)), [1], true))) // (B, 1)
}

const pick = (x: Tensor, at: Tensor) => ops.squeeze(ops.gatherElements(x, at, 1), [1]) // (B, V), (B, 1) -> (B)

/**
 * One token per row. logits (B, V) float32, uniforms (B) float64 in [0, 1) (unused when greedy)
 * -> tokens (B) int64, logProbs (B) float64.
 */
export function sampleTokens(logits: Tensor, uniforms: Tensor | null, mode: SamplingMode, inputs: SamplingInputs): { tokens: Tensor; logProbs: Tensor } {
  const V = logits.shape[1]
  if (typeof V !== 'number') throw new Error('sampleTokens: the vocabulary size must be static')
  const x = ops.cast(logits, 'float64') // (B, V)
  const first = ops.argMax(logits, 1, true) // (B, 1)
  if (mode === 'greedy') return { tokens: ops.squeeze(first, [1]), logProbs: pick(ops.sub(x, logSumExp(x)), first) }
  if (!uniforms || !inputs.temperature) throw new Error('sampleTokens: sampling needs uniforms and a temperature')
  const u = ops.unsqueeze(uniforms, [1]) // (B, 1)
  const z = ops.div(x, inputs.temperature) // (B, V)
  const lse = logSumExp(z) // (B, 1)
  const count = (included: Tensor) => ops.reduceSum(ops.cast(included, 'int64'), [1], true) // (B, V) bool -> (B, 1)

  if (mode === 'plain') {
    const logProbs = ops.sub(z, lse) // (B, V)
    const running = ops.cumsum(ops.exp(logProbs), 1) // (B, V)
    const below = count(ops.lessOrEqual(running, u)) // (B, 1): the first id whose running sum exceeds u
    // Every running sum <= u happens only through rounding (u < 1): the host then takes the likeliest token.
    const at = ops.where(ops.less(below, V), below, first) // (B, 1)
    return { tokens: ops.squeeze(at, [1]), logProbs: pick(logProbs, at) }
  }

  if (!inputs.topK || !inputs.topP) throw new Error('sampleTokens: truncated sampling needs top_k and top_p inputs')
  const sorted = ops.topK(z, V, 1) // (B, V) largest first
  const logProbs = ops.sub(sorted.values, lse) // (B, V)
  const probs = ops.exp(logProbs)
  const running = ops.cumsum(probs, 1) // (B, V): mass of the first j + 1
  const before = ops.cumsum(probs, 1, { exclusive: true }) // (B, V): mass of the first j
  const rank = logits.graph.constant(BigInt64Array.from({ length: V }, (_, j) => BigInt(j)), [1, V]) // (1, V)
  const candidate = ops.and(ops.less(rank, inputs.topK), ops.or(ops.equal(rank, 0), ops.less(before, inputs.topP))) // (B, V), a prefix
  const lastCandidate = ops.sub(count(candidate), 1) // (B, 1)
  const r = ops.mul(u, ops.gatherElements(running, lastCandidate, 1)) // (B, 1): u x the candidates' mass
  const at = ops.minimum(count(ops.and(candidate, ops.lessOrEqual(running, r))), lastCandidate) // (B, 1)
  return { tokens: pick(sorted.indices, at), logProbs: pick(logProbs, at) }
}
