// The model on the host: its config and parameter layout, and its programs compiled through the engine's Runtime
// (one cached session per program, config and batch shape). Parameters stay outside, as a flat Float32Array
// (or a TrainState's buffers), so a policy, a reference model and a PRM can share one LanguageModel.
import {
  type AdamWHyper,
  type CompiledProgram,
  type ParamLayout,
  Rng,
  type Runtime,
  type TrainState,
  type TrainStepResult,
  hostTensor,
  scalarTensor,
} from '../engine'
import type { ModelConfig } from './config'
import {
  type BatchShape,
  MODEL_IO,
  type PolicyLoss,
  SFT_LOSS,
  WEIGHTED_TOKEN_LOSS,
  buildLogProbsGraph,
  buildPolicyStepGraph,
  modelLayout,
} from './programs'
import type { TokenBatch } from './token-batch'

export interface TokenScoresResult {
  /** (B, T) row-major, aligned with the batch's targets. */
  logProbs: Float32Array
  entropy: Float32Array
}

/** A short stable key for a config (programs are cached per config). */
export function configKey(c: ModelConfig): string {
  return [c.vocabSize, c.dModel, c.nLayers, c.nHeads, c.nKvHeads, c.ffnDim, +c.tieEmbeddings, +c.attentionBias, c.ropeTheta, c.rmsNormEps, c.maxPositions].join('-')
}

const shapeClass = (s: BatchShape) => `B${s.batch}xT${s.seq}`
/** The shape alone: a program's build closure is kept to reopen it, and must not keep a caller's batch alive. */
const shapeOf = (s: BatchShape): BatchShape => ({ batch: s.batch, seq: s.seq })

export class LanguageModel {
  readonly layout: ParamLayout

  constructor(
    readonly config: ModelConfig,
    readonly runtime: Runtime,
  ) {
    this.layout = modelLayout(config)
  }

  /** Fresh parameters from a seed (normal(0, 0.02), scaled residual projections, norms at 1). */
  initParams(seed: number): Float32Array {
    return this.layout.initialise(new Rng(seed))
  }

  private checkParams(params: Float32Array): void {
    if (params.length !== this.layout.size) throw new Error(`the model has ${this.layout.size} parameters, got a buffer of ${params.length}`)
  }

  logProbsProgram(s: BatchShape): Promise<CompiledProgram> {
    const shape = shapeOf(s)
    return this.runtime.program(`logprobs:${configKey(this.config)}`, shapeClass(shape), () => buildLogProbsGraph(this.config, shape))
  }

  /** Per-token log-probs and entropy of the batch's targets under softmax(logits / temperature). */
  async logProbs(params: Float32Array, batch: TokenBatch, temperature = 1): Promise<TokenScoresResult> {
    this.checkParams(params)
    if (!(temperature > 0)) throw new Error(`logProbs: temperature must be positive, got ${temperature}`)
    const program = await this.logProbsProgram(batch)
    const dims = [batch.batch, batch.seq]
    const out = await program.run({
      [MODEL_IO.params]: hostTensor(params, [params.length]),
      [MODEL_IO.tokens]: hostTensor(batch.tokens, dims),
      [MODEL_IO.targets]: hostTensor(batch.targets, dims),
      [MODEL_IO.temperature]: scalarTensor(temperature),
    })
    return { logProbs: out[MODEL_IO.logProbs]!.data as Float32Array, entropy: out[MODEL_IO.entropy]!.data as Float32Array }
  }

  /** A train-step program for `loss` (cached per loss name, config, optimizer settings and shape). */
  trainProgram(loss: PolicyLoss, s: BatchShape, hyper: AdamWHyper, stepsPerRun = 1): Promise<CompiledProgram> {
    const key = `${loss.name}:${configKey(this.config)}:${Object.values(hyper).join('-')}:k${stepsPerRun}`
    const shape = shapeOf(s)
    return this.runtime.program(key, shapeClass(shape), () => buildPolicyStepGraph(this.config, shape, hyper, loss, stepsPerRun))
  }

  /** One SFT step on the batch's response tokens (mean NLL where mask = 1). */
  async sftStep(state: TrainState, batch: TokenBatch, lr: number): Promise<TrainStepResult> {
    this.checkParams(state.params)
    const program = await this.trainProgram(SFT_LOSS, batch, state.hyper)
    const dims = [batch.batch, batch.seq]
    return state.run(program, lr, {
      [MODEL_IO.tokens]: hostTensor(batch.tokens, dims),
      [MODEL_IO.targets]: hostTensor(batch.targets, dims),
      [MODEL_IO.mask]: hostTensor(batch.mask, dims),
    })
  }

  /** One step on loss = -sum(weights * log p(target) at `temperature`), weights (B, T) from the caller. */
  async weightedTokenLossStep(state: TrainState, batch: TokenBatch, weights: Float32Array, lr: number, temperature = 1): Promise<TrainStepResult> {
    this.checkParams(state.params)
    if (weights.length !== batch.batch * batch.seq) throw new Error(`weightedTokenLossStep: ${weights.length} weights for a ${batch.batch} x ${batch.seq} batch`)
    const program = await this.trainProgram(WEIGHTED_TOKEN_LOSS, batch, state.hyper)
    const dims = [batch.batch, batch.seq]
    return state.run(program, lr, {
      [MODEL_IO.tokens]: hostTensor(batch.tokens, dims),
      [MODEL_IO.targets]: hostTensor(batch.targets, dims),
      [MODEL_IO.weights]: hostTensor(weights, dims),
      [MODEL_IO.temperature]: scalarTensor(temperature),
    })
  }
}
