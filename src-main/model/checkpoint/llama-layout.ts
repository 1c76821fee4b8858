// Every tensor a Hugging Face LlamaForCausalLM / Qwen2ForCausalLM checkpoint holds, by name and shape, so
// our checkpoints load there and theirs load here. Shapes are PyTorch's: nn.Linear stores its weight as
// [out_features, in_features] (y = x Wᵀ), nn.Embedding as [num_embeddings, dim].
import { headDim, type ModelConfig } from './model-config'

export interface TensorSpec {
  name: string
  shape: number[]
}

export function llamaTensorLayout(c: ModelConfig): TensorSpec[] {
  const d = c.dModel
  const qWidth = c.nHeads * headDim(c)
  const kvWidth = c.nKvHeads * headDim(c)
  const specs: TensorSpec[] = [{ name: 'model.embed_tokens.weight', shape: [c.vocabSize, d] }]
  for (let i = 0; i < c.nLayers; i++) {
    const p = `model.layers.${i}`
    specs.push({ name: `${p}.input_layernorm.weight`, shape: [d] })
    specs.push({ name: `${p}.self_attn.q_proj.weight`, shape: [qWidth, d] })
    if (c.attentionBias) specs.push({ name: `${p}.self_attn.q_proj.bias`, shape: [qWidth] })
    specs.push({ name: `${p}.self_attn.k_proj.weight`, shape: [kvWidth, d] })
    if (c.attentionBias) specs.push({ name: `${p}.self_attn.k_proj.bias`, shape: [kvWidth] })
    specs.push({ name: `${p}.self_attn.v_proj.weight`, shape: [kvWidth, d] })
    if (c.attentionBias) specs.push({ name: `${p}.self_attn.v_proj.bias`, shape: [kvWidth] })
    specs.push(
      { name: `${p}.self_attn.o_proj.weight`, shape: [d, qWidth] },
      { name: `${p}.post_attention_layernorm.weight`, shape: [d] },
      { name: `${p}.mlp.gate_proj.weight`, shape: [c.ffnDim, d] },
      { name: `${p}.mlp.up_proj.weight`, shape: [c.ffnDim, d] },
      { name: `${p}.mlp.down_proj.weight`, shape: [d, c.ffnDim] },
    )
  }
  specs.push({ name: 'model.norm.weight', shape: [d] })
  if (!c.tieEmbeddings) specs.push({ name: 'lm_head.weight', shape: [c.vocabSize, d] })
  return specs
}

export interface LayoutProblems {
  missing: TensorSpec[]
  unexpected: string[]
  misshaped: { name: string; expected: number[]; found: number[] }[]
}

/** Compares found tensors (name -> shape) with the layout; empty lists mean they match exactly. */
export function compareWithLayout(found: ReadonlyMap<string, readonly number[]>, c: ModelConfig): LayoutProblems {
  const layout = llamaTensorLayout(c)
  const expected = new Map(layout.map((s) => [s.name, s.shape]))
  const problems: LayoutProblems = { missing: [], unexpected: [], misshaped: [] }
  for (const spec of layout) {
    const shape = found.get(spec.name)
    if (shape === undefined) problems.missing.push(spec)
    else if (!sameShape(shape, spec.shape)) problems.misshaped.push({ name: spec.name, expected: spec.shape, found: [...shape] })
  }
  for (const name of found.keys()) if (!expected.has(name)) problems.unexpected.push(name)
  return problems
}

/** Throws one error listing every problem (up to a readable number of each kind), naming the source. */
export function assertMatchesLayout(found: ReadonlyMap<string, readonly number[]>, c: ModelConfig, source: string): void {
  const { missing, unexpected, misshaped } = compareWithLayout(found, c)
  if (missing.length + unexpected.length + misshaped.length === 0) return
  const lines = [
    ...listed('missing', missing.map((s) => `${s.name} [${s.shape.join(', ')}]`)),
    ...listed('unexpected', unexpected),
    ...listed('wrong shape', misshaped.map((m) => `${m.name}: expected [${m.expected.join(', ')}], found [${m.found.join(', ')}]`)),
  ]
  throw new Error(`${source}: tensors do not match the Llama layout of the config:\n${lines.join('\n')}`)
}

const LISTED_PER_KIND = 8

function listed(kind: string, items: string[]): string[] {
  if (items.length === 0) return []
  const more = items.length > LISTED_PER_KIND ? ` … and ${items.length - LISTED_PER_KIND} more` : ''
  return [`  ${kind} (${items.length}): ${items.slice(0, LISTED_PER_KIND).join('; ')}${more}`]
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i])
}
