// Numerical gradient checking: the analytic gradients the engine builds (run by ORT) against central finite
// differences of the same forward graph, perturbing one input element at a time in float64 TypeScript.
// The loss is <f(x), c> for a random cotangent c, so every output element's gradient is exercised.
import { type AnyTypedArray, type DType, typedArrayFrom } from '../graph/dtype'
import { Graph, type Tensor } from '../graph/graph'
import { numel } from '../graph/shape'
import { mul } from '../ops/elementwise'
import { reduceSum } from '../ops/reduce'
import { Rng } from '../runtime/random'
import { openGraph } from '../runtime/runtime'
import { hostTensor } from '../runtime/tensors'
import { gradients } from './backward'

export type InputDomain =
  | { kind: 'real'; lo?: number; hi?: number }
  /** |x| >= min, random sign unless positive (Log, Sqrt, Div denominators, kinks of Relu/Abs). */
  | { kind: 'awayFromZero'; min: number; positive?: boolean }
  | { kind: 'int'; lo: number; hi: number }
  | { kind: 'bool' }

export interface GradCheckInput {
  shape: readonly number[]
  domain?: InputDomain
}

export interface GradCheckCase {
  name: string
  inputs: GradCheckInput[]
  build: (xs: Tensor[]) => Tensor
  /** float64 unless the op has no float64 CPU kernel (Erf, Gelu). */
  dtype?: 'float32' | 'float64'
  eps?: number
  tol?: number
}

export interface GradCheckResult {
  maxError: number
  checked: number
  failures: string[]
}

function inputDtype(domain: InputDomain | undefined, float: DType): DType {
  if (domain?.kind === 'int') return 'int64'
  if (domain?.kind === 'bool') return 'bool'
  return float
}

function sample(rng: Rng, domain: InputDomain | undefined): number {
  const d = domain ?? { kind: 'real' }
  switch (d.kind) {
    case 'real':
      return (d.lo ?? -1) + ((d.hi ?? 1) - (d.lo ?? -1)) * rng.uniform()
    case 'awayFromZero': {
      const mag = d.min + rng.uniform()
      return d.positive || rng.uniform() < 0.5 ? mag : -mag
    }
    case 'int':
      return d.lo + Math.floor(rng.uniform() * (d.hi - d.lo))
    case 'bool':
      return rng.uniform() < 0.5 ? 1 : 0
  }
}

export async function gradCheck(c: GradCheckCase, seed = 1): Promise<GradCheckResult> {
  const float = c.dtype ?? 'float64'
  const eps = c.eps ?? (float === 'float64' ? 1e-3 : 1e-2)
  const tol = c.tol ?? (float === 'float64' ? 1e-3 : 1e-2)
  const rng = new Rng(seed)

  const g = new Graph(`gradcheck_${c.name}`)
  const xs = c.inputs.map((inp, i) => g.input(`x${i}`, inputDtype(inp.domain, float), inp.shape))
  const y = c.build(xs)
  if (!y.shape.every((d) => typeof d === 'number')) throw new Error(`${c.name}: output shape must be static`)
  const cot = g.input('cotangent', float, y.shape)
  const loss = reduceSum(mul(y, cot))
  const wrt = xs.filter((x) => x.dtype === float)
  const grads = gradients(loss, wrt)
  g.output(loss, 'loss')
  grads.forEach((gr, i) => g.output(gr, `grad${i}`))
  const lossOnly = new Graph(`${g.name}_fwd`)
  const xs2 = c.inputs.map((inp, i) => lossOnly.input(`x${i}`, inputDtype(inp.domain, float), inp.shape))
  const y2 = c.build(xs2)
  lossOnly.output(reduceSum(mul(y2, lossOnly.input('cotangent', float, y.shape))), 'loss')

  const values: AnyTypedArray[] = c.inputs.map((inp, i) =>
    typedArrayFrom(xs[i]!.dtype, Array.from({ length: numel(inp.shape) }, () => sample(rng, inp.domain))),
  )
  const cotValues = typedArrayFrom(float, Array.from({ length: numel(y.shape as number[]) }, () => rng.uniform() * 2 - 1))
  const feeds = () => {
    const f: Record<string, ReturnType<typeof hostTensor>> = { cotangent: hostTensor(cotValues, y.shape as number[]) }
    values.forEach((v, i) => (f[`x${i}`] = hostTensor(v, c.inputs[i]!.shape)))
    return f
  }

  // 'basic' optimisation: ORT's contrib fusions (e.g. x*sigmoid(x) -> QuickGelu) have float32 kernels only, and
  // the check is about the engine's rules, not about ORT's rewrites.
  const full = await openGraph(g, { graphOptimizationLevel: 'basic' })
  const fwd = await openGraph(lossOnly, { graphOptimizationLevel: 'basic' })
  const analytic = await full.run(feeds())
  const failures: string[] = []
  let maxError = 0
  let checked = 0
  let gradIndex = 0
  for (let i = 0; i < xs.length; i++) {
    if (xs[i]!.dtype !== float) continue
    const data = values[i] as Float32Array | Float64Array
    const grad = analytic[`grad${gradIndex++}`]!.data as Float32Array | Float64Array
    for (let k = 0; k < data.length; k++) {
      const orig = data[k]!
      data[k] = orig + eps
      const plus = Number((await fwd.run(feeds())).loss!.data[0])
      data[k] = orig - eps
      const minus = Number((await fwd.run(feeds())).loss!.data[0])
      data[k] = orig
      const numeric = (plus - minus) / (2 * eps)
      const err = Math.abs(numeric - grad[k]!) / Math.max(1, Math.abs(numeric))
      maxError = Math.max(maxError, err)
      checked++
      if (err > tol && failures.length < 5) {
        failures.push(`${c.name}: input ${i} element ${k}: analytic ${grad[k]} vs numeric ${numeric}`)
      }
    }
  }
  await full.release()
  await fwd.release()
  return { maxError, checked, failures }
}
