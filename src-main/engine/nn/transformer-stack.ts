// A small Llama-style decoder stack (embedding -> L pre-norm blocks -> RMSNorm -> output head -> token
// cross-entropy) on a flat parameter layout. The engine's benchmark and its training smoke test use it; the
// project's real model lives in src-main/model.
import type { Graph, Tensor } from '../graph/graph'
import { crossEntropy } from '../losses/losses'
import { matmul } from '../ops/matmul'
import type { ParamSpec } from '../optim/param-layout'
import type { LossResult } from '../optim/train-step'
import { causalMask, embedding, rmsNorm, transformerBlock } from './layers'

export interface StackConfig {
  vocab: number
  width: number
  layers: number
  heads: number
  ffn: number
  batch: number
  seq: number
}

export function stackParams(c: StackConfig): ParamSpec[] {
  const std = 0.02
  const specs: ParamSpec[] = [{ name: 'embed', shape: [c.vocab, c.width], init: { kind: 'normal', std } }]
  for (let l = 0; l < c.layers; l++) {
    specs.push(
      { name: `l${l}.attn_norm`, shape: [c.width], init: { kind: 'ones' } },
      { name: `l${l}.wqkv`, shape: [c.width, 3 * c.width], init: { kind: 'normal', std } },
      { name: `l${l}.wo`, shape: [c.width, c.width], init: { kind: 'normal', std: std / Math.sqrt(2 * c.layers) } },
      { name: `l${l}.mlp_norm`, shape: [c.width], init: { kind: 'ones' } },
      { name: `l${l}.w_gate_up`, shape: [c.width, 2 * c.ffn], init: { kind: 'normal', std } },
      { name: `l${l}.w_down`, shape: [c.ffn, c.width], init: { kind: 'normal', std: std / Math.sqrt(2 * c.layers) } },
    )
  }
  specs.push(
    { name: 'final_norm', shape: [c.width], init: { kind: 'ones' } },
    // The embedding is a matrix but, as in common practice, is not weight-decayed.
    { name: 'head', shape: [c.width, c.vocab], init: { kind: 'normal', std } },
  )
  specs[0]!.decay = false
  return specs
}

export function stackData(c: StackConfig) {
  return (g: Graph) => ({
    tokens: g.input('tokens', 'int64', [c.batch, c.seq]),
    targets: g.input('targets', 'int64', [c.batch, c.seq]),
    mask: g.input('mask', 'float32', [c.batch, c.seq]),
  })
}

export function stackLoss(c: StackConfig) {
  return (p: Record<string, Tensor>, d: Record<string, Tensor>): LossResult => {
    let x = embedding(p.embed!, d.tokens!) // (B, T, C)
    const mask = causalMask(x.graph, c.seq, 'float32') // (T, T)
    for (let l = 0; l < c.layers; l++) {
      const w = (n: string) => p[`l${l}.${n}`]!
      x = transformerBlock(x, { attnNorm: w('attn_norm'), wQkv: w('wqkv'), wOut: w('wo'), mlpNorm: w('mlp_norm'), wGateUp: w('w_gate_up'), wDown: w('w_down') }, mask, c.heads)
    }
    const logits = matmul(rmsNorm(x, p.final_norm!), p.head!) // (B, T, V)
    return { loss: crossEntropy(logits, d.targets!, d.mask!) }
  }
}

/** Matmul FLOPs of one training step (forward + backward = 3x forward), the numerator of MFU. */
export function stackTrainFlops(c: StackConfig): number {
  const tokens = c.batch * c.seq
  const perLayerWeights = 4 * c.width * c.width + 3 * c.width * c.ffn
  const weightFlops = 2 * tokens * (c.layers * perLayerWeights + c.width * c.vocab)
  const attentionFlops = c.layers * 4 * c.batch * c.seq * c.seq * c.width // QK^T and AV, full T x T
  return 3 * (weightFlops + attentionFlops)
}
