// The programs built from the model for scoring and training: `logprobs` (per-token log-probs and entropy of given
// tokens, at a temperature), and train steps whose loss is a function of those log-probs — `sftStep`, a generic
// `weightedTokenLossStep`, and `buildPolicyStepGraph` for any other per-token loss (the RL code passes its own,
// e.g. the engine's ppoClipLoss). Each program takes the flat parameters as one input (engine convention).
//
// Data layout (token-batch.ts builds it): tokens (B, T) are the model's inputs at positions 0..T-1, targets (B, T)
// the tokens that follow them; log_probs[b, t] = log p(targets[b, t] | tokens[b, <=t]).
import {
  type AdamWHyper,
  type Feeds,
  Graph,
  type LossResult,
  ParamLayout,
  type Tensor,
  buildTrainStepGraph,
  hostTensor,
  losses,
  ops,
} from '../engine'
import type { ModelConfig } from './config'
import { type ModelParams, forward, modelParamSpecs } from './transformer'

export interface BatchShape {
  batch: number
  seq: number
}

export const MODEL_IO = {
  params: 'params',
  tokens: 'tokens',
  targets: 'targets',
  temperature: 'temperature',
  logProbs: 'log_probs',
  entropy: 'entropy',
  mask: 'mask',
  weights: 'weights',
} as const

export function modelLayout(c: ModelConfig): ParamLayout {
  return new ParamLayout(modelParamSpecs(c))
}

/** Input name of one parameter in programs that take them one by one. */
export const paramInputName = (name: string) => `param.${name}`

/**
 * One graph input per parameter, for inference programs run many times on the same weights (decoding): each is fed
 * as a zero-copy view of the flat buffer, where a flat input would be split (copied, 13 MB for S) on every call.
 */
export function paramInputs(g: Graph, layout: ParamLayout): ModelParams {
  return Object.fromEntries(layout.entries.map((e) => [e.name, g.input(paramInputName(e.name), 'float32', e.shape)]))
}

/** Feeds for paramInputs: views into `params` (no copy). */
export function paramFeeds(layout: ParamLayout, params: Float32Array): Feeds {
  if (params.length !== layout.size) throw new Error(`the model has ${layout.size} parameters, got a buffer of ${params.length}`)
  return Object.fromEntries(layout.entries.map((e) => [paramInputName(e.name), hostTensor(params.subarray(e.offset, e.offset + e.size), e.shape)]))
}

/** What a per-token loss sees: log-probs (B, T) of the targets, their entropy on demand, and its own inputs. */
export interface TokenScores {
  logProbs: Tensor
  /** Entropy of each position's distribution (B, T); built only when a loss asks for it. */
  entropy: () => Tensor
}

/**
 * Log-probs of the targets under softmax(logits / temperature), and the entropy of that distribution, sharing one
 * LogSoftmax. verl divides the logits by the rollout temperature the same way before scoring (dp_actor.py).
 */
export function tokenScores(c: ModelConfig, p: ModelParams, tokens: Tensor, targets: Tensor, temperature?: Tensor): TokenScores {
  const logits = forward(c, p, tokens) // (B, T, V)
  const logp = ops.logSoftmax(temperature ? ops.div(logits, temperature) : logits, -1) // (B, T, V)
  const logProbs = ops.squeeze(ops.gatherElements(logp, ops.unsqueeze(targets, [-1]), -1), [-1]) // (B, T)
  let entropy: Tensor | undefined
  return { logProbs, entropy: () => (entropy ??= ops.neg(ops.reduceSum(ops.mul(ops.exp(logp), logp), [-1]))) } // (B, T)
}

function tokenInputs(g: Graph, s: BatchShape) {
  return {
    tokens: g.input(MODEL_IO.tokens, 'int64', [s.batch, s.seq]),
    targets: g.input(MODEL_IO.targets, 'int64', [s.batch, s.seq]),
  }
}

/** `logprobs`: params [P], tokens and targets (B, T), temperature [] -> log_probs (B, T), entropy (B, T). */
export function buildLogProbsGraph(c: ModelConfig, s: BatchShape): Graph {
  const g = new Graph('logprobs')
  const params = modelLayout(c).views(modelLayout(c).input(g, MODEL_IO.params))
  const { tokens, targets } = tokenInputs(g, s)
  const temperature = g.input(MODEL_IO.temperature, 'float32', [])
  const scores = tokenScores(c, params, tokens, targets, temperature)
  g.output(scores.logProbs, MODEL_IO.logProbs)
  g.output(scores.entropy(), MODEL_IO.entropy)
  return g
}

/** A per-token loss over the model's log-probs, with the extra inputs it needs. */
export interface PolicyLoss {
  /** Program name (also the runtime's cache key). */
  name: string
  /** Score at a temperature fed as the scalar input `temperature` (RL scores rollouts at their sampling temperature). */
  temperature?: boolean
  /** Declares the loss's own inputs beside tokens/targets (shapes without the steps-per-run axis). */
  inputs: (g: Graph, s: BatchShape) => Record<string, Tensor>
  loss: (scores: TokenScores, inputs: Record<string, Tensor>) => LossResult
}

/** A train step (forward, backward, clip, AdamW; engine I/O conventions) whose loss is `spec` over the log-probs. */
export function buildPolicyStepGraph(c: ModelConfig, s: BatchShape, hyper: AdamWHyper, spec: PolicyLoss, stepsPerRun = 1): Graph {
  return buildTrainStepGraph({
    name: spec.name,
    layout: modelLayout(c),
    hyper,
    stepsPerRun,
    data: (g) => ({
      ...tokenInputs(g, s),
      ...(spec.temperature ? { temperature: g.input(MODEL_IO.temperature, 'float32', []) } : {}),
      ...spec.inputs(g, s),
    }),
    loss: (p, d) => spec.loss(tokenScores(c, p, d.tokens!, d.targets!, d.temperature), d),
  })
}

/** SFT: mean negative log-likelihood of the tokens where mask (B, T) is 1 (verl's token-mean). */
export const SFT_LOSS: PolicyLoss = {
  name: 'sftStep',
  inputs: (g, s) => ({ mask: g.input(MODEL_IO.mask, 'float32', [s.batch, s.seq]) }),
  loss: (scores, d) => ({ loss: ops.neg(losses.maskedMeanTokens(scores.logProbs, d.mask!)) }),
}

/**
 * loss = -sum(weights * log p) with per-token weights (B, T) chosen by the caller: mask / count gives SFT,
 * advantage * mask / count gives REINFORCE. The weights are data, so no gradient flows into them.
 */
export const WEIGHTED_TOKEN_LOSS: PolicyLoss = {
  name: 'weightedTokenLossStep',
  temperature: true,
  inputs: (g, s) => ({ weights: g.input(MODEL_IO.weights, 'float32', [s.batch, s.seq]) }),
  loss: (scores, d) => ({ loss: ops.neg(ops.reduceSum(ops.mul(scores.logProbs, d.weights!))) }),
}
