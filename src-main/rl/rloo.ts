import { checkGroups, checkRowShape, checkTokenShape, type BatchShape } from './batch'

/**
 * Leave-one-out per reward source (prime-algorithm.md step 7), as the authors' `compute_rloo_returns`,
 * training/verl/trainer/ppo/core_algos.py:108-153 (baseline from per-response means at line 131):
 *   m_i = mean of x[i,t] over t with mask[i,t];  S = Σ_{j in group} m_j
 *   x'[i,t] = x[i,t]·K/(K−1) − S/(K−1) where mask[i,t], else 0.
 * This per-token form is the code's, not Eq. 5's (r_t − mean_{j≠i} m_j): they differ per token by
 * (r_t − m_i)/(K−1), which sums to zero over a response, so sequence sums agree.
 * Returns a new (B*R) tensor; the input is not modified.
 */
export function rloo(shape: BatchShape, x: Float64Array, mask: Float64Array): Float64Array {
  checkTokenShape(shape, { 'rloo x': x, 'rloo mask': mask })
  checkGroups(shape, 'rloo')
  const { B, R, K } = shape
  if (K < 2) throw new Error(`rloo: needs K >= 2 samples per prompt, got K=${K}`)

  const rowMeans = new Float64Array(B)
  for (let b = 0; b < B; b++) {
    let sum = 0
    let count = 0
    for (let t = 0; t < R; t++) {
      const m = mask[b * R + t] as number
      sum += (x[b * R + t] as number) * m
      count += m
    }
    if (count === 0) throw new Error(`rloo: row ${b} has an empty mask, so its mean reward is undefined`)
    rowMeans[b] = sum / count
  }

  const out = new Float64Array(B * R)
  for (let g = 0; g < B / K; g++) {
    let groupSum = 0
    for (let b = g * K; b < (g + 1) * K; b++) groupSum += rowMeans[b] as number
    for (let b = g * K; b < (g + 1) * K; b++) {
      for (let t = 0; t < R; t++) {
        const i = b * R + t
        if (mask[i] !== 0) out[i] = ((x[i] as number) * K) / (K - 1) - groupSum / (K - 1)
      }
    }
  }
  return out
}

/**
 * (B*R) tensor holding values[b] at the last valid token t = lengths[b]−1 and 0 elsewhere: how the authors'
 * `RewardManager.__call__` places the verifier score (training/verl/trainer/main_ppo.py:93-94). With mask =
 * lastTokenMask, rloo of this is exactly acc_i − mean_{j≠i} acc_j on the last token.
 */
export function placeOnLastToken(shape: BatchShape, lengths: Int32Array, values: Float64Array): Float64Array {
  checkRowShape(shape, { 'placeOnLastToken lengths': lengths, 'placeOnLastToken values': values })
  const out = new Float64Array(shape.B * shape.R)
  for (let b = 0; b < shape.B; b++) out[b * shape.R + (lengths[b] as number) - 1] = values[b] as number
  return out
}

/** (B*R) mask with a single 1 per row, at the last valid token. */
export function lastTokenMask(shape: BatchShape, lengths: Int32Array): Float64Array {
  return placeOnLastToken(shape, lengths, new Float64Array(shape.B).fill(1))
}
