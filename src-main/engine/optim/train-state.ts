// Host side of a train-step program: owns the three flat buffers and the step count, computes the bias
// corrections, feeds one run() and takes the updated buffers back (ORT copies outputs into fresh arrays).
import type { CompiledProgram } from '../runtime/runtime'
import { type Feeds, hostTensor } from '../runtime/tensors'
import type { AdamWHyper } from './adamw'
import { TRAIN_STEP_IO, metricOutputName } from './train-step'

export interface TrainStepResult {
  /** One entry per optimizer step taken by this run. */
  losses: number[]
  gradNorms: number[]
  metrics: Record<string, number[]>
}

export class TrainState {
  m: Float32Array
  v: Float32Array
  /** Optimizer steps taken so far (AdamW's t). */
  step = 0

  constructor(
    public params: Float32Array,
    readonly hyper: AdamWHyper,
    readonly stepsPerRun = 1,
  ) {
    this.m = new Float32Array(params.length)
    this.v = new Float32Array(params.length)
  }

  /**
   * Runs `program` (built by buildTrainStepGraph with the same stepsPerRun) for stepsPerRun steps.
   * `lr` is one learning rate per step (or one for all); `data` holds the program's data inputs.
   */
  async run(program: CompiledProgram, lr: number | number[], data: Feeds, metricNames: string[] = []): Promise<TrainStepResult> {
    const K = this.stepsPerRun
    const lrs = typeof lr === 'number' ? Array<number>(K).fill(lr) : lr
    if (lrs.length !== K) throw new Error(`TrainState.run: ${lrs.length} learning rates for ${K} steps`)
    const t = Array.from({ length: K }, (_, i) => this.step + 1 + i)
    const schedule = (values: number[]) => hostTensor(Float32Array.from(values), K === 1 ? [] : [K])
    const P = this.params.length
    const out = await program.run({
      ...data,
      [TRAIN_STEP_IO.params]: hostTensor(this.params, [P]),
      [TRAIN_STEP_IO.m]: hostTensor(this.m, [P]),
      [TRAIN_STEP_IO.v]: hostTensor(this.v, [P]),
      [TRAIN_STEP_IO.lr]: schedule(lrs),
      [TRAIN_STEP_IO.biasCorrection1]: schedule(t.map((s) => 1 - this.hyper.beta1 ** s)),
      [TRAIN_STEP_IO.biasCorrection2]: schedule(t.map((s) => 1 - this.hyper.beta2 ** s)),
    })
    this.params = out[TRAIN_STEP_IO.paramsOut]!.data as Float32Array
    this.m = out[TRAIN_STEP_IO.mOut]!.data as Float32Array
    this.v = out[TRAIN_STEP_IO.vOut]!.data as Float32Array
    this.step += K
    const list = (name: string) => Array.from(out[name]!.data as Float32Array)
    return {
      losses: list(TRAIN_STEP_IO.loss),
      gradNorms: list(TRAIN_STEP_IO.gradNorm),
      metrics: Object.fromEntries(metricNames.map((n) => [n, list(metricOutputName(n))])),
    }
  }
}
