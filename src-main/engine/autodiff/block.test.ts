// A whole pre-norm transformer block (RMSNorm, causal multi-head attention, SwiGLU, residuals) followed by an
// output projection and token cross-entropy, checked end to end against finite differences in float64.
import { describe, expect, it } from 'vitest'
import * as ops from '../ops'
import { causalMask, embedding, rmsNorm, transformerBlock } from '../nn/layers'
import { tokenLogProbs } from '../losses/losses'
import { gradCheck } from './gradcheck'

describe('transformer block gradient', () => {
  it('matches central finite differences for every parameter', async () => {
    const [B, T, C, H, F, V] = [2, 4, 8, 2, 6, 5]
    const ids = { shape: [B, T], domain: { kind: 'int', lo: 0, hi: V } } as const
    const result = await gradCheck({
      name: 'block',
      inputs: [
        { shape: [V, C] }, // embedding
        { shape: [C], domain: { kind: 'real', lo: 0.5, hi: 1.5 } }, // attnNorm
        { shape: [C, 3 * C] }, // wQkv
        { shape: [C, C] }, // wOut
        { shape: [C], domain: { kind: 'real', lo: 0.5, hi: 1.5 } }, // mlpNorm
        { shape: [C, 2 * F] }, // wGateUp
        { shape: [F, C] }, // wDown
        { shape: [C, V] }, // head
        ids, // input tokens
        ids, // target tokens
      ],
      build: ([emb, attnNorm, wQkv, wOut, mlpNorm, wGateUp, wDown, head, input, target]) => {
        const x = embedding(emb!, input!) // (B, T, C)
        const mask = causalMask(x.graph, T, 'float64')
        const h = transformerBlock(x, { attnNorm: attnNorm!, wQkv: wQkv!, wOut: wOut!, mlpNorm: mlpNorm!, wGateUp: wGateUp!, wDown: wDown! }, mask, H)
        const logits = ops.matmul(rmsNorm(h, mlpNorm!), head!) // (B, T, V)
        return ops.neg(tokenLogProbs(logits, target!)) // (B, T) per-token cross-entropy
      },
    })
    expect(result.failures).toEqual([])
    expect(result.checked).toBe(5 * 8 + 8 + 8 * 24 + 64 + 8 + 8 * 12 + 6 * 8 + 8 * 5)
  })
})
