// The model: a Llama/Qwen2-style decoder, in reading order — parameters, token embedding, pre-norm blocks
// (RMSNorm -> rotary causal attention with optional grouped-query heads -> residual, RMSNorm -> SwiGLU ->
// residual), final RMSNorm, output head (untied, or tied to the embedding).
//
// It computes exactly what transformers' LlamaForCausalLM computes (modeling_llama.py): RoPE in the
// rotate_half convention on each head's two halves, repeat_kv grouping (query head h reads key/value head
// h / G), softmax attention in float32. Qwen2 is the same network with biases on q, k and v.
//
// Shapes: B batch, T time, C model width (dModel), H query heads, K key/value heads (nKvHeads), G = H / K,
// D head width, N = H + K rotated heads, F MLP width, V vocabulary, S the KV cache's capacity.
// The graphs below are built with the engine; its autodiff differentiates the full-sequence forward.
import { type Graph, type ParamSpec, type Tensor, nn, ops } from '../engine'
import { headDim, type ModelConfig } from './config'

export type ModelParams = Record<string, Tensor>

// ---- parameters -------------------------------------------------------------------------------------------------

/**
 * The flat parameter layout. Matmul weights are stored [in, out] (x @ W); q, k, v are fused into one matrix with
 * columns [q heads | k heads | v heads] and gate/up into one [gate | up], so each block runs two input matmuls.
 * The checkpoint mapping (hf-weights.ts) splits and transposes them into Hugging Face's [out, in] tensors.
 */
export function modelParamSpecs(c: ModelConfig): ParamSpec[] {
  const D = headDim(c)
  const qkvWidth = (c.nHeads + 2 * c.nKvHeads) * D
  const std = 0.02
  // GPT-2's scaled init for the two projections that write into the residual stream.
  const residualStd = std / Math.sqrt(2 * c.nLayers)
  // The embedding is not weight-decayed (common practice); a tied embedding is also the head.
  const specs: ParamSpec[] = [{ name: 'embed', shape: [c.vocabSize, c.dModel], init: { kind: 'normal', std }, decay: false }]
  for (let l = 0; l < c.nLayers; l++) {
    specs.push(
      { name: `layers.${l}.attn_norm`, shape: [c.dModel], init: { kind: 'ones' } },
      { name: `layers.${l}.wqkv`, shape: [c.dModel, qkvWidth], init: { kind: 'normal', std } },
      ...(c.attentionBias ? [{ name: `layers.${l}.bqkv`, shape: [qkvWidth], init: { kind: 'zeros' } } as ParamSpec] : []),
      { name: `layers.${l}.wo`, shape: [c.nHeads * D, c.dModel], init: { kind: 'normal', std: residualStd } },
      { name: `layers.${l}.mlp_norm`, shape: [c.dModel], init: { kind: 'ones' } },
      { name: `layers.${l}.w_gate_up`, shape: [c.dModel, 2 * c.ffnDim], init: { kind: 'normal', std } },
      { name: `layers.${l}.w_down`, shape: [c.ffnDim, c.dModel], init: { kind: 'normal', std: residualStd } },
    )
  }
  specs.push({ name: 'final_norm', shape: [c.dModel], init: { kind: 'ones' } })
  if (!c.tieEmbeddings) specs.push({ name: 'head', shape: [c.dModel, c.vocabSize], init: { kind: 'normal', std } })
  return specs
}

// ---- rotary position embeddings ---------------------------------------------------------------------------------

/**
 * cos and sin of RoPE's angles for positions 0..count-1, (count, D/2), computed in float32 step by step as
 * transformers does (inv_freq = 1 / theta^(2i/D), angle = position * inv_freq), so long positions round alike.
 */
export function ropeTables(c: ModelConfig, count: number): { cos: Float32Array; sin: Float32Array } {
  const half = headDim(c) / 2
  const f = Math.fround
  const invFreq = Array.from({ length: half }, (_, i) => f(1 / f(c.ropeTheta ** f((2 * i) / (2 * half)))))
  const cos = new Float32Array(count * half)
  const sin = new Float32Array(count * half)
  for (let t = 0; t < count; t++) {
    for (let i = 0; i < half; i++) {
      const angle = f(t * invFreq[i]!)
      cos[t * half + i] = Math.cos(angle)
      sin[t * half + i] = Math.sin(angle)
    }
  }
  return { cos, sin }
}

/**
 * RoPE's tables at full head width for rotary(): cos (count, D) = [cos | cos] and sin (count, D) = [-sin | sin].
 */
export function rotaryTables(c: ModelConfig, count: number): { cos: Float32Array; sin: Float32Array } {
  const half = headDim(c) / 2
  const { cos, sin } = ropeTables(c, count)
  const cosFull = new Float32Array(count * 2 * half)
  const sinFull = new Float32Array(count * 2 * half)
  for (let t = 0; t < count; t++) {
    for (let i = 0; i < half; i++) {
      cosFull[t * 2 * half + i] = cosFull[t * 2 * half + half + i] = cos[t * half + i]!
      sinFull[t * 2 * half + i] = -sin[t * half + i]!
      sinFull[t * 2 * half + half + i] = sin[t * half + i]!
    }
  }
  return { cos: cosFull, sin: sinFull }
}

/** (D, D) 0/1 matrix swapping the two halves of a head: [a | b] @ swap = [b | a]. */
export function halfSwap(graph: Graph, D: number): Tensor {
  const m = new Float32Array(D * D)
  for (let i = 0; i < D; i++) m[((i + D / 2) % D) * D + i] = 1
  return graph.constant(m, [D, D])
}

/**
 * rotate_half RoPE: with x = [a | b] the two halves of each head, x' = [a cos - b sin | b cos + a sin], computed as
 * x [cos | cos] + (x @ swap) [-sin | sin]. A product with a 0/1 matrix is exact, so this equals the split-and-
 * concatenate form bit for bit, without its Split and Concat copies (forward and backward).
 * x: (B, T, N, D); cos, sin (rotaryTables) broadcast to (B, T, N, D).
 */
export function rotary(x: Tensor, rot: Rotation): Tensor {
  return ops.add(ops.mul(x, rot.cos), ops.mul(ops.matmul(x, rot.swap), rot.sin)) // (B, T, N, D)
}

// ---- the blocks -----------------------------------------------------------------------------------------------

/** Attention given rotated queries and keys: (B, T, H, D), (B, T, K, D), (B, T, K, D) -> (B, T, H*D). */
export type AttentionFn = (q: Tensor, k: Tensor, v: Tensor, layer: number) => Tensor

/** Rotary tables for the positions being computed (rotaryTables), shaped to broadcast against (B, T, N, D). */
export interface Rotation {
  cos: Tensor
  sin: Tensor
  /** halfSwap(D). */
  swap: Tensor
}

/**
 * One pre-norm block: x + attention(RMSNorm(x)), then + SwiGLU(RMSNorm(.)). x: (B, T, C).
 * The attention scale 1/sqrt(D) is folded into the query heads' rotation tables (headScale), where it costs nothing.
 */
function block(c: ModelConfig, p: ModelParams, l: number, x: Tensor, rot: Rotation, attention: AttentionFn, norm: NormFn): Tensor {
  const D = headDim(c)
  const [H, K] = [c.nHeads, c.nKvHeads]
  const w = (name: string) => p[`layers.${l}.${name}`]!
  const h = norm(x, w('attn_norm')) // (B, T, C)
  const qkv = nn.linear(h, w('wqkv'), c.attentionBias ? w('bqkv') : undefined) // (B, T, (H+2K) D)
  const [qk, vFlat] = ops.split(qkv, [(H + K) * D, K * D], 2) // (B, T, (H+K) D), (B, T, K D)
  const rotated = rotary(ops.reshape(qk!, [0, 0, H + K, D]), rot) // (B, T, N, D)
  const [q, k] = ops.split(rotated, [H, K], 2) // (B, T, H, D), (B, T, K, D)
  const v = ops.reshape(vFlat!, [0, 0, K, D]) // (B, T, K, D)
  const attended = attention(q!, k!, v, l) // (B, T, H D)
  const r = ops.add(x, ops.matmul(attended, w('wo'))) // (B, T, C)
  return ops.add(r, nn.swiGlu(norm(r, w('mlp_norm')), w('w_gate_up'), w('w_down'))) // (B, T, C)
}

/** Per-head factor folded into the rotation tables: 1/sqrt(D) on the H query heads, 1 on the K key heads. */
export function headScale(c: ModelConfig): Float32Array {
  return Float32Array.from({ length: c.nHeads + c.nKvHeads }, (_, n) => (n < c.nHeads ? 1 / Math.sqrt(headDim(c)) : 1))
}

/** RMSNorm with the model's epsilon: (.., C), (C) -> (.., C). */
export type NormFn = (x: Tensor, w: Tensor) => Tensor

/**
 * Training and scoring differentiate RMSNorm built from primitives; generation, which runs a few small nodes per
 * token, uses ORT's fused kernel (the same function, one node instead of seven).
 */
const rmsNorm = (c: ModelConfig, fused: boolean): NormFn =>
  fused ? (x, w) => ops.fusedRmsNorm(x, w, c.rmsNormEps) : (x, w) => nn.rmsNorm(x, w, c.rmsNormEps)

/** The decoder body: embedding -> blocks -> final norm. tokens (B, T) int64 -> (B, T, C). */
export function hiddenStates(c: ModelConfig, p: ModelParams, tokens: Tensor, rot: Rotation, attention: AttentionFn, fused = false): Tensor {
  const norm = rmsNorm(c, fused)
  let x = nn.embedding(p.embed!, tokens) // (B, T, C)
  for (let l = 0; l < c.nLayers; l++) x = block(c, p, l, x, rot, attention, norm) // (B, T, C)
  return norm(x, p.final_norm!) // (B, T, C)
}

/** The output head: (..., C) -> (..., V), through the embedding's transpose when tied. */
export function head(c: ModelConfig, p: ModelParams, x: Tensor): Tensor {
  return c.tieEmbeddings ? ops.matmul(x, ops.transpose(p.embed!, [1, 0])) : ops.matmul(x, p.head!)
}

// ---- full-sequence forward (scoring and training) ---------------------------------------------------------------

/** Additive causal mask for G query heads stacked along time: (G T, T), row g T + t may see columns <= t. */
function groupedCausalMask(graph: Graph, G: number, T: number): Tensor {
  const data = new Float32Array(G * T * T)
  for (let row = 0; row < G * T; row++) for (let col = (row % T) + 1; col < T; col++) data[row * T + col] = -1e9
  return graph.constant(data, [G * T, T])
}

/**
 * Causal attention over the whole sequence, computed per key/value head with its G query heads stacked along
 * time, so grouped-query attention needs no repeat of K and V: (B, K, G T, D) @ (B, K, D, T).
 */
function causalAttention(c: ModelConfig, T: number): AttentionFn {
  const D = headDim(c)
  const [H, K] = [c.nHeads, c.nKvHeads]
  const G = H / K
  let mask: Tensor | undefined
  return (q, k, v) => {
    mask ??= groupedCausalMask(q.graph, G, T)
    const qh = ops.reshape(ops.transpose(q, [0, 2, 1, 3]), [0, K, G * T, D]) // (B, K, G T, D)
    const kt = ops.transpose(k, [0, 2, 3, 1]) // (B, K, D, T)
    const vh = ops.transpose(v, [0, 2, 1, 3]) // (B, K, T, D)
    const weights = ops.softmax(ops.add(ops.matmul(qh, kt), mask), -1) // (B, K, G T, T)
    const out = ops.reshape(ops.matmul(weights, vh), [0, H, T, D]) // (B, H, T, D)
    return ops.reshape(ops.transpose(out, [0, 2, 1, 3]), [0, T, H * D]) // (B, T, H D)
  }
}

/** Rotation tables for positions 0..T-1 as graph constants, (T, N, D) with the query scale folded in. */
function sequenceRotation(c: ModelConfig, graph: Graph, T: number): Rotation {
  const D = headDim(c)
  const scale = headScale(c)
  const N = scale.length
  const { cos, sin } = rotaryTables(c, T)
  const table = (src: Float32Array) => {
    const out = new Float32Array(T * N * D)
    for (let t = 0; t < T; t++) for (let n = 0; n < N; n++) for (let i = 0; i < D; i++) out[(t * N + n) * D + i] = src[t * D + i]! * scale[n]!
    return graph.constant(out, [T, N, D])
  }
  return { cos: table(cos), sin: table(sin), swap: halfSwap(graph, D) }
}

/** Next-token logits for every position: tokens (B, T) int64 at positions 0..T-1 -> (B, T, V). */
export function forward(c: ModelConfig, p: ModelParams, tokens: Tensor): Tensor {
  const T = tokens.shape[1]
  if (typeof T !== 'number') throw new Error(`forward: the sequence length must be static, got ${T}`)
  if (T > c.maxPositions) throw new Error(`forward: ${T} positions exceed the model's maxPositions ${c.maxPositions}`)
  const x = hiddenStates(c, p, tokens, sequenceRotation(c, tokens.graph, T), causalAttention(c, T)) // (B, T, C)
  return head(c, p, x) // (B, T, V)
}

// ---- incremental forward (generation with a KV cache) -----------------------------------------------------------

/**
 * Prefill: the full forward over right-padded prompts, returning the logits after each prompt's last token and
 * every position's rotated keys and values for the cache (positions past a prompt's end are overwritten later).
 * tokens (B, T) int64, lengths (B) int64 (>= 1) -> logits (B, V), keys and values per layer (B, T, K, D).
 */
export function prefillForward(c: ModelConfig, p: ModelParams, tokens: Tensor, lengths: Tensor) {
  const T = tokens.shape[1] as number
  const keys: Tensor[] = []
  const values: Tensor[] = []
  const attend = causalAttention(c, T)
  const x = hiddenStates(c, p, tokens, sequenceRotation(c, tokens.graph, T), (q, k, v, l) => {
    keys[l] = k // (B, T, K, D), rotated (key heads carry no scale)
    values[l] = v
    return attend(q, k, v, l)
  }, true) // (B, T, C)
  const last = ops.expand(ops.reshape(ops.sub(lengths, 1), [-1, 1, 1]), [1, 1, c.dModel]) // (B, 1, C)
  const logits = head(c, p, ops.squeeze(ops.gatherElements(x, last, 1), [1])) // (B, V)
  return { logits, keys, values }
}

/**
 * What a decoding step attends to in one layer, besides the token itself; keys and values are (B, K, n, D) and
 * q @ keys^T runs as one FusedMatMul, with no Transpose.
 *  - history: the prompt's padded positions, then the steps cached by earlier decode runs (masked by
 *    DecodeCache.historyMask: a prompt's padding is hidden);
 *  - run: this run's steps so far, possibly none, every row visible; the step appends its own key and value.
 * Two parts rather than one: appending to the history would copy all of it at every step; appending to this run's
 * part copies only the rows of one run. Each part costs a fixed few batched products per layer whatever its length,
 * so there are no more parts than that.
 */
export interface LayerCache {
  history: { keys: Tensor; values: Tensor }
  run: { keys: Tensor; values: Tensor }
}

export interface DecodeCache {
  /** (B, 1, 1, S): 0 where a history row is visible, -1e9 where it is padding. */
  historyMask: Tensor
  layers: LayerCache[]
}

/**
 * One decoding step: each sequence's latest token at its own position, attending to its history, this run's
 * earlier steps and itself. tokens (B, 1) int64, positions (B) int64 -> logits (B, V), and per layer this run's keys
 * and values with the step's own appended, (B, K, i + 1, D).
 *
 * Softmax over the two parts is taken with one shared maximum (exp(s - m) / sum over both parts): the same
 * function as one softmax over their concatenation, without concatenating them.
 */
export function decodeForward(c: ModelConfig, p: ModelParams, tokens: Tensor, positions: Tensor, cache: DecodeCache) {
  const D = headDim(c)
  const [H, K] = [c.nHeads, c.nKvHeads]
  const G = H / K
  const g = tokens.graph
  const B = tokens.shape[0] as number
  const { cos, sin } = rotaryTables(c, c.maxPositions)
  const scale = g.constant(headScale(c), [1, 1, H + K, 1])
  const at = (table: Float32Array) => ops.mul(ops.unsqueeze(ops.gather(g.constant(table, [c.maxPositions, D]), ops.unsqueeze(positions, [1])), [2]), scale) // (B, 1, N, D)
  const runKeys: Tensor[] = []
  const runValues: Tensor[] = []
  const x = hiddenStates(c, p, tokens, { cos: at(cos), sin: at(sin), swap: halfSwap(g, D) }, (q, k, v, l) => {
    const { history, run } = cache.layers[l]!
    const qh = ops.reshape(q, [B, K, G, D]) // (B, K, G, D): one time step, query heads grouped by key/value head
    const keys = (runKeys[l] = ops.concat([run.keys, ops.reshape(k, [B, K, 1, D])], 2)) // (B, K, i + 1, D)
    const values = (runValues[l] = ops.concat([run.values, ops.reshape(v, [B, K, 1, D])], 2))
    const historyScores = ops.add(ops.matmulTransposedB(qh, history.keys), cache.historyMask) // (B, K, G, S)
    const runScores = ops.matmulTransposedB(qh, keys) // (B, K, G, i + 1)
    const max = ops.maximum(ops.reduceMax(historyScores, [3], true), ops.reduceMax(runScores, [3], true)) // (B, K, G, 1)
    const historyWeights = ops.exp(ops.sub(historyScores, max)) // unnormalised
    const runWeights = ops.exp(ops.sub(runScores, max))
    const total = ops.add(ops.reduceSum(historyWeights, [3], true), ops.reduceSum(runWeights, [3], true)) // (B, K, G, 1)
    const weighted = ops.add(ops.matmul(historyWeights, history.values), ops.matmul(runWeights, values)) // (B, K, G, D)
    return ops.reshape(ops.div(weighted, total), [B, 1, H * D]) // (B, 1, H D)
  }, true) // (B, 1, C)
  const logits = head(c, p, ops.reshape(x, [B, c.dModel])) // (B, V)
  return { logits, runKeys, runValues }
}
