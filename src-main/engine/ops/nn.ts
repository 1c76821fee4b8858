// Softmax and LogSoftmax as native ORT kernels (one fused, numerically stable node each). Their gradients are
// hand-written rather than composed because the composed form (exp / sum) would reintroduce the overflow the
// fused kernels avoid. And ORT's fused RMSNorm for inference programs (forward only).
import { type Tensor, attr, intAttr } from '../graph/graph'
import { apply1, sameAsInput, spec } from './apply'
import { exp, mul, sub } from './elementwise'
import { reduceSum } from './reduce'

/** dx = y * (g - sum(g * y)) along the softmax axis. */
export const Softmax = spec('Softmax', sameAsInput, ({ O: [y], GO: [g], attrs }) => {
  const axis = intAttr(attrs, 'axis', -1)
  return [mul(y!, sub(g!, reduceSum(mul(g!, y!), [axis], true)))]
})

/** dx = g - softmax(x) * sum(g), with softmax(x) = exp(log_softmax(x)). */
export const LogSoftmax = spec('LogSoftmax', sameAsInput, ({ O: [y], GO: [g], attrs }) => {
  const axis = intAttr(attrs, 'axis', -1)
  return [sub(g!, mul(exp(y!), reduceSum(g!, [axis], true)))]
})

/**
 * RMSNorm in one kernel: x / sqrt(mean(x^2, last axis) + epsilon) * scale. ORT registers it in the default domain
 * (it is not standard ONNX). No gradient rule: training differentiates nn.rmsNorm, built from primitives; the
 * generation programs, which run a few small nodes per token, use this one.
 */
export const SimplifiedLayerNormalization = spec('SimplifiedLayerNormalization', sameAsInput)

export const NN_OPS = [Softmax, LogSoftmax, SimplifiedLayerNormalization]

export const softmax = (x: Tensor, axis = -1) => apply1(Softmax, [x], { axis: attr.int(axis) })
export const logSoftmax = (x: Tensor, axis = -1) => apply1(LogSoftmax, [x], { axis: attr.int(axis) })
export const fusedRmsNorm = (x: Tensor, scale: Tensor, epsilon: number) =>
  apply1(SimplifiedLayerNormalization, [x, scale], { axis: attr.int(-1), epsilon: attr.float(epsilon), stash_type: attr.int(1) })
