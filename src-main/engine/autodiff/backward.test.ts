// Edge cases of the autodiff engine itself: unused inputs, broadcasting, repeated use, and loud failures.
import { describe, expect, it } from 'vitest'
import { Graph, type Tensor } from '../graph/graph'
import type { OpSpec } from '../graph/op-spec'
import * as ops from '../ops'
import { Neg } from '../ops/elementwise'
import { lookupOp } from '../ops/registry'
import { openGraph } from '../runtime/runtime'
import { hostTensor } from '../runtime/tensors'
import { gradients } from './backward'
import { gradCheck } from './gradcheck'

async function evaluate(g: Graph, feeds: Record<string, Float64Array>, shapes: Record<string, number[]>) {
  const program = await openGraph(g, { graphOptimizationLevel: 'basic' })
  const out = await program.run(Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, hostTensor(v, shapes[k]!)])))
  await program.release()
  return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, Array.from(t.data as Float64Array)]))
}

describe('backward', () => {
  it('gives an unused input a zero gradient of its shape', async () => {
    const g = new Graph('unused')
    const x = g.input('x', 'float64', [2, 2])
    const unused = g.input('unused', 'float64', [3])
    const [gx, gu] = gradients(ops.reduceSum(ops.mul(x, x)), [x, unused])
    expect(gu!.shape).toEqual([3])
    g.output(gx!, 'gx')
    g.output(gu!, 'gu')
    const out = await evaluate(g, { x: new Float64Array([1, 2, 3, 4]), unused: new Float64Array([5, 6, 7]) }, { x: [2, 2], unused: [3] })
    expect(out.gx).toEqual([2, 4, 6, 8])
    expect(out.gu).toEqual([0, 0, 0])
  })

  it('reduces broadcast gradients to the input shape', async () => {
    const g = new Graph('broadcast')
    const x = g.input('x', 'float64', [2, 3])
    const bias = g.input('bias', 'float64', [3])
    const scale = g.input('scale', 'float64', [2, 1])
    const [gb, gs] = gradients(ops.reduceSum(ops.mul(ops.add(x, bias), scale)), [bias, scale])
    expect([gb!.shape, gs!.shape]).toEqual([[3], [2, 1]])
    g.output(gb!, 'gb')
    g.output(gs!, 'gs')
    const out = await evaluate(
      g,
      { x: new Float64Array([1, 2, 3, 4, 5, 6]), bias: new Float64Array([1, 1, 1]), scale: new Float64Array([2, 3]) },
      { x: [2, 3], bias: [3], scale: [2, 1] },
    )
    expect(out.gb).toEqual([5, 5, 5]) // sum over rows of scale
    expect(out.gs).toEqual([1 + 2 + 3 + 3, 4 + 5 + 6 + 3]) // row sums of x + bias
  })

  it('sums the gradients of a tensor used several times', async () => {
    const g = new Graph('reuse')
    const x = g.input('x', 'float64', [3])
    // f = sum(x * x + x + exp(x)) -> df/dx = 2x + 1 + exp(x)
    const [gx] = gradients(ops.reduceSum(ops.add(ops.add(ops.mul(x, x), x), ops.exp(x))), [x])
    g.output(gx!, 'gx')
    const out = await evaluate(g, { x: new Float64Array([0, 1, -2]) }, { x: [3] })
    ;[0, 1, -2].forEach((v, i) => expect(out.gx![i]).toBeCloseTo(2 * v + 1 + Math.exp(v), 12))
  })

  it('checks a reused tensor numerically through two different paths', async () => {
    const r = await gradCheck({
      name: 'reuse',
      inputs: [{ shape: [2, 3] }],
      build: ([x]) => ops.mul(ops.softmax(x!, -1), ops.tanh(x!)),
    })
    expect(r.failures).toEqual([])
  })

  it('refuses a non-scalar loss, naming the op that produced it', () => {
    const g = new Graph('nonscalar')
    const x = g.input('x', 'float64', [2, 3])
    expect(() => gradients(ops.exp(x), [x])).toThrow(/scalar loss.*Exp.*\[2, 3\]/)
  })

  it('fails loudly, naming the op, when the path crosses an op without a rule', () => {
    const g = new Graph('loop')
    const x = g.input('x', 'float32', [2])
    const { carried } = ops.loop(2, [x], ({ carried: [v] }) => ({ carried: [ops.mul(v!, 2)] }))
    expect(() => gradients(ops.reduceSum(carried[0]!), [x])).toThrow(/Loop \(node Loop_\d+\) has no gradient rule/)
  })

  describe('catches broken rules', () => {
    const withNegRule = (grad: OpSpec['grad']) => (domain: string, opType: string) =>
      opType === 'Neg' ? { ...Neg, grad } : lookupOp(domain, opType)
    const lossOf = () => {
      const g = new Graph('broken')
      const x = g.input('x', 'float32', [2, 3])
      return { x, loss: ops.reduceSum(ops.neg(x)) }
    }
    const cases: [string, OpSpec['grad'], RegExp][] = [
      ['wrong count', ({ GO: [g] }) => [g!, g!], /Neg \(node .*\) returned 2 gradients for 1 inputs/],
      ['wrong shape', ({ GO: [g] }) => [ops.reduceSum(g!, [0])], /Neg \(node .*\) gave input 0 shape \[3\], expected \[2, 3\]/],
      ['wrong dtype', ({ GO: [g] }) => [ops.cast(g!, 'float64')], /Neg \(node .*\) gave input 0 dtype float64, expected float32/],
      ['missing rule', undefined, /Neg \(node .*\) has no gradient rule/],
    ]
    it.each(cases)('%s', (_name, grad, message) => {
      const { x, loss } = lossOf()
      expect(() => gradients(loss, [x], withNegRule(grad))).toThrow(message)
    })
  })

  it('refuses an integer tensor as a differentiation target', () => {
    const g = new Graph('int')
    const ids: Tensor = g.input('ids', 'int64', [2])
    const table = g.input('table', 'float32', [4, 2])
    expect(() => gradients(ops.reduceSum(ops.gather(table, ids)), [ids])).toThrow(/not a float tensor/)
  })
})
