// The model's flat parameter buffer <-> Hugging Face Llama/Qwen2 tensors (checkpoint/llama-layout.ts names and
// shapes). Our matmul weights are [in, out] with q|k|v and gate|up fused; HF's nn.Linear weights are [out, in],
// one per projection. RoPE needs no permutation: both sides rotate each head's halves (rotate_half), which is
// how models trained natively in HF format store q_proj and k_proj.
import { ParamLayout } from '../engine'
import { llamaTensorLayout } from './checkpoint/llama-layout'
import { headDim, type ModelConfig } from './config'
import { modelParamSpecs } from './transformer'

/** Row-major [rows, cols] -> [cols, rows], reading only columns [c0, c0 + width) of the source. */
function transposeColumns(src: Float32Array, rows: number, cols: number, c0: number, width: number): Float32Array {
  const out = new Float32Array(width * rows)
  for (let r = 0; r < rows; r++) for (let j = 0; j < width; j++) out[j * rows + r] = src[r * cols + c0 + j]!
  return out
}

/** Writes a [width, rows] HF matrix transposed into columns [c0, c0 + width) of a row-major [rows, cols] buffer. */
function writeTransposed(dst: Float32Array, rows: number, cols: number, c0: number, width: number, hf: Float32Array): void {
  for (let j = 0; j < width; j++) for (let r = 0; r < rows; r++) dst[r * cols + c0 + j] = hf[j * rows + r]!
}

interface Piece {
  hf: string
  /** Our parameter, the column range it occupies, and whether it is a matrix (transposed) or a vector. */
  ours: string
  c0: number
  width: number
  matrix: boolean
}

function pieces(c: ModelConfig): Piece[] {
  const D = headDim(c)
  const [q, kv] = [c.nHeads * D, c.nKvHeads * D]
  const out: Piece[] = [{ hf: 'model.embed_tokens.weight', ours: 'embed', c0: 0, width: c.vocabSize * c.dModel, matrix: false }]
  for (let l = 0; l < c.nLayers; l++) {
    const hf = `model.layers.${l}`
    const ours = `layers.${l}`
    const vec = (name: string, param: string, c0: number, width: number) => ({ hf: `${hf}.${name}`, ours: `${ours}.${param}`, c0, width, matrix: false })
    const mat = (name: string, param: string, c0: number, width: number) => ({ hf: `${hf}.${name}`, ours: `${ours}.${param}`, c0, width, matrix: true })
    out.push(
      vec('input_layernorm.weight', 'attn_norm', 0, c.dModel),
      mat('self_attn.q_proj.weight', 'wqkv', 0, q),
      mat('self_attn.k_proj.weight', 'wqkv', q, kv),
      mat('self_attn.v_proj.weight', 'wqkv', q + kv, kv),
      ...(c.attentionBias
        ? [vec('self_attn.q_proj.bias', 'bqkv', 0, q), vec('self_attn.k_proj.bias', 'bqkv', q, kv), vec('self_attn.v_proj.bias', 'bqkv', q + kv, kv)]
        : []),
      mat('self_attn.o_proj.weight', 'wo', 0, c.dModel),
      vec('post_attention_layernorm.weight', 'mlp_norm', 0, c.dModel),
      mat('mlp.gate_proj.weight', 'w_gate_up', 0, c.ffnDim),
      mat('mlp.up_proj.weight', 'w_gate_up', c.ffnDim, c.ffnDim),
      mat('mlp.down_proj.weight', 'w_down', 0, c.dModel),
    )
  }
  out.push({ hf: 'model.norm.weight', ours: 'final_norm', c0: 0, width: c.dModel, matrix: false })
  if (!c.tieEmbeddings) out.push({ hf: 'lm_head.weight', ours: 'head', c0: 0, width: c.vocabSize, matrix: true })
  return out
}

/** Every tensor of the HF layout, row-major in HF's shapes, from the flat parameters. */
export function toHfWeights(c: ModelConfig, params: Float32Array): Map<string, Float32Array> {
  const layout = new ParamLayout(modelParamSpecs(c))
  if (params.length !== layout.size) throw new Error(`toHfWeights: ${params.length} parameters, the model has ${layout.size}`)
  const weights = new Map<string, Float32Array>()
  for (const piece of pieces(c)) {
    const e = layout.entry(piece.ours)
    const src = params.subarray(e.offset, e.offset + e.size)
    if (!piece.matrix) weights.set(piece.hf, src.slice(piece.c0, piece.c0 + piece.width))
    else weights.set(piece.hf, transposeColumns(src, e.shape[0]!, e.shape[1]!, piece.c0, piece.width))
  }
  return weights
}

/** The flat parameters from HF tensors; every tensor of the layout must be present with its HF size. */
export function fromHfWeights(c: ModelConfig, weights: ReadonlyMap<string, Float32Array>): Float32Array {
  const layout = new ParamLayout(modelParamSpecs(c))
  const shapes = new Map(llamaTensorLayout(c).map((s) => [s.name, s.shape]))
  const params = new Float32Array(layout.size)
  for (const piece of pieces(c)) {
    const hf = weights.get(piece.hf)
    const expected = shapes.get(piece.hf)!.reduce((a, b) => a * b, 1)
    if (!hf) throw new Error(`fromHfWeights: tensor ${piece.hf} is missing`)
    if (hf.length !== expected) throw new Error(`fromHfWeights: tensor ${piece.hf} has ${hf.length} values, expected ${expected} ([${shapes.get(piece.hf)!.join(', ')}])`)
    const e = layout.entry(piece.ours)
    const dst = params.subarray(e.offset, e.offset + e.size)
    if (!piece.matrix) dst.set(hf, piece.c0)
    else writeTransposed(dst, e.shape[0]!, e.shape[1]!, piece.c0, piece.width, hf)
  }
  return params
}
