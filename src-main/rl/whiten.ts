import { checkTokenShape, type BatchShape } from './batch'

export interface WhitenResult {
  /** (B*R) (values − μ)/sqrt(σ² + 1e-8) at EVERY position: padding is not re-masked, as upstream. */
  readonly whitened: Float64Array
  /** μ = Σ values·mask / Σ mask. */
  readonly mean: number
  /** σ² = Σ (values − μ)²·mask / Σ mask · n/(n−1), n = Σ mask (unbiased). */
  readonly varianceUnbiased: number
}

/** Σ values·mask / Σ mask over the whole batch (upstream `masked_mean`, torch_functional.py:107-109). */
export function maskedMean(values: Float64Array, mask: Float64Array): number {
  let sum = 0
  let count = 0
  for (let i = 0; i < values.length; i++) {
    const m = mask[i] as number
    sum += (values[i] as number) * m
    count += m
  }
  if (count === 0) throw new Error('maskedMean: the mask is empty, so the mean is undefined')
  return sum / count
}

/**
 * Masked whitening over all valid tokens of the batch (prime-algorithm.md step 9), as upstream
 * `masked_whiten` (training/verl/utils/torch_functional.py:130-136) with `masked_var` (112-127, unbiased).
 * Not per group, and the output is not multiplied by the mask: padding positions hold (0 − μ)/sqrt(σ²+1e-8)
 * when the input is 0 there. Losses mask them out later.
 */
export function whiten(shape: BatchShape, values: Float64Array, mask: Float64Array): WhitenResult {
  checkTokenShape(shape, { 'whiten values': values, 'whiten mask': mask })
  const mean = maskedMean(values, mask)
  let count = 0
  for (const m of mask) count += m
  // Upstream raises on a mask sum of 1 as well: the Bessel factor n/(n−1) would divide by zero.
  if (count < 2) throw new Error(`whiten: needs at least 2 valid tokens for an unbiased variance, got ${count}`)
  const varianceUnbiased = maskedMean(values.map((v) => (v - mean) ** 2), mask) * (count / (count - 1))
  const scale = 1 / Math.sqrt(varianceUnbiased + 1e-8)
  return { whitened: values.map((v) => (v - mean) * scale), mean, varianceUnbiased }
}
