// Choosing the next token from one row of logits on the host: greedy, or sampling at a temperature with optional
// top-k and top-p (nucleus) truncation, one uniform draw from a seeded Rng per token. The vocabularies here are
// small, so a row costs microseconds; measured against the decode step in the model benchmark.
import type { Rng } from '../../engine'

export interface SamplingOptions {
  /** 0 means greedy (argmax); otherwise logits are divided by it before softmax. */
  temperature: number
  /** Keep only the k most likely tokens (0 or undefined: no limit). */
  topK?: number
  /** Keep the smallest set of most likely tokens whose probability reaches p (1 or undefined: no limit). */
  topP?: number
  /**
   * Draw only ids below this (undefined: the whole vocabulary). A Hugging Face model's embedding is often padded
   * past its tokenizer's vocabulary (Qwen: 151,936 rows, 151,669 tokens); the padding ids decode to nothing, so they
   * are never drawn. Like top-k, this truncates the draw, not the log-probs.
   */
  sampleVocab?: number
}

export interface SampledToken {
  token: number
  /**
   * log p(token) under softmax(logits / temperature) over the whole vocabulary, before top-k/top-p truncation
   * (temperature 1 when greedy): the value the `logprobs` program gives for the same token at that temperature,
   * which is what an RL step uses as the rollout policy's log-prob.
   */
  logProb: number
}

export function validateSampling(o: SamplingOptions): void {
  if (!(Number.isFinite(o.temperature) && o.temperature >= 0)) throw new Error(`sampling: temperature must be >= 0, got ${o.temperature}`)
  if (o.topK !== undefined && !(Number.isInteger(o.topK) && o.topK >= 0)) throw new Error(`sampling: topK must be a non-negative integer, got ${o.topK}`)
  if (o.topP !== undefined && !(o.topP > 0 && o.topP <= 1)) throw new Error(`sampling: topP must be in (0, 1], got ${o.topP}`)
  if (o.sampleVocab !== undefined && !(Number.isInteger(o.sampleVocab) && o.sampleVocab >= 1)) throw new Error(`sampling: sampleVocab must be a positive integer, got ${o.sampleVocab}`)
}

/** log-sum-exp of logits / temperature, in float64. */
function logSumExp(logits: ArrayLike<number>, temperature: number): number {
  let max = -Infinity
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]! / temperature)
  let sum = 0
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i]! / temperature - max)
  return max + Math.log(sum)
}

/** The index of the largest of the first `n` values. */
function argmax(xs: ArrayLike<number>, n = xs.length): number {
  let best = 0
  for (let i = 1; i < n; i++) if (xs[i]! > xs[best]!) best = i
  return best
}

/** Picks the next token from one row of logits (V values). */
export function sampleToken(logits: ArrayLike<number>, o: SamplingOptions, rng: Rng): SampledToken {
  // Ids that may be drawn: [0, V); log-probs are over the whole vocabulary.
  const V = Math.min(logits.length, o.sampleVocab ?? logits.length)
  if (o.temperature === 0) {
    const token = argmax(logits, V)
    return { token, logProb: logits[token]! - logSumExp(logits, 1) }
  }
  const T = o.temperature
  const lse = logSumExp(logits, T)
  const logProb = (id: number) => logits[id]! / T - lse
  const topK = o.topK && o.topK < V ? o.topK : V
  const topP = o.topP ?? 1
  if (topK === V && topP >= 1) {
    // Plain sampling, the common case: one pass, no allocation (two when ids past V carry probability mass).
    let drawable = 1
    if (V < logits.length) {
      drawable = 0
      for (let id = 0; id < V; id++) drawable += Math.exp(logProb(id))
    }
    let r = rng.uniform() * drawable
    for (let id = 0; id < V; id++) {
      r -= Math.exp(logProb(id))
      if (r < 0) return { token: id, logProb: logProb(id) }
    }
    const last = argmax(logits, V) // r >= 0 after all tokens only through rounding: fall back to the likeliest
    return { token: last, logProb: logProb(last) }
  }
  // Most likely first; ties keep the lower id first, so the order (and the draw) is deterministic.
  const order = Array.from({ length: V }, (_, i) => i).sort((a, b) => logits[b]! - logits[a]! || a - b)
  const candidates: number[] = []
  let mass = 0
  for (const id of order) {
    if (candidates.length >= topK || (candidates.length > 0 && mass >= topP)) break
    candidates.push(id)
    mass += Math.exp(logProb(id))
  }
  let r = rng.uniform() * mass
  for (const id of candidates) {
    r -= Math.exp(logProb(id))
    if (r < 0) return { token: id, logProb: logProb(id) }
  }
  const last = candidates[candidates.length - 1]!
  return { token: last, logProb: logProb(last) }
}
