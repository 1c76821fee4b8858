// Elementwise ops: each record holds the forward op and its gradient rule, micrograd-style, side by side.
// Rules may return output-shaped (broadcast) gradients: the autodiff engine reduces them to each input's shape.
import { type Tensor, attr, required } from '../graph/graph'
import { broadcastShapes } from '../graph/shape'
import { type DType, ONNX_DATA_TYPE, dtypeFromOnnx, isFloat } from '../graph/dtype'
import type { OpSpec } from '../graph/op-spec'
import { type TensorLike, apply1, broadcastInfer, lift, sameAsInput, spec } from './apply'

const binary = (opType: string, grad: OpSpec['grad']) => spec(opType, (inputs) => broadcastInfer(inputs), grad)
const unary = (opType: string, grad?: OpSpec['grad']) => spec(opType, sameAsInput, grad)
const compare = (opType: string) => spec(opType, (inputs) => broadcastInfer(inputs, 'bool'))

export const Add = binary('Add', ({ GO: [g] }) => [g!, g!])
export const Sub = binary('Sub', ({ GO: [g] }) => [g!, neg(g!)])
export const Mul = binary('Mul', ({ I: [a, b], GO: [g] }) => [mul(g!, b!), mul(g!, a!)])
export const Div = binary('Div', ({ I: [, b], O: [y], GO: [g] }) => [div(g!, b!), neg(div(mul(g!, y!), b!))])
export const Pow = binary('Pow', ({ I: [a, b], O: [y], GO: [g] }) => [
  mul(g!, mul(b!, pow(a!, sub(b!, 1)))),
  mul(g!, mul(y!, log(a!))),
])
/** Two-input Min/Max: the gradient goes to the input that was selected (the first one on ties). */
export const Max = binary('Max', ({ I: [a, b], GO: [g] }) => {
  const takeA = greaterOrEqual(a!, b!)
  return [where(takeA, g!, 0), where(takeA, 0, g!)]
})
export const Min = binary('Min', ({ I: [a, b], GO: [g] }) => {
  const takeA = lessOrEqual(a!, b!)
  return [where(takeA, g!, 0), where(takeA, 0, g!)]
})
/** Variadic sum; the engine also uses it to add up the gradients of a tensor used several times. */
export const Sum = spec('Sum', (inputs) => broadcastInfer(inputs), ({ I, GO: [g] }) => I.map(() => g!))

export const Neg = unary('Neg', ({ GO: [g] }) => [neg(g!)])
export const Exp = unary('Exp', ({ O: [y], GO: [g] }) => [mul(g!, y!)])
export const Log = unary('Log', ({ I: [x], GO: [g] }) => [div(g!, x!)])
export const Sqrt = unary('Sqrt', ({ O: [y], GO: [g] }) => [div(mul(g!, 0.5), y!)])
export const Reciprocal = unary('Reciprocal', ({ O: [y], GO: [g] }) => [neg(mul(g!, mul(y!, y!)))])
export const Tanh = unary('Tanh', ({ O: [y], GO: [g] }) => [mul(g!, sub(1, mul(y!, y!)))])
export const Sigmoid = unary('Sigmoid', ({ O: [y], GO: [g] }) => [mul(g!, mul(y!, sub(1, y!)))])
export const Relu = unary('Relu', ({ I: [x], GO: [g] }) => [where(greater(x!, 0), g!, 0)])
export const Abs = unary('Abs', ({ I: [x], GO: [g] }) => [mul(g!, sign(x!))])
/** d erf(x)/dx = 2/sqrt(pi) * exp(-x^2). */
export const Erf = unary('Erf', ({ I: [x], GO: [g] }) => [mul(g!, mul(exp(neg(mul(x!, x!))), 2 / Math.sqrt(Math.PI)))])
/** Piecewise constant: no gradient flows through it (zero almost everywhere). */
export const Sign = unary('Sign', () => [null])

/**
 * Gelu (opset 20). Exact: Phi(x) + x * phi(x). Tanh approximation: derivative of 0.5 x (1 + tanh(u)),
 * u = sqrt(2/pi) (x + 0.044715 x^3). ORT has float32 kernels only (no float64 Erf/Gelu on CPU).
 */
export const Gelu = spec('Gelu', sameAsInput, ({ I: [xIn], GO: [g], attrs }) => {
  const x = xIn!
  const approximate = attrs.approximate?.kind === 'string' ? attrs.approximate.value : 'none'
  if (approximate === 'tanh') {
    const c = Math.sqrt(2 / Math.PI)
    const t = tanh(mul(add(x, mul(pow(x, 3), 0.044715)), c))
    const du = mul(add(mul(mul(x, x), 3 * 0.044715), 1), c)
    const d = add(mul(add(t, 1), 0.5), mul(mul(mul(x, 0.5), sub(1, mul(t, t))), du))
    return [mul(g!, d)]
  }
  const cdf = mul(add(erf(mul(x, Math.SQRT1_2)), 1), 0.5)
  const pdf = mul(exp(mul(mul(x, x), -0.5)), 1 / Math.sqrt(2 * Math.PI))
  return [mul(g!, add(cdf, mul(x, pdf)))]
})

/** Clip(x, min, max) passes the gradient where min <= x <= max; min and max are treated as constants. */
export const Clip = spec(
  'Clip',
  (inputs) => sameAsInput(inputs),
  ({ I: [x, lo, hi], GO: [g] }) => {
    let inside: Tensor | null = null
    if (lo) inside = greaterOrEqual(x!, lo)
    if (hi) inside = inside ? and(inside, lessOrEqual(x!, hi)) : lessOrEqual(x!, hi)
    return [inside ? where(inside, g!, 0) : g!, null, null]
  },
)

export const Where = spec(
  'Where',
  (inputs) => {
    const cond = required(inputs[0], 'condition')
    if (cond.dtype !== 'bool') throw new Error(`condition must be bool, got ${cond.dtype}`)
    const [values] = broadcastInfer([inputs[1] ?? null, inputs[2] ?? null])
    return [{ dtype: values!.dtype, shape: broadcastShapes([cond.shape, values!.shape], 'Where') }]
  },
  ({ I: [c], GO: [g] }) => [null, where(c!, g!, 0), where(c!, 0, g!)],
)

export const Cast = spec(
  'Cast',
  (inputs, attrs) => {
    const x = required(inputs[0], 'input')
    const to = attrs.to
    if (to?.kind !== 'int') throw new Error('Cast needs an int attribute "to"')
    return [{ dtype: dtypeFromOnnx(to.value), shape: x.shape, ...(x.known ? { known: x.known } : {}) }]
  },
  ({ I: [x], GO: [g] }) => [isFloat(x!.dtype) ? cast(g!, x!.dtype) : null],
)

export const Greater = compare('Greater')
export const Less = compare('Less')
export const GreaterOrEqual = compare('GreaterOrEqual')
export const LessOrEqual = compare('LessOrEqual')
export const Equal = compare('Equal')
export const And = compare('And')
export const Or = compare('Or')
export const Not = unary('Not')

export const ELEMENTWISE_OPS = [
  Add, Sub, Mul, Div, Pow, Max, Min, Sum, Neg, Exp, Log, Sqrt, Reciprocal, Tanh, Sigmoid, Relu, Abs, Erf, Sign,
  Gelu, Clip, Where, Cast, Greater, Less, GreaterOrEqual, LessOrEqual, Equal, And, Or, Not,
]

// ---- builders -------------------------------------------------------------------------------------------------

function pair(a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  if (typeof a === 'number' && typeof b === 'number') throw new Error('at least one operand must be a tensor')
  const like = (typeof a === 'number' ? b : a) as Tensor
  return [lift(a, like), lift(b, like)]
}

export const add = (a: TensorLike, b: TensorLike) => apply1(Add, pair(a, b))
export const sub = (a: TensorLike, b: TensorLike) => apply1(Sub, pair(a, b))
export const mul = (a: TensorLike, b: TensorLike) => apply1(Mul, pair(a, b))
export const div = (a: TensorLike, b: TensorLike) => apply1(Div, pair(a, b))
export const pow = (a: TensorLike, b: TensorLike) => apply1(Pow, pair(a, b))
export const maximum = (a: TensorLike, b: TensorLike) => apply1(Max, pair(a, b))
export const minimum = (a: TensorLike, b: TensorLike) => apply1(Min, pair(a, b))
export const sum = (...xs: Tensor[]) => (xs.length === 1 ? xs[0]! : apply1(Sum, xs))
export const neg = (x: Tensor) => apply1(Neg, [x])
export const exp = (x: Tensor) => apply1(Exp, [x])
export const log = (x: Tensor) => apply1(Log, [x])
export const sqrt = (x: Tensor) => apply1(Sqrt, [x])
export const reciprocal = (x: Tensor) => apply1(Reciprocal, [x])
export const tanh = (x: Tensor) => apply1(Tanh, [x])
export const sigmoid = (x: Tensor) => apply1(Sigmoid, [x])
export const relu = (x: Tensor) => apply1(Relu, [x])
export const abs = (x: Tensor) => apply1(Abs, [x])
export const erf = (x: Tensor) => apply1(Erf, [x])
export const sign = (x: Tensor) => apply1(Sign, [x])
export const gelu = (x: Tensor, approximate: 'none' | 'tanh' = 'none') =>
  apply1(Gelu, [x], approximate === 'tanh' ? { approximate: attr.string('tanh') } : {})
/** SiLU (swish) by composition: x * sigmoid(x); its gradient comes from Mul and Sigmoid. */
export const silu = (x: Tensor) => mul(x, sigmoid(x))
export const clip = (x: Tensor, lo?: TensorLike, hi?: TensorLike) =>
  apply1(Clip, [x, lo === undefined ? null : lift(lo, x), hi === undefined ? null : lift(hi, x)])
export const where = (cond: Tensor, a: TensorLike, b: TensorLike) => apply1(Where, [cond, ...pair(a, b)])
export const cast = (x: Tensor, to: DType) => (x.dtype === to ? x : apply1(Cast, [x], { to: attr.int(ONNX_DATA_TYPE[to]) }))
export const greater = (a: TensorLike, b: TensorLike) => apply1(Greater, pair(a, b))
export const less = (a: TensorLike, b: TensorLike) => apply1(Less, pair(a, b))
export const greaterOrEqual = (a: TensorLike, b: TensorLike) => apply1(GreaterOrEqual, pair(a, b))
export const lessOrEqual = (a: TensorLike, b: TensorLike) => apply1(LessOrEqual, pair(a, b))
export const equal = (a: TensorLike, b: TensorLike) => apply1(Equal, pair(a, b))
export const and = (a: Tensor, b: Tensor) => apply1(And, [a, b])
export const or = (a: Tensor, b: Tensor) => apply1(Or, [a, b])
export const not = (a: Tensor) => apply1(Not, [a])
