import { describe, expect, it } from 'vitest'
import { hfConfigJson, parseHfConfig } from './hf-config'
import type { ModelConfig } from './model-config'

const llama: ModelConfig = { vocabSize: 64, dModel: 32, nLayers: 2, nHeads: 4, nKvHeads: 2, ffnDim: 96, tieEmbeddings: true, attentionBias: false, ropeTheta: 10000, rmsNormEps: 1e-5, maxPositions: 256 }
const tokens = { bosTokenId: 1, eosTokenIds: [2], padTokenId: 0 }

// The fields of Qwen2-0.5B-Instruct's config.json that matter here, with their published values.
const qwen2Json = {
  architectures: ['Qwen2ForCausalLM'],
  attention_dropout: 0.0,
  bos_token_id: 151643,
  eos_token_id: 151645,
  hidden_act: 'silu',
  hidden_size: 896,
  initializer_range: 0.02,
  intermediate_size: 4864,
  max_position_embeddings: 32768,
  max_window_layers: 24,
  model_type: 'qwen2',
  num_attention_heads: 14,
  num_hidden_layers: 24,
  num_key_value_heads: 2,
  rms_norm_eps: 1e-6,
  rope_theta: 1000000.0,
  sliding_window: 32768,
  tie_word_embeddings: true,
  torch_dtype: 'bfloat16',
  use_cache: true,
  use_sliding_window: false,
  vocab_size: 151936,
}

describe('config.json', () => {
  it('writes a LlamaConfig with the HF field names', () => {
    expect(hfConfigJson(llama, tokens)).toMatchObject({
      architectures: ['LlamaForCausalLM'],
      model_type: 'llama',
      hidden_size: 32,
      intermediate_size: 96,
      num_attention_heads: 4,
      num_key_value_heads: 2,
      num_hidden_layers: 2,
      head_dim: 8,
      hidden_act: 'silu',
      rms_norm_eps: 1e-5,
      rope_theta: 10000,
      vocab_size: 64,
      tie_word_embeddings: true,
      max_position_embeddings: 256,
      attention_bias: false,
      mlp_bias: false,
      bos_token_id: 1,
      eos_token_id: 2,
      pad_token_id: 0,
      torch_dtype: 'float32',
    })
  })

  it('writes a model with q/k/v biases as Qwen2', () => {
    const json = hfConfigJson({ ...llama, attentionBias: true }, { ...tokens, bosTokenId: null, eosTokenIds: [5, 6] })
    expect(json).toMatchObject({ architectures: ['Qwen2ForCausalLM'], model_type: 'qwen2', use_sliding_window: false, bos_token_id: null, eos_token_id: [5, 6] })
    expect(json).not.toHaveProperty('attention_bias')
  })

  it('reads back what it writes', () => {
    for (const model of [llama, { ...llama, attentionBias: true, tieEmbeddings: false }]) {
      const parsed = parseHfConfig(JSON.parse(JSON.stringify(hfConfigJson(model, tokens))), 'config.json')
      expect(parsed).toEqual({ modelType: model.attentionBias ? 'qwen2' : 'llama', model, bosTokenId: 1, eosTokenIds: [2], padTokenId: 0, torchDtype: 'float32' })
    }
  })

  it("reads a Qwen2 model's published config", () => {
    expect(parseHfConfig(qwen2Json, 'qwen/config.json')).toEqual({
      modelType: 'qwen2',
      model: { vocabSize: 151936, dModel: 896, nLayers: 24, nHeads: 14, nKvHeads: 2, ffnDim: 4864, tieEmbeddings: true, attentionBias: true, ropeTheta: 1e6, rmsNormEps: 1e-6, maxPositions: 32768 },
      bosTokenId: 151643,
      eosTokenIds: [151645],
      padTokenId: null,
      torchDtype: 'bfloat16',
    })
  })

  it("applies transformers' defaults to absent fields, including transformers 5's rope_parameters", () => {
    const minimal = { model_type: 'llama', hidden_size: 32, intermediate_size: 96, num_attention_heads: 4, num_hidden_layers: 2, vocab_size: 64, max_position_embeddings: 256 }
    expect(parseHfConfig(minimal, 'c').model).toEqual({ ...llama, nKvHeads: 4, tieEmbeddings: false, rmsNormEps: 1e-6 })
    const v5 = { ...minimal, dtype: 'bfloat16', rope_parameters: { rope_type: 'default', rope_theta: 500000 } }
    expect(parseHfConfig(v5, 'c')).toMatchObject({ model: { ropeTheta: 500000 }, torchDtype: 'bfloat16' })
  })

  it('refuses, naming file and field, what would change the computation', () => {
    const base = hfConfigJson(llama, tokens)
    expect(() => parseHfConfig({ ...base, model_type: 'mistral' }, 'm/config.json')).toThrow('m/config.json: model_type "mistral" is not supported (supported: "llama", "qwen2")')
    expect(() => parseHfConfig({ ...base, rope_scaling: { rope_type: 'llama3', factor: 32 } }, 'c')).toThrow('c: rope_scaling = {"rope_type":"llama3","factor":32} is not supported (rope type "llama3": the model implements plain RoPE)')
    expect(() => parseHfConfig({ ...base, attention_bias: true }, 'c')).toThrow('attention_bias = true is not supported (Llama adds a bias to o_proj too')
    expect(() => parseHfConfig({ ...base, hidden_act: 'gelu' }, 'c')).toThrow('hidden_act = "gelu" is not supported')
    expect(() => parseHfConfig({ ...base, head_dim: 16 }, 'c')).toThrow('head_dim = 16 is not supported')
    expect(() => parseHfConfig({ ...qwen2Json, use_sliding_window: true }, 'c')).toThrow('use_sliding_window = true is not supported')
    expect(() => parseHfConfig({ ...base, hidden_size: '32' }, 'c')).toThrow('c: hidden_size must be a positive integer, got "32"')
    expect(() => parseHfConfig({ ...base, num_attention_heads: 5 }, 'c')).toThrow('c: dModel 32 is not divisible by nHeads 5')
    expect(() => parseHfConfig({ ...base, eos_token_id: 'x' }, 'c')).toThrow('c: eos_token_id must be a token id or a list of them')
  })
})
