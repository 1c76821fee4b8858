// The two generation programs. The KV cache lives on the host and is passed in (zero-copy); only each step's new
// keys and values come back, because ORT copies every output and returning the whole cache would copy it per token.
//
// prefill @ B x T:  param.* , tokens (B, T) int64 right-padded, lengths (B) int64
//                   -> logits (B, V) after each prompt's last token, keys_l / values_l (B, T, K, D) per layer
// decode  @ B x C x n: param.* , tokens (B, 1) int64, positions (B) int64, and n cache chunks per layer,
//                   k_cache_l_j / v_cache_l_j (B, K, C, D) for positions jC..jC+C-1
//                   -> logits (B, V), new_keys_l / new_values_l (B, K, D) for the host to write at `positions`
import { Graph } from '../../engine'
import { headDim, type ModelConfig } from '../config'
import { modelLayout, paramInputs } from '../programs'
import { decodeForward, prefillForward } from '../transformer'

export const GENERATION_IO = {
  tokens: 'tokens',
  lengths: 'lengths',
  positions: 'positions',
  logits: 'logits',
  keys: (l: number) => `keys_${l}`,
  values: (l: number) => `values_${l}`,
  keyCache: (l: number, chunk: number) => `k_cache_${l}_${chunk}`,
  valueCache: (l: number, chunk: number) => `v_cache_${l}_${chunk}`,
  newKeys: (l: number) => `new_keys_${l}`,
  newValues: (l: number) => `new_values_${l}`,
} as const

export function buildPrefillGraph(c: ModelConfig, batch: number, promptLength: number): Graph {
  const g = new Graph('prefill')
  const p = paramInputs(g, modelLayout(c))
  const tokens = g.input(GENERATION_IO.tokens, 'int64', [batch, promptLength])
  const lengths = g.input(GENERATION_IO.lengths, 'int64', [batch])
  const { logits, keys, values } = prefillForward(c, p, tokens, lengths)
  g.output(logits, GENERATION_IO.logits)
  for (let l = 0; l < c.nLayers; l++) {
    g.output(keys[l]!, GENERATION_IO.keys(l))
    g.output(values[l]!, GENERATION_IO.values(l))
  }
  return g
}

/** A decode step over the first `chunks` cache chunks of `chunk` positions each. */
export function buildDecodeGraph(c: ModelConfig, batch: number, chunk: number, chunks: number): Graph {
  const g = new Graph('decode')
  const p = paramInputs(g, modelLayout(c))
  const [K, D] = [c.nKvHeads, headDim(c)]
  const tokens = g.input(GENERATION_IO.tokens, 'int64', [batch, 1])
  const positions = g.input(GENERATION_IO.positions, 'int64', [batch])
  const caches = Array.from({ length: c.nLayers }, (_, l) => ({
    keys: Array.from({ length: chunks }, (_, j) => g.input(GENERATION_IO.keyCache(l, j), 'float32', [batch, K, chunk, D])),
    values: Array.from({ length: chunks }, (_, j) => g.input(GENERATION_IO.valueCache(l, j), 'float32', [batch, K, chunk, D])),
  }))
  const { logits, newKeys, newValues } = decodeForward(c, p, tokens, positions, caches, chunk)
  g.output(logits, GENERATION_IO.logits)
  for (let l = 0; l < c.nLayers; l++) {
    g.output(newKeys[l]!, GENERATION_IO.newKeys(l))
    g.output(newValues[l]!, GENERATION_IO.newValues(l))
  }
  return g
}
