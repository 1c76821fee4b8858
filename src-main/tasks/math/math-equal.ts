// Stage 2 of the authors' math grader: `math_equal` from PRIME's math_util/grader.py (PRIME-RL/PRIME @18ad596; itself
// from Hendrycks' MATH, microsoft/ToRA and PRM800K). Behaviour kept:
//  - answer clean-up: a leading "$<number>" loses the "$"; "<number>%" / "<number>\%" lose the percent sign;
//    "x_b" (a base subscript) keeps only the digits before "_" (a non-numeric part is an error: the whole check
//    fails, as upstream's ValueError escapes to evaluate_math); "\pi" is replaced by the given π value and the result
//    evaluated when it is plain arithmetic;
//  - case/space-insensitive string equality;
//  - numbers (commas or "{,}" as thousands separators allowed): isclose with rel_tol 1e-4 against the reference,
//    reference/100 and reference*100 (so 50% ≈ 0.5 and 0.5 ≈ 50%); two numbers that are not close are unequal.
//    Departure (MathEqualOptions.percentVariants): by default the ×100/÷100 variants apply only when a side is
//    written with "%"; upstream applies them to every number, so it grades 6 and 600 as the same answer;
//  - brackets: matching outer brackets compare element-wise, comma lists compare element-wise in order;
//  - finally the symbolic test: parse each side as a Python expression, else as LaTeX, and accept when the
//    difference is identically 0 or both are numbers within rel_tol (symbolic_equal).
// Not ported: the sympy Matrix/Point/Interval string branches (they only fire on answers printed by sympy itself).

import { symbolicallyEqual } from './equivalence'
import { evaluate, freeSymbols, type Expr } from './expr'
import { LatexParseError, parseLatexExpr } from './parse-latex'
import { ParseError, parsePlain } from './parse-plain'
import { isClose, pyFloat } from './python-float'

/** Upstream lets a ValueError escape from here; evaluate_math turns it into "incorrect". */
export class GraderAbort extends Error {}

type Value = string | number

export const DEFAULT_REL_TOL = 1e-4

function handleBase(x: string): Value {
  if (!x.includes('_')) return x
  const v = pyFloat(x.split('_')[0]!)
  if (v === null) throw new GraderAbort(`cannot read ${JSON.stringify(x)} as a number in a base`)
  if (!Number.isFinite(v)) throw new GraderAbort(`cannot convert ${JSON.stringify(x)} to an integer`)
  return Math.trunc(v)
}

/** "\pi" -> the π value ("1*" in front unless a digit precedes), then Python eval when it is plain arithmetic. */
function handlePi(s: string, pi: number): Value {
  if (!s.includes('\\pi')) return s
  let out = s
  let at = out.indexOf('\\pi')
  while (at !== -1) {
    const prefix = at > 0 && /\d/.test(out[at - 1]!) ? '*' : '1*'
    out = out.slice(0, at) + `${prefix}${pi}` + out.slice(at + 3)
    at = out.indexOf('\\pi', at + 1)
  }
  try {
    const e = parsePlain(out, 'python')
    if (freeSymbols(e).size === 0) {
      const v = evaluate(e, new Map())
      if (!Number.isNaN(v)) return v
    }
  } catch (e) {
    if (!(e instanceof ParseError)) throw e
  }
  return out
}

function normalizeForMathEqual(answer: string, pi: number): Value {
  if (/^\$\d+(\.\d+)?/.test(answer)) return answer.slice(1)
  if (/^\d+(\.\d+)?%$/.test(answer) || /^\d+(\.\d+)?\\%$/.test(answer)) return answer.replaceAll('\\%', '').replaceAll('%', '')
  const based = handleBase(answer)
  return typeof based === 'string' ? handlePi(based, pi) : based
}

/** Upstream `is_digit`: a number once "{,}" (or else every ",") is removed. */
function asNumber(x: Value): number | null {
  if (typeof x === 'number') return x
  return x.includes('{,}') ? pyFloat(x.replaceAll('{,}', '')) : pyFloat(x.replaceAll(',', ''))
}

/** Python str() of a number as upstream would print it. */
function pyStr(x: Value): string {
  if (typeof x === 'string') return x
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return Number.isSafeInteger(x) ? String(x) : BigInt(x).toString()
  if (x === Infinity) return 'inf'
  if (x === -Infinity) return '-inf'
  return String(x)
}

function stripChars(s: string, chars: string): string {
  let a = 0
  let b = s.length
  while (a < b && chars.includes(s[a]!)) a++
  while (b > a && chars.includes(s[b - 1]!)) b--
  return s.slice(a, b)
}

/** grader.symbolic_equal's `_parse`: parse_expr, then parse_latex, else not an expression. */
function parseEither(s: string): Expr | null {
  try {
    return parsePlain(s, 'python')
  } catch (e) {
    if (!(e instanceof ParseError)) throw e
  }
  try {
    return parseLatexExpr(s)
  } catch (e) {
    if (!(e instanceof LatexParseError)) throw e
  }
  return null
}

export type MathEqualStage = 'string' | 'numeric' | 'brackets' | 'elementwise' | 'symbolic'

export interface MathEqualOptions {
  relTol?: number
  /** The value "\\pi" is replaced with before evaluation (evaluate_math tries math.pi and 3.14). */
  pi?: number
  /**
   * 'always' (upstream): every number also matches the reference ×100 and ÷100, so "1" equals "100".
   * 'when-written' (this project's default): only when either side is written with a percent sign, which keeps
   * "50\\%" ≈ "0.5" but stops 6 and 600 from being equal answers.
   */
  percentVariants?: 'always' | 'when-written'
}

export function mathEqual(prediction: string, reference: string, options: MathEqualOptions = {}): MathEqualStage | null {
  const relTol = options.relTol ?? DEFAULT_REL_TOL
  const pi = options.pi ?? Math.PI
  const percentVariants = options.percentVariants ?? 'when-written'
  const withPercent = percentVariants === 'always' || prediction.includes('%') || reference.includes('%')
  // Upstream recurses with the default π; the percent rule is this project's and follows the caller's choice.
  const partOptions: MathEqualOptions = { relTol, percentVariants }
  let pred = normalizeForMathEqual(prediction, pi)
  const ref = normalizeForMathEqual(reference, pi)
  if (typeof pred === 'string' && pred.length > 1000) pred = pred.slice(0, 1000)

  if (typeof pred === 'string' && typeof ref === 'string') {
    if (pred.trim().toLowerCase() === ref.trim().toLowerCase()) return 'string'
    if (pred.replaceAll(' ', '') === ref.replaceAll(' ', '')) return 'string'
  }

  const predNum = asNumber(pred)
  const refNum = asNumber(ref)
  if (predNum !== null && refNum !== null) {
    const candidates = withPercent ? [refNum / 100, refNum, refNum * 100] : [refNum]
    return candidates.some((r) => isClose(r, predNum, relTol)) ? 'numeric' : null
  }

  if (pred === '') return null
  const refStr = pyStr(ref).trim()
  const predStr = pyStr(pred).trim()

  let p = predStr
  let r = refStr
  if ((predStr.startsWith('[') && predStr.endsWith(']') && !refStr.startsWith('(')) || (predStr.startsWith('(') && predStr.endsWith(')') && !refStr.startsWith('['))) {
    p = stripChars(p, '[]()')
    r = stripChars(r, '[]()')
  }
  p = p.replace(/[{}()]/g, '')
  r = r.replace(/[{}()]/g, '')
  if (p === r) return 'brackets'

  if (predStr && refStr && '(['.includes(predStr[0]!) && ')]'.includes(predStr.at(-1)!) && predStr[0] === refStr[0] && predStr.at(-1) === refStr.at(-1)) {
    const predParts = predStr.slice(1, -1).split(',')
    const refParts = refStr.slice(1, -1).split(',')
    if (predParts.length === refParts.length && predParts.every((pp, i) => mathEqual(pp, refParts[i]!, partOptions) !== null)) return 'elementwise'
  }

  if (predStr.includes(',') && refStr.includes(',')) {
    const predParts = predStr.split(',').map((s) => s.trim())
    const refParts = refStr.split(',').map((s) => s.trim())
    if (predParts.length === refParts.length) {
      return predParts.every((pp, i) => mathEqual(pp, refParts[i]!, partOptions) !== null) ? 'elementwise' : null
    }
  }

  const a = parseEither(predStr)
  const b = parseEither(refStr)
  return a !== null && b !== null && symbolicallyEqual(a, b, relTol) ? 'symbolic' : null
}
