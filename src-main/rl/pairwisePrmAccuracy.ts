import { checkGroups, checkRowShape, checkTokenShape, type BatchShape } from './batch'

/**
 * PRM pairwise accuracy, logged as `reward_model/dpo_acc`, as the authors' `compute_dpo_accuracy`,
 * training/verl/trainer/ppo/core_algos.py:270-289. Per group: s_i = Σ_t tokenScores[i,t]·mask[i,t]; over pairs
 * i<j with da = acc_i − acc_j and ds = s_i − s_j, group accuracy = Σ [(ds>0) == (da>0)]·|da| / Σ |da|, or 0.5
 * when every acc in the group is equal. Result: the unweighted mean over groups.
 * Follows the code, not the prose "sign(ds) = sign(da)": a pair with ds = 0 counts as correct when da < 0.
 * Pass the scores BEFORE batch_norm, as upstream does (the ordering is the same either way).
 */
export function pairwisePrmAccuracy(
  shape: BatchShape,
  tokenScores: Float64Array,
  mask: Float64Array,
  acc: Float64Array,
): number {
  checkTokenShape(shape, { 'pairwisePrmAccuracy tokenScores': tokenScores, 'pairwisePrmAccuracy mask': mask })
  checkRowShape(shape, { 'pairwisePrmAccuracy acc': acc })
  checkGroups(shape, 'pairwisePrmAccuracy')
  const { B, R, K } = shape
  const seq = new Float64Array(B)
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < R; t++) seq[b] = (seq[b] as number) + (tokenScores[b * R + t] as number) * (mask[b * R + t] as number)
  }

  let sumOfGroupAccuracies = 0
  for (let g = 0; g < B / K; g++) {
    let correctWeight = 0
    let totalWeight = 0
    for (let i = g * K; i < (g + 1) * K; i++) {
      for (let j = i + 1; j < (g + 1) * K; j++) {
        const da = (acc[i] as number) - (acc[j] as number)
        const ds = (seq[i] as number) - (seq[j] as number)
        totalWeight += Math.abs(da)
        if (ds > 0 === da > 0) correctWeight += Math.abs(da)
      }
    }
    sumOfGroupAccuracies += totalWeight === 0 ? 0.5 : correctWeight / totalWeight
  }
  return sumOfGroupAccuracies / (B / K)
}
