import { checkGroups, checkRowShape, checkTokenShape, type BatchShape } from './batch'

// GRPO's group normalisation. The authors' PRIME repository has no GRPO; these follow verl's
// `compute_grpo_outcome_advantage` (verl/trainer/ppo/core_algos.py): torch.std (unbiased) of the group, divided as
// (x − mean)/(std + 1e-6), and a group of one sample gets mean 0, std 1.
const GRPO_EPSILON = 1e-6

/** Per-group mean and unbiased standard deviation of one value per row; (numPrompts) each. */
function groupMeanStd(shape: BatchShape, values: Float64Array): { mean: Float64Array; std: Float64Array } {
  const { B, K } = shape
  const groups = B / K
  const mean = new Float64Array(groups)
  const std = new Float64Array(groups).fill(1)
  if (K === 1) return { mean, std }
  for (let g = 0; g < groups; g++) {
    let sum = 0
    for (let b = g * K; b < (g + 1) * K; b++) sum += values[b] as number
    const mu = sum / K
    let squares = 0
    for (let b = g * K; b < (g + 1) * K; b++) squares += ((values[b] as number) - mu) ** 2
    mean[g] = mu
    std[g] = Math.sqrt(squares / (K - 1))
  }
  return { mean, std }
}

/**
 * GRPO outcome advantage per row (prime-algorithm.md "Baselines"): (r_i − mean_group r) / (std_group r + 1e-6).
 * A group whose samples all scored the same gets 0 for every row.
 */
export function grpoOutcomeAdvantages(shape: BatchShape, outcome: Float64Array): Float64Array {
  checkRowShape(shape, { 'grpoOutcomeAdvantages outcome': outcome })
  checkGroups(shape, 'grpoOutcomeAdvantages')
  const { mean, std } = groupMeanStd(shape, outcome)
  return outcome.map((r, b) => {
    const g = Math.floor(b / shape.K)
    return (r - (mean[g] as number)) / ((std[g] as number) + GRPO_EPSILON)
  })
}

/**
 * PRIME-GRPO process rewards (prime-algorithm.md "Baselines"): each
 * valid token's process score normalised by its group's mean and std of per-sample mean process scores,
 *   m_i = mean_{t valid} s[i,t];  s'[i,t] = (s[i,t] − mean_group m) / (std_group m + 1e-6),  0 at padding.
 * The caller turns them into returns with the process γ and adds the GRPO outcome term.
 */
export function grpoProcessRewards(shape: BatchShape, scores: Float64Array, mask: Float64Array): Float64Array {
  checkTokenShape(shape, { 'grpoProcessRewards scores': scores, 'grpoProcessRewards mask': mask })
  checkGroups(shape, 'grpoProcessRewards')
  const { B, R, K } = shape
  const rowMeans = new Float64Array(B)
  for (let b = 0; b < B; b++) {
    let sum = 0
    let count = 0
    for (let t = 0; t < R; t++) {
      sum += (scores[b * R + t] as number) * (mask[b * R + t] as number)
      count += mask[b * R + t] as number
    }
    if (count === 0) throw new Error(`grpoProcessRewards: row ${b} has an empty mask`)
    rowMeans[b] = sum / count
  }
  const { mean, std } = groupMeanStd(shape, rowMeans)
  const out = new Float64Array(B * R)
  for (let b = 0; b < B; b++) {
    const g = Math.floor(b / K)
    for (let t = 0; t < R; t++) {
      const i = b * R + t
      if (mask[i] !== 0) out[i] = ((scores[i] as number) - (mean[g] as number)) / ((std[g] as number) + GRPO_EPSILON)
    }
  }
  return out
}
