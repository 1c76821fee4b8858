import { checkTokenShape, type BatchShape } from './batch'

export interface BatchNormResult {
  /** Z = max over all rows and positions of |Σ_{u≥t} s[b,u]| + 1e-6. */
  readonly denominator: number
  /** (B*R) s / Z. */
  readonly scores: Float64Array
}

/**
 * "batch_norm" of process scores (prime-algorithm.md step 6), as the inline block of the authors' `update_policy`,
 * training/verl/workers/actor/dp_prime.py:239-241: one divisor for the whole batch, the largest absolute suffix
 * sum (reverse cumsum) over every row and position; padding holds 0 so it never raises the max.
 * Upstream takes this max per data-parallel shard; the workbench has one shard, the whole batch.
 */
export function batchNorm(shape: BatchShape, tokenScores: Float64Array): BatchNormResult {
  checkTokenShape(shape, { 'batchNorm tokenScores': tokenScores })
  const { B, R } = shape
  let maxAbsSuffix = 0
  for (let b = 0; b < B; b++) {
    let suffix = 0
    for (let t = R - 1; t >= 0; t--) {
      suffix += tokenScores[b * R + t] as number
      maxAbsSuffix = Math.max(maxAbsSuffix, Math.abs(suffix))
    }
  }
  const denominator = maxAbsSuffix + 1e-6
  return { denominator, scores: tokenScores.map((s) => s / denominator) }
}
