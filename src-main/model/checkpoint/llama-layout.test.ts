import { describe, expect, it } from 'vitest'
import { assertMatchesLayout, compareWithLayout, llamaTensorLayout } from './llama-layout'
import { validateModelConfig, type ModelConfig } from './model-config'

// Grouped-query attention (4 query heads of size 4 sharing 2 kv heads) so q and k/v shapes differ.
const tiny: ModelConfig = { vocabSize: 11, dModel: 16, nLayers: 2, nHeads: 4, nKvHeads: 2, ffnDim: 24, tieEmbeddings: false, attentionBias: false, ropeTheta: 10000, rmsNormEps: 1e-6, maxPositions: 64 }

describe('llamaTensorLayout', () => {
  it("lists a Llama model's tensors with HF names and [out, in] shapes", () => {
    const layout = llamaTensorLayout(tiny)
    expect(layout.map((s) => [s.name, s.shape])).toEqual([
      ['model.embed_tokens.weight', [11, 16]],
      ...[0, 1].flatMap((i) => [
        [`model.layers.${i}.input_layernorm.weight`, [16]],
        [`model.layers.${i}.self_attn.q_proj.weight`, [16, 16]],
        [`model.layers.${i}.self_attn.k_proj.weight`, [8, 16]],
        [`model.layers.${i}.self_attn.v_proj.weight`, [8, 16]],
        [`model.layers.${i}.self_attn.o_proj.weight`, [16, 16]],
        [`model.layers.${i}.post_attention_layernorm.weight`, [16]],
        [`model.layers.${i}.mlp.gate_proj.weight`, [24, 16]],
        [`model.layers.${i}.mlp.up_proj.weight`, [24, 16]],
        [`model.layers.${i}.mlp.down_proj.weight`, [16, 24]],
      ]),
      ['model.norm.weight', [16]],
      ['lm_head.weight', [11, 16]],
    ])
  })

  it('adds Qwen2 q/k/v biases and drops lm_head when the embedding is tied', () => {
    const names = llamaTensorLayout({ ...tiny, nLayers: 1, attentionBias: true, tieEmbeddings: true }).map((s) => `${s.name} [${s.shape}]`)
    expect(names).toEqual([
      'model.embed_tokens.weight [11,16]',
      'model.layers.0.input_layernorm.weight [16]',
      'model.layers.0.self_attn.q_proj.weight [16,16]',
      'model.layers.0.self_attn.q_proj.bias [16]',
      'model.layers.0.self_attn.k_proj.weight [8,16]',
      'model.layers.0.self_attn.k_proj.bias [8]',
      'model.layers.0.self_attn.v_proj.weight [8,16]',
      'model.layers.0.self_attn.v_proj.bias [8]',
      'model.layers.0.self_attn.o_proj.weight [16,16]',
      'model.layers.0.post_attention_layernorm.weight [16]',
      'model.layers.0.mlp.gate_proj.weight [24,16]',
      'model.layers.0.mlp.up_proj.weight [24,16]',
      'model.layers.0.mlp.down_proj.weight [16,24]',
      'model.norm.weight [16]',
    ])
  })

  it('matches the parameter count of Qwen2-0.5B (494,032,768)', () => {
    const qwen05: ModelConfig = { vocabSize: 151936, dModel: 896, nLayers: 24, nHeads: 14, nKvHeads: 2, ffnDim: 4864, tieEmbeddings: true, attentionBias: true, ropeTheta: 1e6, rmsNormEps: 1e-6, maxPositions: 32768 }
    const total = llamaTensorLayout(qwen05).reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0)
    expect(total).toBe(494_032_768)
  })
})

describe('layout validation', () => {
  const found = () => new Map(llamaTensorLayout(tiny).map((s) => [s.name, s.shape]))

  it('accepts an exact match', () => {
    expect(compareWithLayout(found(), tiny)).toEqual({ missing: [], unexpected: [], misshaped: [] })
    expect(() => assertMatchesLayout(found(), tiny, 'ok.safetensors')).not.toThrow()
  })

  it('names missing, unexpected and mis-shaped tensors', () => {
    const f = found()
    f.delete('model.layers.1.mlp.up_proj.weight')
    f.set('model.layers.0.self_attn.o_proj.bias', [16])
    f.set('model.layers.0.self_attn.k_proj.weight', [16, 16]) // as if nKvHeads were 4
    expect(() => assertMatchesLayout(f, tiny, 'ckpt/model.safetensors')).toThrow(
      'ckpt/model.safetensors: tensors do not match the Llama layout of the config:\n' +
        '  missing (1): model.layers.1.mlp.up_proj.weight [24, 16]\n' +
        '  unexpected (1): model.layers.0.self_attn.o_proj.bias\n' +
        '  wrong shape (1): model.layers.0.self_attn.k_proj.weight: expected [8, 16], found [16, 16]',
    )
  })

  it('summarises long lists', () => {
    expect(() => assertMatchesLayout(new Map(), tiny, 'empty')).toThrow(/missing \(21\): model\.embed_tokens\.weight \[11, 16\];.* … and 13 more$/)
  })
})

describe('validateModelConfig', () => {
  it('names the offending field', () => {
    expect(() => validateModelConfig(tiny)).not.toThrow()
    expect(() => validateModelConfig({ ...tiny, nLayers: 0 })).toThrow('model config: nLayers must be a positive integer, got 0')
    expect(() => validateModelConfig({ ...tiny, dModel: 18 })).toThrow('dModel 18 is not divisible by nHeads 4')
    expect(() => validateModelConfig({ ...tiny, nKvHeads: 3 })).toThrow('nHeads 4 is not a multiple of nKvHeads 3')
    expect(() => validateModelConfig({ ...tiny, dModel: 12, nHeads: 4, nKvHeads: 4 })).toThrow('head size 3 (dModel / nHeads) must be even')
    expect(() => validateModelConfig({ ...tiny, rmsNormEps: 0 })).toThrow('rmsNormEps must be a positive number, got 0')
  })
})
