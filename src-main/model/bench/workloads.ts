// The benchmark workloads of the model issue, shared by the driver, the ONNX worker and (as JSON arguments) the
// PyTorch worker, so both sides run exactly the same work.
import { Rng } from '../../engine'
import { headDim, type ModelConfig } from '../config'

/** Train S: one step = forward + backward + grad clip + AdamW on batch x seq tokens. */
export const TRAIN = { batch: 16, seq: 128, threads: 2 }

/** Decode S: sequences x (prompt random tokens), then newTokens sampled at temperature 1 with a KV cache. */
export const DECODE = { sequences: 64, prompt: 16, newTokens: 112 }

/**
 * Rollout (`bench:rollout`): XS and S at 128 and 512 sequences, each prompt sampled `samplesPerPrompt` times in a
 * row as an RL batch is (the laptop preset: 32 prompts x 4 samples), prompts of 8-15 random tokens, newTokens
 * sampled at temperature 1 with no stop token, so every run generates the same number of tokens.
 */
export const ROLLOUT = { presets: ['XS', 'S'], batches: [128, 512], samplesPerPrompt: 4, newTokens: 64, threads: 2 } as const

export function rolloutPrompts(batch: number): number[][] {
  const rng = new Rng(7)
  const prompts: number[][] = []
  for (let u = 0; u < batch / ROLLOUT.samplesPerPrompt; u++) {
    const prompt = Array.from({ length: 8 + (u % 8) }, () => 3 + Math.floor(rng.uniform() * 61))
    for (let k = 0; k < ROLLOUT.samplesPerPrompt; k++) prompts.push(prompt)
  }
  return prompts
}

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
