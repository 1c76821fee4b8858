// The forward-only ops the generation programs use, run in ORT against plain TypeScript: ArgMax and TopK (ties go
// to the lower index, as the host sampler's order does), FusedMatMul (a @ b^T with broadcast batch axes) and the
// fused RMSNorm (the same function as nn.rmsNorm). None has a gradient rule: backward through them fails by name.
import { afterAll, describe, expect, it } from 'vitest'
import { gradients } from '../autodiff/backward'
import { Graph } from '../graph/graph'
import { rmsNorm } from '../nn/layers'
import { Rng } from '../runtime/random'
import { type CompiledProgram, openGraph } from '../runtime/runtime'
import { hostTensor } from '../runtime/tensors'
import * as ops from '.'

const opened: CompiledProgram[] = []
afterAll(async () => Promise.all(opened.map((p) => p.release())))
async function run(g: Graph, feeds: Record<string, ReturnType<typeof hostTensor>>) {
  const program = await openGraph(g)
  opened.push(program)
  return program.run(feeds)
}

describe('forward-only inference ops', () => {
  it('ArgMax and TopK pick the first of equal values', async () => {
    const g = new Graph('select')
    const x = g.input('x', 'float64', [2, 5])
    g.output(ops.argMax(x, 1), 'first')
    const top = ops.topK(x, 5, 1)
    g.output(top.values, 'values')
    g.output(top.indices, 'indices')
    const out = await run(g, { x: hostTensor(Float64Array.from([1, 3, 2, 3, 0, -1, -1, -2, 4, -1]), [2, 5]) })
    expect(Array.from(out.first!.data as BigInt64Array, Number)).toEqual([1, 3])
    expect(Array.from(out.indices!.data as BigInt64Array, Number)).toEqual([1, 3, 2, 0, 4, 3, 0, 1, 4, 2])
    expect(Array.from(out.values!.data as Float64Array)).toEqual([3, 3, 2, 1, 0, 4, -1, -1, -1, -2])
  })

  it('FusedMatMul computes a @ b^T, broadcasting batch axes', async () => {
    const rng = new Rng(3)
    const [a, b] = [rng.fillNormal(new Float32Array(2 * 3 * 4)), rng.fillNormal(new Float32Array(5 * 4))]
    const g = new Graph('nt')
    g.output(ops.matmulTransposedB(g.input('a', 'float32', [2, 3, 4]), g.input('b', 'float32', [1, 5, 4])), 'y')
    const out = await run(g, { a: hostTensor(a, [2, 3, 4]), b: hostTensor(b, [1, 5, 4]) })
    expect(out.y!.dims).toEqual([2, 3, 5])
    const y = out.y!.data as Float32Array
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 5; j++) {
        let dot = 0
        for (let k = 0; k < 4; k++) dot += a[i * 4 + k]! * b[j * 4 + k]!
        expect(y[i * 5 + j]).toBeCloseTo(dot, 5)
      }
    }
  })

  it('the fused RMSNorm equals nn.rmsNorm', async () => {
    const rng = new Rng(4)
    const [x, w] = [rng.fillNormal(new Float32Array(3 * 8)), rng.fillNormal(new Float32Array(8))]
    const g = new Graph('norm')
    const xIn = g.input('x', 'float32', [3, 8])
    const wIn = g.input('w', 'float32', [8])
    g.output(ops.fusedRmsNorm(xIn, wIn, 1e-5), 'fused')
    g.output(rmsNorm(xIn, wIn, 1e-5), 'composed')
    const out = await run(g, { x: hostTensor(x, [3, 8]), w: hostTensor(w, [8]) })
    const fused = out.fused!.data as Float32Array
    ;(out.composed!.data as Float32Array).forEach((v, i) => expect(fused[i]).toBeCloseTo(v, 5))
  })

  it('has no gradient rule, and backward says which op', () => {
    const g = new Graph('nograd')
    const x = g.input('x', 'float32', [2, 4])
    const loss = ops.reduceSum(ops.fusedRmsNorm(x, g.constant(new Float32Array(4).fill(1), [4]), 1e-5))
    expect(() => gradients(loss, [x])).toThrow(/SimplifiedLayerNormalization/)
  })
})
