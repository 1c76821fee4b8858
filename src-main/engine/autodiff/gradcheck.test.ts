// One table-driven gradient check over every gradient rule in the registry (plus composites built from them):
// random inputs (default shape [2,3,4]) in each op's domain, a random cotangent, central finite differences.
import { describe, expect, it } from 'vitest'
import * as ops from '../ops'
import { DIFFERENTIABLE_OPS } from '../ops/registry'
import { type GradCheckCase, gradCheck } from './gradcheck'

const S = [2, 3, 4]
const real = { shape: S }
const positive = { shape: S, domain: { kind: 'awayFromZero', min: 0.5, positive: true } } as const
const awayFromZero = { shape: S, domain: { kind: 'awayFromZero', min: 0.1 } } as const

/** Each case names the op whose rule it checks first; `covers` lists every registry op the case exercises. */
const CASES: (GradCheckCase & { covers: string[] })[] = [
  { name: 'Add broadcast', covers: ['Add'], inputs: [real, { shape: [3, 1] }], build: ([a, b]) => ops.add(a!, b!) },
  { name: 'Sub broadcast', covers: ['Sub'], inputs: [{ shape: [4] }, real], build: ([a, b]) => ops.sub(a!, b!) },
  { name: 'Mul broadcast', covers: ['Mul'], inputs: [real, { shape: [1, 3, 1] }], build: ([a, b]) => ops.mul(a!, b!) },
  { name: 'Div broadcast', covers: ['Div'], inputs: [real, { shape: [4], domain: { kind: 'awayFromZero', min: 0.5 } }], build: ([a, b]) => ops.div(a!, b!) },
  { name: 'Pow', covers: ['Pow'], inputs: [positive, { shape: [3, 1] }], build: ([a, b]) => ops.pow(a!, b!) },
  { name: 'Neg', covers: ['Neg'], inputs: [real], build: ([x]) => ops.neg(x!) },
  { name: 'Exp', covers: ['Exp'], inputs: [real], build: ([x]) => ops.exp(x!) },
  { name: 'Log', covers: ['Log'], inputs: [positive], build: ([x]) => ops.log(x!) },
  { name: 'Sqrt', covers: ['Sqrt'], inputs: [positive], build: ([x]) => ops.sqrt(x!) },
  { name: 'Reciprocal', covers: ['Reciprocal'], inputs: [{ shape: S, domain: { kind: 'awayFromZero', min: 0.5 } }], build: ([x]) => ops.reciprocal(x!) },
  { name: 'Tanh', covers: ['Tanh'], inputs: [real], build: ([x]) => ops.tanh(x!) },
  { name: 'Sigmoid', covers: ['Sigmoid'], inputs: [real], build: ([x]) => ops.sigmoid(x!) },
  { name: 'Relu', covers: ['Relu'], inputs: [awayFromZero], build: ([x]) => ops.relu(x!) },
  { name: 'Abs', covers: ['Abs'], inputs: [awayFromZero], build: ([x]) => ops.abs(x!) },
  { name: 'Sign (zero gradient)', covers: ['Sign'], inputs: [awayFromZero, real], build: ([x, y]) => ops.add(ops.sign(x!), y!) },
  // No float64 Erf/Gelu kernels on ORT's CPU provider: these run in float32 with eps 1e-2 and tolerance 1e-2.
  { name: 'Erf (float32)', covers: ['Erf'], dtype: 'float32', inputs: [real], build: ([x]) => ops.erf(x!) },
  { name: 'Gelu exact (float32)', covers: ['Gelu'], dtype: 'float32', inputs: [{ shape: S, domain: { kind: 'real', lo: -3, hi: 3 } }], build: ([x]) => ops.gelu(x!) },
  { name: 'Gelu tanh (float32)', covers: ['Gelu'], dtype: 'float32', inputs: [{ shape: S, domain: { kind: 'real', lo: -3, hi: 3 } }], build: ([x]) => ops.gelu(x!, 'tanh') },
  { name: 'SiLU (composite)', covers: ['Mul', 'Sigmoid'], inputs: [{ shape: S, domain: { kind: 'real', lo: -3, hi: 3 } }], build: ([x]) => ops.silu(x!) },
  { name: 'Max broadcast', covers: ['Max', 'Where'], inputs: [real, { shape: [3, 4] }], build: ([a, b]) => ops.maximum(a!, b!) },
  { name: 'Min broadcast', covers: ['Min', 'Where'], inputs: [real, { shape: [4] }], build: ([a, b]) => ops.minimum(a!, b!) },
  { name: 'Clip (PPO range)', covers: ['Clip'], inputs: [{ shape: S, domain: { kind: 'real', lo: 0.5, hi: 1.5 } }], build: ([x]) => ops.clip(x!, 0.8, 1.2) },
  { name: 'Where', covers: ['Where'], inputs: [{ shape: S, domain: { kind: 'bool' } }, real, { shape: [4] }], build: ([c, a, b]) => ops.where(c!, a!, b!) },
  { name: 'Cast f64->f32->f64', covers: ['Cast'], inputs: [real], build: ([x]) => ops.cast(ops.mul(ops.cast(x!, 'float32'), 3), 'float64') },
  { name: 'Sum (variadic)', covers: ['Sum'], inputs: [real, { shape: [4] }, { shape: [3, 1] }], build: ([a, b, c]) => ops.sum(a!, b!, c!) },
  { name: 'MatMul 2-D weight', covers: ['MatMul', 'Reshape', 'Transpose'], inputs: [real, { shape: [4, 5] }], build: ([a, b]) => ops.matmul(a!, b!) },
  { name: 'MatMul batched', covers: ['MatMul'], inputs: [real, { shape: [2, 4, 5] }], build: ([a, b]) => ops.matmul(a!, b!) },
  { name: 'MatMul broadcast batch', covers: ['MatMul'], inputs: [{ shape: [2, 1, 3, 4] }, { shape: [3, 4, 2] }], build: ([a, b]) => ops.matmul(a!, b!) },
  { name: 'Gemm', covers: ['Gemm'], inputs: [{ shape: [3, 4] }, { shape: [4, 5] }, { shape: [5] }], build: ([a, b, c]) => ops.gemm(a!, b!, { c: c!, alpha: 0.7, beta: 1.3 }) },
  { name: 'Gemm transA', covers: ['Gemm'], inputs: [{ shape: [4, 3] }, { shape: [4, 5] }], build: ([a, b]) => ops.gemm(a!, b!, { transA: true }) },
  { name: 'Gemm transB', covers: ['Gemm'], inputs: [{ shape: [3, 4] }, { shape: [5, 4] }, { shape: [3, 1] }], build: ([a, b, c]) => ops.gemm(a!, b!, { c: c!, transB: true, alpha: 2 }) },
  { name: 'Gemm transA transB', covers: ['Gemm'], inputs: [{ shape: [4, 3] }, { shape: [5, 4] }], build: ([a, b]) => ops.gemm(a!, b!, { transA: true, transB: true }) },
  { name: 'ReduceSum axes', covers: ['ReduceSum', 'Unsqueeze', 'Expand'], inputs: [real], build: ([x]) => ops.reduceSum(x!, [0, 2]) },
  { name: 'ReduceSum all keepdims', covers: ['ReduceSum'], inputs: [real], build: ([x]) => ops.reduceSum(x!, undefined, true) },
  { name: 'ReduceMean', covers: ['ReduceMean'], inputs: [real], build: ([x]) => ops.reduceMean(x!, [1]) },
  { name: 'ReduceMean keepdims', covers: ['ReduceMean'], inputs: [real], build: ([x]) => ops.reduceMean(x!, [-1], true) },
  { name: 'ReduceMax', covers: ['ReduceMax'], inputs: [real], build: ([x]) => ops.reduceMax(x!, [2]) },
  { name: 'ReduceMax keepdims', covers: ['ReduceMax'], inputs: [real], build: ([x]) => ops.reduceMax(x!, [0, 1], true) },
  { name: 'Softmax', covers: ['Softmax'], inputs: [real], build: ([x]) => ops.softmax(x!, -1) },
  { name: 'Softmax axis 1', covers: ['Softmax'], inputs: [real], build: ([x]) => ops.softmax(x!, 1) },
  { name: 'LogSoftmax', covers: ['LogSoftmax'], inputs: [real], build: ([x]) => ops.logSoftmax(x!, -1) },
  { name: 'Reshape', covers: ['Reshape'], inputs: [real], build: ([x]) => ops.reshape(x!, [4, -1]) },
  { name: 'Transpose', covers: ['Transpose'], inputs: [real], build: ([x]) => ops.transpose(x!, [1, 2, 0]) },
  { name: 'Unsqueeze', covers: ['Unsqueeze'], inputs: [real], build: ([x]) => ops.mul(ops.unsqueeze(x!, [1, -1]), 2) },
  { name: 'Squeeze', covers: ['Squeeze'], inputs: [{ shape: [2, 1, 4, 1] }], build: ([x]) => ops.squeeze(x!, [1, 3]) },
  { name: 'Concat', covers: ['Concat', 'Split'], inputs: [real, { shape: [2, 1, 4] }, { shape: [2, 2, 4] }], build: ([a, b, c]) => ops.concat([a!, b!, c!], 1) },
  { name: 'Slice', covers: ['Slice'], inputs: [real], build: ([x]) => ops.slice(x!, [1, -3], [3, -1], [1, 2]) },
  { name: 'Split, one piece used', covers: ['Split'], inputs: [real], build: ([x]) => ops.split(x!, [1, 3], 2)[1]! },
  { name: 'Split, both used', covers: ['Split'], inputs: [real], build: ([x]) => { const [a, b] = ops.split(x!, [1, 2], 1); return ops.mul(a!, b!) } },
  { name: 'Expand', covers: ['Expand'], inputs: [{ shape: [3, 1] }], build: ([x]) => ops.expand(x!, [2, 3, 4]) },
  { name: 'Gather (embedding, repeated ids)', covers: ['Gather'], inputs: [{ shape: [5, 4] }, { shape: [2, 3], domain: { kind: 'int', lo: 0, hi: 3 } }], build: ([t, i]) => ops.gather(t!, i!, 0) },
  { name: 'GatherElements (token log-probs)', covers: ['GatherElements'], inputs: [real, { shape: [2, 3, 1], domain: { kind: 'int', lo: 0, hi: 4 } }], build: ([x, i]) => ops.gatherElements(x!, i!, -1) },
  { name: 'CumSum', covers: ['CumSum'], inputs: [real], build: ([x]) => ops.cumsum(x!, 1) },
  { name: 'CumSum exclusive reverse', covers: ['CumSum'], inputs: [real], build: ([x]) => ops.cumsum(x!, -1, { exclusive: true, reverse: true }) },
  { name: 'Identity', covers: ['Identity'], inputs: [real], build: ([x]) => ops.mul(x!.graph.output(x!, 'x_copy'), 1.5) },
]

describe('gradient rules against central finite differences', () => {
  it('has a case for every op with a gradient rule', () => {
    const covered = new Set(CASES.flatMap((c) => c.covers))
    expect(DIFFERENTIABLE_OPS.filter((op) => !covered.has(op))).toEqual([])
  })

  it.each(CASES)('$name', async (c) => {
    const result = await gradCheck(c)
    expect(result.failures).toEqual([])
    expect(result.checked).toBeGreaterThan(0)
  })
})
