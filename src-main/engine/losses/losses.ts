// Loss functions as graph functions: built from differentiable ops, so `gradients()` differentiates them.
// Shapes: B sequences, T tokens, V vocabulary. Masks are float (1 = a token that counts, 0 = padding/prompt).
// Formulas follow verl's core_algos.py / PRIME's recipe (docs/prime-algorithm.md steps 5 and 10).
import type { Tensor } from '../graph/graph'
import * as ops from '../ops'

/** log p(token) for given tokens: logits (B, T, V), tokens (B, T) int64 -> (B, T). */
export function tokenLogProbs(logits: Tensor, tokens: Tensor): Tensor {
  const logp = ops.logSoftmax(logits, -1) // (B, T, V)
  return ops.squeeze(ops.gatherElements(logp, ops.unsqueeze(tokens, [-1]), -1), [-1]) // (B, T)
}

/** Entropy of the next-token distribution per position: logits (B, T, V) -> (B, T). */
export function entropyFromLogits(logits: Tensor): Tensor {
  const logp = ops.logSoftmax(logits, -1)
  return ops.neg(ops.reduceSum(ops.mul(ops.exp(logp), logp), [-1]))
}

/** verl's masked_mean: sum(x * mask) / (sum(mask) + 1e-8) over every token of the batch. */
export function maskedMeanTokens(x: Tensor, mask: Tensor): Tensor {
  return ops.div(ops.reduceSum(ops.mul(x, mask)), ops.add(ops.reduceSum(mask), 1e-8))
}

/** Mean over sequences of each sequence's masked token mean (the PRIME authors' policy-loss reduction). */
export function maskedMeanPerSequence(x: Tensor, mask: Tensor): Tensor {
  const perSequence = ops.div(ops.reduceSum(ops.mul(x, mask), [-1]), ops.add(ops.reduceSum(mask, [-1]), 1e-8)) // (B)
  return ops.reduceMean(perSequence)
}

export type TokenReduction = 'token-mean' | 'seq-mean-token-mean'

export function maskedMean(x: Tensor, mask: Tensor, reduction: TokenReduction): Tensor {
  return reduction === 'token-mean' ? maskedMeanTokens(x, mask) : maskedMeanPerSequence(x, mask)
}

/** SFT cross-entropy: mean negative log-likelihood of the target tokens where mask = 1. */
export function crossEntropy(logits: Tensor, targets: Tensor, mask: Tensor, reduction: TokenReduction = 'token-mean'): Tensor {
  return ops.neg(maskedMean(tokenLogProbs(logits, targets), mask, reduction))
}

export interface PolicyLossOutputs {
  loss: Tensor
  /** Fraction of tokens where the clipped objective was the active one (verl pg_clipfrac). */
  clipFraction: Tensor
  /** masked mean of old_logp - logp (verl ppo_kl). */
  approxKl: Tensor
}

/**
 * PPO-clip (verl compute_policy_loss): ratio = exp(logp - old), pg = max(-A ratio, -A clip(ratio, 1-eps, 1+eps)),
 * reduced by a masked mean. All inputs (B, T); only logProbs carries a gradient.
 */
export function ppoClipLoss(p: {
  logProbs: Tensor
  oldLogProbs: Tensor
  advantages: Tensor
  mask: Tensor
  clipRatio: number
  reduction?: TokenReduction
}): PolicyLossOutputs {
  const reduction = p.reduction ?? 'token-mean'
  const logRatio = ops.sub(p.logProbs, p.oldLogProbs)
  const ratio = ops.exp(logRatio)
  const unclipped = ops.neg(ops.mul(p.advantages, ratio))
  const clipped = ops.neg(ops.mul(p.advantages, ops.clip(ratio, 1 - p.clipRatio, 1 + p.clipRatio)))
  const loss = maskedMean(ops.maximum(unclipped, clipped), p.mask, reduction)
  const clipFraction = maskedMeanTokens(ops.cast(ops.greater(clipped, unclipped), p.logProbs.dtype), p.mask)
  const approxKl = maskedMeanTokens(ops.neg(logRatio), p.mask)
  return { loss, clipFraction, approxKl }
}

/** softplus(x) = log(1 + e^x), computed without overflow as relu(x) + log(1 + e^-|x|). */
export function softplus(x: Tensor): Tensor {
  return ops.add(ops.relu(x), ops.log(ops.add(ops.exp(ops.neg(ops.abs(x))), 1)))
}

export interface PrmLossOutputs {
  loss: Tensor
  /** beta * sum_t q[i,t]: the implicit outcome reward of each sequence (B). */
  sequenceRewards: Tensor
}

/**
 * PRIME's PRM loss: mean_i BCE(sigmoid(beta * sum_t q[i,t] * mask), acc_i), q = log pi_phi - log pi_ref per token.
 * Written on the logit (softplus(s) - y s) rather than as BCE of a probability as the authors' code does
 * (F.binary_cross_entropy(sigmoid(s), acc)): the same value, without log(0) when sigmoid saturates. Soft labels work.
 */
export function prmBceLoss(p: { tokenScores: Tensor; mask: Tensor; labels: Tensor; beta: number }): PrmLossOutputs {
  const sequenceRewards = ops.mul(ops.reduceSum(ops.mul(p.tokenScores, p.mask), [-1]), p.beta) // (B)
  const loss = ops.reduceMean(ops.sub(softplus(sequenceRewards), ops.mul(p.labels, sequenceRewards)))
  return { loss, sequenceRewards }
}
