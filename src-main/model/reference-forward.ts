// A plain-TypeScript forward pass in float64 over Hugging Face tensors (names and [out, in] shapes as
// transformers stores them), written from LlamaForCausalLM's definition and sharing no code with the graph:
// tests check that the ONNX programs and the weight mapping compute this same function. One sequence at a time,
// slow on purpose (no batching, no fusing): clarity over speed.
import { headDim, type ModelConfig } from './config'

type Weights = ReadonlyMap<string, Float32Array>

function tensor(w: Weights, name: string): Float32Array {
  const t = w.get(name)
  if (!t) throw new Error(`reference forward: tensor ${name} is missing`)
  return t
}

/** y = W x (+ b) with W [out, in] row-major, as nn.Linear. */
function linear(W: Float32Array, x: Float64Array, out: number, b?: Float32Array): Float64Array {
  const n = x.length
  const y = new Float64Array(out)
  for (let o = 0; o < out; o++) {
    let s = b ? b[o]! : 0
    for (let i = 0; i < n; i++) s += W[o * n + i]! * x[i]!
    y[o] = s
  }
  return y
}

function rmsNorm(x: Float64Array, w: Float32Array, eps: number): Float64Array {
  let ms = 0
  for (const v of x) ms += v * v
  const r = 1 / Math.sqrt(ms / x.length + eps)
  return x.map((v, i) => v * r * w[i]!)
}

/** rotate_half RoPE on one head vector at `pos`: [a | b] -> [a cos - b sin | b cos + a sin]. */
function rope(v: Float64Array, pos: number, theta: number): Float64Array {
  const half = v.length / 2
  const out = new Float64Array(v.length)
  for (let i = 0; i < half; i++) {
    const angle = pos / theta ** ((2 * i) / v.length)
    const [cos, sin] = [Math.cos(angle), Math.sin(angle)]
    out[i] = v[i]! * cos - v[i + half]! * sin
    out[i + half] = v[i + half]! * cos + v[i]! * sin
  }
  return out
}

/** Next-token logits at every position of one sequence (positions 0..T-1): T arrays of V values. */
export function referenceLogits(c: ModelConfig, w: Weights, tokens: readonly number[]): Float64Array[] {
  const D = headDim(c)
  const G = c.nHeads / c.nKvHeads
  const embed = tensor(w, 'model.embed_tokens.weight')
  let xs = tokens.map((id) => Float64Array.from(embed.subarray(id * c.dModel, (id + 1) * c.dModel)))
  for (let l = 0; l < c.nLayers; l++) {
    const p = (name: string) => tensor(w, `model.layers.${l}.${name}`)
    const bias = (name: string) => (c.attentionBias ? p(name) : undefined)
    const keys: Float64Array[][] = [] // [t][kv head]
    const values: Float64Array[][] = []
    const attended: Float64Array[] = []
    xs.forEach((x, t) => {
      const h = rmsNorm(x, p('input_layernorm.weight'), c.rmsNormEps)
      const q = linear(p('self_attn.q_proj.weight'), h, c.nHeads * D, bias('self_attn.q_proj.bias'))
      const k = linear(p('self_attn.k_proj.weight'), h, c.nKvHeads * D, bias('self_attn.k_proj.bias'))
      const v = linear(p('self_attn.v_proj.weight'), h, c.nKvHeads * D, bias('self_attn.v_proj.bias'))
      keys.push(Array.from({ length: c.nKvHeads }, (_, j) => rope(k.subarray(j * D, (j + 1) * D), t, c.ropeTheta)))
      values.push(Array.from({ length: c.nKvHeads }, (_, j) => v.subarray(j * D, (j + 1) * D)))
      const out = new Float64Array(c.nHeads * D)
      for (let head = 0; head < c.nHeads; head++) {
        const qh = rope(q.subarray(head * D, (head + 1) * D), t, c.ropeTheta)
        const kvHead = Math.floor(head / G) // repeat_kv
        const scores = keys.map((ks) => ks[kvHead]!.reduce((s, kd, d) => s + kd * qh[d]!, 0) / Math.sqrt(D))
        const max = Math.max(...scores)
        const e = scores.map((s) => Math.exp(s - max))
        const z = e.reduce((a, b) => a + b, 0)
        e.forEach((p, s) => {
          for (let d = 0; d < D; d++) out[head * D + d]! += (p / z) * values[s]![kvHead]![d]!
        })
      }
      attended.push(out)
    })
    xs = xs.map((x, t) => {
      const o = linear(p('self_attn.o_proj.weight'), attended[t]!, c.dModel)
      const r = x.map((v, i) => v + o[i]!)
      const h = rmsNorm(r, p('post_attention_layernorm.weight'), c.rmsNormEps)
      const gate = linear(p('mlp.gate_proj.weight'), h, c.ffnDim)
      const up = linear(p('mlp.up_proj.weight'), h, c.ffnDim)
      const act = gate.map((g, i) => (g / (1 + Math.exp(-g))) * up[i]!)
      const down = linear(p('mlp.down_proj.weight'), act, c.dModel)
      return r.map((v, i) => v + down[i]!)
    })
  }
  const headWeight = tensor(w, c.tieEmbeddings ? 'model.embed_tokens.weight' : 'lm_head.weight')
  return xs.map((x) => linear(headWeight, rmsNorm(x, tensor(w, 'model.norm.weight'), c.rmsNormEps), c.vocabSize))
}

/** log softmax(logits / temperature)[target] and the entropy of that distribution. */
export function referenceTokenScore(logits: Float64Array, target: number, temperature = 1): { logProb: number; entropy: number } {
  const z = logits.map((v) => v / temperature)
  const max = Math.max(...z)
  const logSum = max + Math.log(z.reduce((s, v) => s + Math.exp(v - max), 0))
  const logp = z.map((v) => v - logSum)
  return { logProb: logp[target]!, entropy: -logp.reduce((s, lp) => s + Math.exp(lp) * lp, 0) }
}
