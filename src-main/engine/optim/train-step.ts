// A train-step program: loss -> backward -> global grad-norm clip -> AdamW, with parameters and both moments as
// three flat buffers in and out, and the learning rate and bias corrections as inputs. With stepsPerRun > 1 an
// ONNX Loop runs several steps inside one run() on stacked data (one host<->device round trip for K steps).
import { Graph, type Tensor } from '../graph/graph'
import { gradients } from '../autodiff/backward'
import * as ops from '../ops'
import { type AdamWHyper, adamwUpdate, clipByGlobalNorm } from './adamw'
import type { ParamLayout } from './param-layout'

export interface LossResult {
  loss: Tensor
  /** Extra outputs, e.g. clip fraction or accuracy, returned beside the loss. */
  metrics?: Record<string, Tensor>
}

export interface TrainStepSpec {
  name: string
  layout: ParamLayout
  hyper: AdamWHyper
  /** Declares the data inputs of one step (their shapes exclude the step axis) and returns them by name. */
  data: (graph: Graph) => Record<string, Tensor>
  loss: (params: Record<string, Tensor>, data: Record<string, Tensor>) => LossResult
  /** Optimizer steps per run(); > 1 stacks every data input along a new leading axis of this size. */
  stepsPerRun?: number
}

export const TRAIN_STEP_IO = {
  params: 'params',
  m: 'adam_m',
  v: 'adam_v',
  lr: 'lr',
  biasCorrection1: 'bias_correction1',
  biasCorrection2: 'bias_correction2',
  paramsOut: 'params_out',
  mOut: 'adam_m_out',
  vOut: 'adam_v_out',
  loss: 'loss',
  gradNorm: 'grad_norm',
} as const

export const metricOutputName = (name: string) => `metric_${name}`

interface StepTensors {
  params: Tensor
  m: Tensor
  v: Tensor
  loss: Tensor
  gradNorm: Tensor
  metrics: Record<string, Tensor>
}

function oneStep(
  spec: TrainStepSpec,
  state: { params: Tensor; m: Tensor; v: Tensor; lr: Tensor; bc1: Tensor; bc2: Tensor; decayMask?: Tensor },
  data: Record<string, Tensor>,
): StepTensors {
  const { loss, metrics = {} } = spec.loss(spec.layout.views(state.params), data)
  const [rawGrad] = gradients(loss, [state.params])
  const { grad, norm } = clipByGlobalNorm(rawGrad!, spec.hyper.maxGradNorm)
  const next = adamwUpdate(
    { params: state.params, grad, m: state.m, v: state.v, lr: state.lr, biasCorrection1: state.bc1, biasCorrection2: state.bc2, ...(state.decayMask ? { decayMask: state.decayMask } : {}) },
    spec.hyper,
  )
  return { ...next, loss, gradNorm: norm, metrics }
}

export function buildTrainStepGraph(spec: TrainStepSpec): Graph {
  const K = spec.stepsPerRun ?? 1
  const g = new Graph(spec.name)
  const P = spec.layout.size
  const params = g.input(TRAIN_STEP_IO.params, 'float32', [P])
  const m = g.input(TRAIN_STEP_IO.m, 'float32', [P])
  const v = g.input(TRAIN_STEP_IO.v, 'float32', [P])
  const scheduleShape = K === 1 ? [] : [K]
  const lr = g.input(TRAIN_STEP_IO.lr, 'float32', scheduleShape)
  const bc1 = g.input(TRAIN_STEP_IO.biasCorrection1, 'float32', scheduleShape)
  const bc2 = g.input(TRAIN_STEP_IO.biasCorrection2, 'float32', scheduleShape)
  const decayMask = spec.hyper.weightDecay !== 0 ? g.constant(spec.layout.decayMask(), [P], 'decay_mask') : undefined

  if (K === 1) {
    const out = oneStep(spec, { params, m, v, lr, bc1, bc2, ...(decayMask ? { decayMask } : {}) }, spec.data(g))
    emit(g, out)
    return g
  }

  // Declare per-step data on a scratch graph to learn names and shapes, then declare the stacked inputs.
  const perStep = spec.data(new Graph('shapes'))
  const stacked = Object.fromEntries(Object.entries(perStep).map(([name, t]) => [name, g.input(name, t.dtype, [K, ...t.shape])]))
  let metricNames: string[] = []
  const result = ops.loop(K, [params, m, v], ({ iteration, carried: [p, mm, vv] }) => {
    const at = (t: Tensor) => ops.gather(t, iteration, 0)
    const data = Object.fromEntries(Object.entries(stacked).map(([name, t]) => [name, at(t)]))
    const out = oneStep(spec, { params: p!, m: mm!, v: vv!, lr: at(lr), bc1: at(bc1), bc2: at(bc2), ...(decayMask ? { decayMask } : {}) }, data)
    metricNames = Object.keys(out.metrics)
    return { carried: [out.params, out.m, out.v], scans: [out.loss, out.gradNorm, ...metricNames.map((n) => out.metrics[n]!)] }
  })
  const [pOut, mOut, vOut] = result.carried
  const [lossK, normK, ...metricK] = result.scans
  emit(g, {
    params: pOut!,
    m: mOut!,
    v: vOut!,
    loss: lossK!,
    gradNorm: normK!,
    metrics: Object.fromEntries(metricNames.map((n, i) => [n, metricK[i]!])),
  })
  return g
}

function emit(g: Graph, out: StepTensors): void {
  g.output(out.params, TRAIN_STEP_IO.paramsOut)
  g.output(out.m, TRAIN_STEP_IO.mOut)
  g.output(out.v, TRAIN_STEP_IO.vOut)
  g.output(out.loss, TRAIN_STEP_IO.loss)
  g.output(out.gradNorm, TRAIN_STEP_IO.gradNorm)
  for (const [name, t] of Object.entries(out.metrics)) g.output(t, metricOutputName(name))
}
