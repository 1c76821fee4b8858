// config.json in the form transformers' LlamaConfig / Qwen2Config read and write. A model with q/k/v biases
// is written as Qwen2 (transformers' Llama puts attention_bias on o_proj as well, which our model lacks).
// Reading refuses, naming the field, every setting that would make the same weights compute a different
// function in our model (RoPE scaling, another activation, sliding-window attention, extra biases).
import { headDim, validateModelConfig, type ModelConfig } from './model-config'

export interface SpecialTokenIds {
  bosTokenId: number | null
  /** Llama 3-style configs list several ids that all end generation. */
  eosTokenIds: number[]
  padTokenId: number | null
}

export interface HfConfig extends SpecialTokenIds {
  modelType: 'llama' | 'qwen2'
  model: ModelConfig
  /** The dtype the weights were saved in (torch_dtype, or dtype in newer transformers). */
  torchDtype: string
}

export function hfConfigJson(c: ModelConfig, tokens: SpecialTokenIds, torchDtype = 'float32'): Record<string, unknown> {
  validateModelConfig(c)
  const common = {
    hidden_size: c.dModel,
    intermediate_size: c.ffnDim,
    num_attention_heads: c.nHeads,
    num_key_value_heads: c.nKvHeads,
    num_hidden_layers: c.nLayers,
    head_dim: headDim(c),
    hidden_act: 'silu',
    rms_norm_eps: c.rmsNormEps,
    rope_theta: c.ropeTheta,
    rope_scaling: null,
    vocab_size: c.vocabSize,
    tie_word_embeddings: c.tieEmbeddings,
    max_position_embeddings: c.maxPositions,
    attention_dropout: 0,
    bos_token_id: tokens.bosTokenId,
    eos_token_id: tokens.eosTokenIds.length === 1 ? tokens.eosTokenIds[0] : tokens.eosTokenIds,
    pad_token_id: tokens.padTokenId,
    initializer_range: 0.02,
    use_cache: true,
    torch_dtype: torchDtype,
  }
  if (c.attentionBias) {
    return {
      architectures: ['Qwen2ForCausalLM'],
      model_type: 'qwen2',
      ...common,
      use_sliding_window: false,
      sliding_window: null,
      max_window_layers: c.nLayers,
    }
  }
  return { architectures: ['LlamaForCausalLM'], model_type: 'llama', ...common, attention_bias: false, mlp_bias: false, pretraining_tp: 1 }
}

export function parseHfConfig(json: unknown, source: string): HfConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error(`${source}: expected a JSON object`)
  const f = new Fields(json as Record<string, unknown>, source)
  const modelType = f.raw('model_type')
  if (modelType !== 'llama' && modelType !== 'qwen2') {
    throw new Error(`${source}: model_type ${JSON.stringify(modelType)} is not supported (supported: "llama", "qwen2")`)
  }

  const nHeads = f.int('num_attention_heads')
  const model: ModelConfig = {
    vocabSize: f.int('vocab_size'),
    dModel: f.int('hidden_size'),
    nLayers: f.int('num_hidden_layers'),
    nHeads,
    nKvHeads: f.int('num_key_value_heads', nHeads), // transformers' default: plain multi-head attention
    ffnDim: f.int('intermediate_size'),
    tieEmbeddings: f.bool('tie_word_embeddings', false),
    attentionBias: modelType === 'qwen2',
    ropeTheta: ropeTheta(f),
    rmsNormEps: f.number('rms_norm_eps', 1e-6),
    maxPositions: f.int('max_position_embeddings'),
  }
  validateModelConfig(model, source)
  const hiddenAct = f.raw('hidden_act') ?? 'silu'
  if (hiddenAct !== 'silu') f.unsupported('hidden_act', 'the model uses SiLU (SwiGLU)')
  const declaredHeadDim = f.raw('head_dim')
  if (declaredHeadDim !== undefined && declaredHeadDim !== null && declaredHeadDim !== model.dModel / nHeads) {
    f.unsupported('head_dim', `the model's head size is hidden_size / num_attention_heads = ${model.dModel / nHeads}`)
  }
  if (modelType === 'llama') {
    if (f.bool('attention_bias', false)) f.unsupported('attention_bias', 'Llama adds a bias to o_proj too, which the model lacks')
    if (f.bool('mlp_bias', false)) f.unsupported('mlp_bias', 'the MLP has no biases')
  } else if (f.bool('use_sliding_window', false)) {
    f.unsupported('use_sliding_window', 'attention is full causal attention')
  }

  const eos = f.raw('eos_token_id')
  const eosTokenIds = eos === undefined || eos === null ? [] : Array.isArray(eos) ? eos : [eos]
  if (!eosTokenIds.every((id) => Number.isSafeInteger(id) && id >= 0)) throw new Error(`${source}: eos_token_id must be a token id or a list of them, got ${JSON.stringify(eos)}`)
  return {
    modelType,
    model,
    bosTokenId: f.optionalTokenId('bos_token_id'),
    eosTokenIds: eosTokenIds as number[],
    padTokenId: f.optionalTokenId('pad_token_id'),
    torchDtype: f.string('torch_dtype', null) ?? f.string('dtype', 'float32')!,
  }
}

/** Plain RoPE only. transformers 5 moves rope_theta into rope_parameters; older configs use rope_scaling. */
function ropeTheta(f: Fields): number {
  for (const key of ['rope_scaling', 'rope_parameters']) {
    const value = f.raw(key) as { rope_type?: unknown; type?: unknown } | null | undefined
    if (value === undefined || value === null) continue
    const type = value.rope_type ?? value.type ?? 'default'
    if (type !== 'default') f.unsupported(key, `rope type ${JSON.stringify(type)}: the model implements plain RoPE`)
  }
  const parameters = f.raw('rope_parameters') as { rope_theta?: unknown } | null | undefined
  if (parameters && parameters.rope_theta !== undefined) {
    if (typeof parameters.rope_theta !== 'number') throw new Error(`${f.source}: rope_parameters.rope_theta must be a number`)
    return parameters.rope_theta
  }
  return f.number('rope_theta', 10000)
}

/** Typed access to config.json fields, with errors naming the file and field. */
class Fields {
  constructor(
    private readonly json: Record<string, unknown>,
    readonly source: string,
  ) {}

  raw(key: string): unknown {
    return this.json[key]
  }

  int(key: string, fallback?: number): number {
    const v = this.json[key] ?? fallback
    if (!Number.isSafeInteger(v) || (v as number) <= 0) throw new Error(`${this.source}: ${key} must be a positive integer, got ${JSON.stringify(v)}`)
    return v as number
  }

  number(key: string, fallback: number): number {
    const v = this.json[key] ?? fallback
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${this.source}: ${key} must be a number, got ${JSON.stringify(v)}`)
    return v
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.json[key] ?? fallback
    if (typeof v !== 'boolean') throw new Error(`${this.source}: ${key} must be true or false, got ${JSON.stringify(v)}`)
    return v
  }

  string(key: string, fallback: string | null): string | null {
    const v = this.json[key] ?? fallback
    if (v !== null && typeof v !== 'string') throw new Error(`${this.source}: ${key} must be a string, got ${JSON.stringify(v)}`)
    return v
  }

  optionalTokenId(key: string): number | null {
    const v = this.json[key]
    if (v === undefined || v === null) return null
    if (!Number.isSafeInteger(v) || (v as number) < 0) throw new Error(`${this.source}: ${key} must be a token id or null, got ${JSON.stringify(v)}`)
    return v as number
  }

  unsupported(key: string, why: string): never {
    throw new Error(`${this.source}: ${key} = ${JSON.stringify(this.json[key])} is not supported (${why})`)
  }
}
