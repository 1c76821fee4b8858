// Deciding equality of two parsed answers, in place of sympy in the authors' grader:
//  - `simplify(a - b) == 0` (grade_answer's are_equal_under_sympy, symbolic_equal's first test) becomes
//    "identical values": for closed-form numbers, equal to ~1e-10 relative; with free symbols, equal at every one of
//    several fixed pseudo-random points (a probabilistic identity test: two different rational/algebraic
//    expressions agree at a handful of generic points with negligible probability). Points where either side is
//    undefined are skipped; fewer than two usable points means "cannot tell", i.e. not equal, like a sympy failure.
//  - `isclose(N(a), N(b), rel_tol)` (symbolic_equal's second test) applies only when both sides are closed-form
//    numbers, as N() of an expression with free symbols is not a number and upstream's isclose raises.

import { evaluate, freeSymbols, type Expr } from './expr'
import { isClose } from './python-float'

const IDENTITY_REL_TOL = 1e-10
const IDENTITY_ABS_TOL = 1e-12
/** Generic sample values; symbol k at point p takes SAMPLE_VALUES[(p * 3 + k * 5) % length]. */
const SAMPLE_VALUES = [0.7318, 1.6187, 2.3979, -0.5123, 3.1117, -1.7771, 0.2941, 4.0573, -2.6453, 1.1399, 5.3311]
const SAMPLE_POINTS = 6

function identical(a: number, b: number): boolean {
  if (a === b) return true
  return Math.abs(a - b) <= Math.max(IDENTITY_ABS_TOL, IDENTITY_REL_TOL * Math.max(Math.abs(a), Math.abs(b)))
}

export function closedFormValue(e: Expr): number | null {
  if (freeSymbols(e).size > 0) return null
  return evaluate(e, new Map())
}

/** sympy `simplify(a - b) == 0`, decided by evaluation. */
export function identicallyEqual(a: Expr, b: Expr): boolean {
  const symbols = [...freeSymbols(b, freeSymbols(a))].sort()
  if (symbols.length === 0) {
    const va = evaluate(a, new Map())
    const vb = evaluate(b, new Map())
    return Number.isFinite(va) && Number.isFinite(vb) && identical(va, vb)
  }
  let usable = 0
  for (let p = 0; p < SAMPLE_POINTS; p++) {
    const env = new Map(symbols.map((s, k) => [s, SAMPLE_VALUES[(p * 3 + k * 5) % SAMPLE_VALUES.length]!]))
    const va = evaluate(a, env)
    const vb = evaluate(b, env)
    if (!Number.isFinite(va) || !Number.isFinite(vb)) continue
    if (!identical(va, vb)) return false
    usable++
  }
  return usable >= 2
}

/** symbolic_equal's two tests: identical, or both closed-form numbers within `relTol`. */
export function symbolicallyEqual(a: Expr, b: Expr, relTol: number): boolean {
  if (identicallyEqual(a, b)) return true
  const va = closedFormValue(a)
  const vb = closedFormValue(b)
  return va !== null && vb !== null && isClose(va, vb, relTol)
}
