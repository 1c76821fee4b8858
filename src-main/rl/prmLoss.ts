import { checkRowShape, checkTokenShape, type BatchShape } from './batch'

/**
 * PRM cross-entropy loss value (prime-algorithm.md step 5), as the authors' `compute_ce_dpo_loss_rm`,
 * training/verl/trainer/ppo/core_algos.py:265-268:
 *   p_b = sigmoid(β · Σ_t q[b,t]·mask[b,t]);  L = mean_b −[acc_b·log p_b + (1−acc_b)·log(1−p_b)]
 * with torch's binary_cross_entropy clamping each log at −100 (so a saturated p gives 100, not Infinity).
 * Soft labels (fractional acc) are allowed. This is the value only; the gradient lives in the ONNX training graph.
 */
export function prmLoss(
  shape: BatchShape,
  q: Float64Array,
  mask: Float64Array,
  acc: Float64Array,
  beta: number,
): number {
  checkTokenShape(shape, { 'prmLoss q': q, 'prmLoss mask': mask })
  checkRowShape(shape, { 'prmLoss acc': acc })
  const { B, R } = shape
  let total = 0
  for (let b = 0; b < B; b++) {
    const label = acc[b] as number
    if (!(label >= 0 && label <= 1)) throw new Error(`prmLoss: acc[${b}] = ${label}, must be in [0, 1]`)
    let seq = 0
    for (let t = 0; t < R; t++) seq += (q[b * R + t] as number) * (mask[b * R + t] as number)
    const p = 1 / (1 + Math.exp(-beta * seq))
    const logP = Math.max(Math.log(p), -100)
    const logNotP = Math.max(Math.log1p(-p), -100)
    total += -(label * logP + (1 - label) * logNotP)
  }
  return total / B
}
