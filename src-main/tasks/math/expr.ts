// The expression tree both answer parsers (plain "sympy-like" text and LaTeX) produce, and its real-valued evaluator.
// Equivalence is decided on this tree by evaluation (see equivalence.ts), which replaces sympy's
// `simplify(a - b) == 0` and `N(a) ≈ N(b)` in the authors' grader.

export type Expr =
  | { t: 'num'; v: number }
  | { t: 'sym'; name: string }
  | { t: 'const'; name: 'pi' | 'e' | 'inf' }
  | { t: 'add'; args: Expr[] }
  | { t: 'mul'; args: Expr[] }
  | { t: 'pow'; base: Expr; exp: Expr }
  | { t: 'fn'; name: FnName; args: Expr[] }

export type FnName =
  | 'sqrt' | 'root' | 'exp' | 'ln' | 'log' | 'log2' | 'log10' | 'abs' | 'factorial' | 'xor'
  | 'sin' | 'cos' | 'tan' | 'cot' | 'sec' | 'csc' | 'asin' | 'acos' | 'atan'

export const num = (v: number): Expr => ({ t: 'num', v })
export const neg = (e: Expr): Expr => ({ t: 'mul', args: [num(-1), e] })
export const add = (...args: Expr[]): Expr => ({ t: 'add', args })
export const mul = (...args: Expr[]): Expr => ({ t: 'mul', args })
export const div = (a: Expr, b: Expr): Expr => mul(a, { t: 'pow', base: b, exp: num(-1) })
export const pow = (base: Expr, exp: Expr): Expr => ({ t: 'pow', base, exp })
export const fn = (name: FnName, ...args: Expr[]): Expr => ({ t: 'fn', name, args })

export function freeSymbols(e: Expr, into: Set<string> = new Set()): Set<string> {
  switch (e.t) {
    case 'sym':
      into.add(e.name)
      break
    case 'add':
    case 'mul':
    case 'fn':
      for (const a of e.args) freeSymbols(a, into)
      break
    case 'pow':
      freeSymbols(e.base, into)
      freeSymbols(e.exp, into)
      break
    default:
      break
  }
  return into
}

function factorial(n: number): number {
  if (!Number.isInteger(n) || n < 0) return NaN
  let r = 1
  for (let i = 2; i <= n && Number.isFinite(r); i++) r *= i
  return r
}

/**
 * sympy has no signed infinity for a pole: 1/0, log(0), cot(0) are `zoo` (complex infinity), and zoo equals nothing
 * (`simplify(zoo - oo)` is nan, `N(zoo)` is not a real number, so upstream's isclose raises). JS gives ±Infinity,
 * which would make "\frac{1}{0}" equal to "\infty"; NaN ("undefined here") keeps upstream's verdict.
 */
const COMPLEX_INFINITY = NaN

function reciprocal(v: number): number {
  return v === 0 ? COMPLEX_INFINITY : 1 / v
}

function logarithm(v: number, log: (v: number) => number): number {
  return v === 0 ? COMPLEX_INFINITY : log(v)
}

function power(b: number, x: number): number {
  if (b === 0 && x < 0) return COMPLEX_INFINITY
  // Real odd roots of negative numbers (e.g. (-8)^(1/3)) are real, as sympy's real root would make them.
  if (b < 0 && !Number.isInteger(x)) {
    const inv = 1 / x
    if (Number.isInteger(Math.round(inv)) && Math.abs(inv - Math.round(inv)) < 1e-12 && Math.round(inv) % 2 !== 0) {
      return -Math.pow(-b, x)
    }
  }
  return Math.pow(b, x)
}

function applyFn(name: FnName, a: number[]): number {
  const x = a[0] ?? NaN
  switch (name) {
    case 'sqrt': return Math.sqrt(x)
    case 'root': return power(x, 1 / (a[1] ?? NaN))
    case 'exp': return Math.exp(x)
    case 'ln': return logarithm(x, Math.log)
    case 'log': return a.length > 1 ? logarithm(x, Math.log) / Math.log(a[1]!) : logarithm(x, Math.log)
    case 'log2': return logarithm(x, Math.log2)
    case 'log10': return logarithm(x, Math.log10)
    case 'abs': return Math.abs(x)
    case 'factorial': return factorial(x)
    case 'xor': {
      // Python's `^` on integers is bitwise xor (what sympy's parse_expr makes of "2^10" without convert_xor).
      const y = a[1] ?? NaN
      if (!Number.isSafeInteger(x) || !Number.isSafeInteger(y)) return NaN
      return Number(BigInt(x) ^ BigInt(y))
    }
    case 'sin': return Math.sin(x)
    case 'cos': return Math.cos(x)
    case 'tan': return Math.tan(x)
    case 'cot': return reciprocal(Math.tan(x))
    case 'sec': return reciprocal(Math.cos(x))
    case 'csc': return reciprocal(Math.sin(x))
    case 'asin': return Math.asin(x)
    case 'acos': return Math.acos(x)
    case 'atan': return Math.atan(x)
  }
}

/** Real value of `e` with the symbols bound by `env` (NaN where undefined or unbound). */
export function evaluate(e: Expr, env: ReadonlyMap<string, number>, pi: number = Math.PI): number {
  switch (e.t) {
    case 'num': return e.v
    case 'sym': return env.get(e.name) ?? NaN
    case 'const': return e.name === 'pi' ? pi : e.name === 'e' ? Math.E : Infinity
    case 'add': return e.args.reduce((s, a) => s + evaluate(a, env, pi), 0)
    case 'mul': return e.args.reduce((p, a) => p * evaluate(a, env, pi), 1)
    case 'pow': return power(evaluate(e.base, env, pi), evaluate(e.exp, env, pi))
    case 'fn': return applyFn(e.name, e.args.map((a) => evaluate(a, env, pi)))
  }
}
