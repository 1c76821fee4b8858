// The RL train steps as per-token losses over the model's log-probs (model/programs.ts PolicyLoss): the PPO-clip
// policy step and PRIME's implicit-PRM step. Their values are checked against the pure functions in ../ (policyLoss.ts,
// prmLoss.ts) by rl-programs.test.ts.
import { losses, ops } from '../../engine'
import { MODEL_IO, type PolicyLoss } from '../../model/programs'

export const RL_IO = { oldLogProbs: 'old_log_probs', advantages: 'advantages', refLogProbs: 'ref_log_probs', labels: 'labels' } as const

/**
 * PPO-clip on the policy (verl compute_policy_loss), scored at the sampling temperature. Metrics: clip fraction,
 * approximate KL (old → new) and the mean token entropy. An entropy bonus is subtracted when entropyCoef > 0, and a
 * KL penalty to the reference is added when klCoef > 0, as verl's use_kl_loss with its default "low_var_kl"
 * estimator: kl = exp(ref − logp) − (ref − logp) − 1 per token (core_algos.py kl_penalty), token-mean over the batch.
 */
export function ppoPolicyLoss(p: { clipRange: number; reduction: losses.TokenReduction; entropyCoef: number; klCoef: number }): PolicyLoss {
  return {
    name: `ppoStep:${p.clipRange}:${p.reduction}:${p.entropyCoef}:${p.klCoef}`,
    temperature: true,
    inputs: (g, s) => ({
      oldLogProbs: g.input(RL_IO.oldLogProbs, 'float32', [s.batch, s.seq]),
      advantages: g.input(RL_IO.advantages, 'float32', [s.batch, s.seq]),
      mask: g.input(MODEL_IO.mask, 'float32', [s.batch, s.seq]),
      ...(p.klCoef > 0 ? { refLogProbs: g.input(RL_IO.refLogProbs, 'float32', [s.batch, s.seq]) } : {}),
    }),
    loss: (scores, d) => {
      const mask = d.mask!
      const ppo = losses.ppoClipLoss({
        logProbs: scores.logProbs,
        oldLogProbs: d.oldLogProbs!,
        advantages: d.advantages!,
        mask,
        clipRatio: p.clipRange,
        reduction: p.reduction,
      })
      const entropy = losses.maskedMeanTokens(scores.entropy(), mask)
      let loss = p.entropyCoef > 0 ? ops.sub(ppo.loss, ops.mul(entropy, p.entropyCoef)) : ppo.loss
      const metrics: Record<string, ReturnType<typeof ops.sub>> = { pg_loss: ppo.loss, pg_clipfrac: ppo.clipFraction, ppo_kl: ppo.approxKl, entropy }
      if (p.klCoef > 0) {
        const diff = ops.sub(d.refLogProbs!, scores.logProbs) // ref − logp, (B, T)
        const kl = losses.maskedMeanTokens(ops.sub(ops.sub(ops.exp(diff), diff), 1), mask)
        loss = ops.add(loss, ops.mul(kl, p.klCoef))
        metrics.kl_loss = kl
      }
      return { loss, metrics }
    },
  }
}

/**
 * PRIME's implicit PRM step (authors' compute_ce_dpo_loss_rm): q = log πφ − log πref per response token,
 * loss = mean_i BCE(sigmoid(β Σ_t q), acc_i). Also returns the PRM's token log-probs as computed before this
 * step's update, which is exactly the "single forward" process score: one forward pass both scores and trains.
 */
export function prmLoss(beta: number): PolicyLoss {
  return {
    name: `prmStep:${beta}`,
    inputs: (g, s) => ({
      refLogProbs: g.input(RL_IO.refLogProbs, 'float32', [s.batch, s.seq]),
      mask: g.input(MODEL_IO.mask, 'float32', [s.batch, s.seq]),
      labels: g.input(RL_IO.labels, 'float32', [s.batch]),
    }),
    loss: (scores, d) => {
      const q = ops.sub(scores.logProbs, d.refLogProbs!) // (B, T)
      const out = losses.prmBceLoss({ tokenScores: q, mask: d.mask!, labels: d.labels!, beta })
      return { loss: out.loss, metrics: { token_log_probs: scores.logProbs } }
    },
  }
}
