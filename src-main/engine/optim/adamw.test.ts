// The AdamW train-step program (clip + bias correction + decoupled decay on matrices only) against a plain
// TypeScript AdamW over several steps, on least squares whose gradient is written out by hand below.
import { describe, expect, it } from 'vitest'
import * as ops from '../ops'
import { Rng } from '../runtime/random'
import { openGraph } from '../runtime/runtime'
import { hostTensor } from '../runtime/tensors'
import { type AdamWHyper } from './adamw'
import { ParamLayout } from './param-layout'
import { buildTrainStepGraph } from './train-step'
import { TrainState } from './train-state'

/** torch.optim.AdamW's update, with clip_grad_norm_ before it. Returns the pre-clip gradient norm. */
function referenceAdamW(
  s: { p: Float64Array; m: Float64Array; v: Float64Array; t: number },
  grad: Float64Array,
  lr: number,
  h: AdamWHyper,
  decay: ArrayLike<number>,
): number {
  const norm = Math.sqrt(grad.reduce((a, g) => a + g * g, 0))
  const coef = Math.min(1, h.maxGradNorm / (norm + 1e-6))
  s.t++
  for (let i = 0; i < grad.length; i++) {
    const g = grad[i]! * coef
    s.m[i] = h.beta1 * s.m[i]! + (1 - h.beta1) * g
    s.v[i] = h.beta2 * s.v[i]! + (1 - h.beta2) * g * g
    s.p[i] = s.p[i]! * (1 - lr * h.weightDecay * decay[i]!)
    s.p[i] = s.p[i]! - ((lr / (1 - h.beta1 ** s.t)) * s.m[i]!) / (Math.sqrt(s.v[i]! / (1 - h.beta2 ** s.t)) + h.eps)
  }
  return norm
}

const [N, IN, OUT] = [5, 3, 2]
const layout = new ParamLayout([
  { name: 'w', shape: [IN, OUT], init: { kind: 'normal', std: 0.5 } },
  { name: 'b', shape: [OUT], init: { kind: 'normal', std: 0.5 } },
])
const hyper: AdamWHyper = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, maxGradNorm: 0.5 }

/** loss = mean((x W + b - y)^2); dW = 2/(N*OUT) x^T r, db = 2/(N*OUT) sum_rows r. */
function referenceGrad(p: Float64Array, x: Float32Array, y: Float32Array): Float64Array {
  const g = new Float64Array(layout.size)
  const b = layout.entry('b').offset
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < OUT; o++) {
      let pred = p[b + o]!
      for (let i = 0; i < IN; i++) pred += x[n * IN + i]! * p[i * OUT + o]!
      const r = (2 * (pred - y[n * OUT + o]!)) / (N * OUT)
      for (let i = 0; i < IN; i++) g[i * OUT + o]! += x[n * IN + i]! * r
      g[b + o]! += r
    }
  }
  return g
}

function buildProgram(stepsPerRun: number) {
  return buildTrainStepGraph({
    name: `lsq_${stepsPerRun}`,
    layout,
    hyper,
    stepsPerRun,
    data: (g) => ({ x: g.input('x', 'float32', [N, IN]), y: g.input('y', 'float32', [N, OUT]) }),
    loss: (p, d) => {
      const r = ops.sub(ops.add(ops.matmul(d.x!, p.w!), p.b!), d.y!)
      return { loss: ops.reduceMean(ops.mul(r, r)) }
    },
  })
}

describe('AdamW train step', () => {
  const rng = new Rng(7)
  const x = rng.fillNormal(new Float32Array(N * IN))
  const y = rng.fillNormal(new Float32Array(N * OUT))
  const initial = layout.initialise(new Rng(3))
  const lrs = [0.05, 0.04, 0.03, 0.02, 0.01, 0.01]

  it('decays matrices only', () => {
    expect(Array.from(layout.decayMask())).toEqual([1, 1, 1, 1, 1, 1, 0, 0])
  })

  it('matches a plain TypeScript AdamW with clipping over several steps', async () => {
    const program = await openGraph(buildProgram(1))
    const state = new TrainState(initial.slice(), hyper)
    const ref = { p: Float64Array.from(initial), m: new Float64Array(layout.size), v: new Float64Array(layout.size), t: 0 }
    const decay = layout.decayMask()
    let clipped = 0
    for (const lr of lrs) {
      const refNorm = referenceAdamW(ref, referenceGrad(ref.p, x, y), lr, hyper, decay)
      if (refNorm > hyper.maxGradNorm) clipped++
      const { gradNorms } = await state.run(program, lr, { x: hostTensor(x, [N, IN]), y: hostTensor(y, [N, OUT]) })
      expect(gradNorms[0]).toBeCloseTo(refNorm, 4)
      for (let i = 0; i < layout.size; i++) {
        expect(state.params[i]).toBeCloseTo(ref.p[i]!, 5)
        expect(state.m[i]).toBeCloseTo(ref.m[i]!, 6)
        expect(state.v[i]).toBeCloseTo(ref.v[i]!, 7)
      }
    }
    expect(clipped).toBeGreaterThan(0) // the clipping branch was exercised
    expect(state.step).toBe(lrs.length)
  })

  it('runs several steps per run() with an ONNX Loop, equal to single steps', async () => {
    const single = await openGraph(buildProgram(1))
    const looped = await openGraph(buildProgram(3))
    const a = new TrainState(initial.slice(), hyper)
    const b = new TrainState(initial.slice(), hyper, 3)
    const feeds = { x: hostTensor(x, [N, IN]), y: hostTensor(y, [N, OUT]) }
    const lossesA: number[] = []
    for (const lr of lrs) lossesA.push(...(await a.run(single, lr, feeds)).losses)
    const stack = (d: Float32Array, k: number) => Float32Array.from({ length: d.length * k }, (_, i) => d[i % d.length]!)
    const stacked = { x: hostTensor(stack(x, 3), [3, N, IN]), y: hostTensor(stack(y, 3), [3, N, OUT]) }
    const lossesB = [...(await b.run(looped, lrs.slice(0, 3), stacked)).losses, ...(await b.run(looped, lrs.slice(3), stacked)).losses]
    expect(lossesB.length).toBe(6)
    lossesB.forEach((l, i) => expect(l).toBeCloseTo(lossesA[i]!, 5))
    for (let i = 0; i < layout.size; i++) expect(b.params[i]).toBeCloseTo(a.params[i]!, 5)
    expect(lossesA[5]!).toBeLessThan(lossesA[0]!)
  })
})
