// The benchmark workloads of the model issue, shared by the driver, the ONNX worker and (as JSON arguments) the
// PyTorch worker, so both sides run exactly the same work.
import { headDim, type ModelConfig } from '../config'

/** Train S: one step = forward + backward + grad clip + AdamW on batch x seq tokens. */
export const TRAIN = { batch: 16, seq: 128, threads: 2 }

/** Decode S: sequences x (prompt random tokens), then newTokens sampled at temperature 1 with a KV cache. */
export const DECODE = { sequences: 64, prompt: 16, newTokens: 112 }

/**
 * MatMul FLOPs of one training step, counted as 3x the forward's (backward = 2x forward): the weight matmuls of
 * every token plus attention's QK^T and AV over the full T x T square that the program computes.
 */
export function trainFlops(c: ModelConfig, batch: number, seq: number): number {
  const D = headDim(c)
  const tokens = batch * seq
  const perLayer = c.dModel * (c.nHeads + 2 * c.nKvHeads) * D + c.nHeads * D * c.dModel + 3 * c.dModel * c.ffnDim
  const weights = 2 * tokens * (c.nLayers * perLayer + c.dModel * c.vocabSize)
  const attention = c.nLayers * 4 * batch * seq * seq * c.nHeads * D
  return 3 * (weights + attention)
}
