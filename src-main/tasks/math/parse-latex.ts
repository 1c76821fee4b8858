// LaTeX answers -> expression tree, standing in for sympy's `parse_latex` in the authors' grader
// (grader.symbolic_equal tries `parse_expr`, then `parse_latex`). The LaTeX parsing itself is done by
// @cortex-js/compute-engine (non-canonical, so nothing is evaluated or rewritten while parsing); its MathJSON is then
// mapped onto our tree. Constructs sympy's LaTeX grammar rejects (tuples, sets, lists, relations, \in, text,
// percent, degrees) are rejected here too, so they fall back to "not symbolically comparable", as upstream.

import { ComputeEngine } from '@cortex-js/compute-engine'
import { add, div, fn, mul, neg, num, pow, type Expr, type FnName } from './expr'

export class LatexParseError extends Error {}

let engine: ComputeEngine | null = null
function computeEngine(): ComputeEngine {
  engine ??= new ComputeEngine()
  return engine
}

type Json = unknown

const UNARY_HEADS: Record<string, FnName> = {
  Sqrt: 'sqrt', Exp: 'exp', Ln: 'ln', Lb: 'log2', Lg: 'log10', Abs: 'abs', Factorial: 'factorial',
  Sin: 'sin', Cos: 'cos', Tan: 'tan', Cot: 'cot', Sec: 'sec', Csc: 'csc', Arcsin: 'asin', Arccos: 'acos',
  Arctan: 'atan',
}

const SYMBOL_CONSTANTS: Record<string, Expr> = {
  Pi: { t: 'const', name: 'pi' },
  ExponentialE: { t: 'const', name: 'e' },
  PositiveInfinity: { t: 'const', name: 'inf' },
  NegativeInfinity: neg({ t: 'const', name: 'inf' }),
  Half: num(0.5),
}

function fromNumber(text: string): Expr {
  // MathJSON writes repeating decimals as "0.(3)"; expand a few periods, enough for double precision.
  const repeating = /^(-?\d*\.?\d*)\((\d+)\)$/.exec(text)
  const value = repeating ? Number(repeating[1]! + repeating[2]!.repeat(Math.ceil(20 / repeating[2]!.length))) : Number(text)
  if (Number.isNaN(value)) throw new LatexParseError(`number ${text}`)
  return num(value)
}

function fromMathJson(j: Json): Expr {
  if (typeof j === 'number') return num(j)
  if (typeof j === 'string') {
    if (j.startsWith("'")) throw new LatexParseError('text')
    const constant = SYMBOL_CONSTANTS[j]
    if (constant) return constant
    if (/^[A-Z][a-z]+[A-Z]/.test(j) || j === 'Nothing' || j === 'NaN') throw new LatexParseError(`symbol ${j}`)
    return { t: 'sym', name: j }
  }
  if (j !== null && typeof j === 'object' && !Array.isArray(j)) {
    const n = (j as { num?: unknown }).num
    if (typeof n === 'string') return fromNumber(n)
    const sym = (j as { sym?: unknown }).sym
    if (typeof sym === 'string') return fromMathJson(sym)
    const f = (j as { fn?: unknown }).fn
    if (Array.isArray(f)) return fromMathJson(f)
    throw new LatexParseError('unsupported MathJSON object')
  }
  if (!Array.isArray(j) || j.length === 0 || typeof j[0] !== 'string') throw new LatexParseError('unsupported MathJSON')
  const head = j[0]
  const args = j.slice(1).map((a: Json) => a)
  const sub = (i: number): Expr => fromMathJson(args[i])
  const all = (): Expr[] => args.map(fromMathJson)
  switch (head) {
    case 'Add': return add(...all())
    case 'Subtract': return args.length === 1 ? neg(sub(0)) : add(sub(0), ...args.slice(1).map((a) => neg(fromMathJson(a))))
    case 'Negate': return neg(sub(0))
    case 'Multiply':
    case 'InvisibleOperator': return mul(...all())
    case 'Divide':
    case 'Rational': return div(sub(0), sub(1))
    case 'Power': return pow(sub(0), sub(1))
    case 'Square': return pow(sub(0), num(2))
    case 'Root': return fn('root', sub(0), sub(1))
    case 'Log': return args.length > 1 ? fn('log', sub(0), sub(1)) : fn('log10', sub(0))
    case 'Delimiter':
    case 'Sequence': {
      // Parentheses around one expression; a comma-separated sequence is a tuple, which sympy cannot subtract.
      const inner = args[0]
      if (args.length === 0) throw new LatexParseError('empty delimiter')
      if (Array.isArray(inner) && inner[0] === 'Sequence') {
        if (inner.length !== 2) throw new LatexParseError('tuple')
        return fromMathJson(inner[1])
      }
      if (head === 'Sequence' && args.length !== 1) throw new LatexParseError('tuple')
      if (head === 'Delimiter' && args.length > 1 && typeof args[1] === 'string' && args[1].includes(',')) {
        throw new LatexParseError('tuple')
      }
      return fromMathJson(inner)
    }
    default: {
      const unary = UNARY_HEADS[head]
      if (unary && args.length === 1) return fn(unary, sub(0))
      throw new LatexParseError(`unsupported ${head}`)
    }
  }
}

// Parsing costs about a millisecond; graders see the same reference strings over and over (a batch of K samples,
// a validation set), so keep recent results. Cleared wholesale when full: simple and bounded.
const CACHE_LIMIT = 20_000
const cache = new Map<string, Expr | LatexParseError>()

/** Parse a LaTeX answer; throws LatexParseError where sympy's parse_latex would fail or give a non-expression. */
export function parseLatexExpr(latex: string): Expr {
  let hit = cache.get(latex)
  if (hit === undefined) {
    try {
      hit = parseUncached(latex)
    } catch (e) {
      if (!(e instanceof LatexParseError)) throw e
      hit = e
    }
    if (cache.size >= CACHE_LIMIT) cache.clear()
    cache.set(latex, hit)
  }
  if (hit instanceof LatexParseError) throw hit
  return hit
}

function parseUncached(latex: string): Expr {
  if (latex.trim() === '' || latex.includes('%') || /\\(?:text|mbox|circ|in|cup|cap|le|leq|ge|geq|ne|neq|pm)(?![A-Za-z])/.test(latex)) {
    throw new LatexParseError('not an expression')
  }
  const source = latex.replace(/\\[dt]frac/g, '\\frac')
  let json: Json
  try {
    json = computeEngine().parse(source, { canonical: false }).json
  } catch (e) {
    throw new LatexParseError(`compute-engine: ${(e as Error).message}`)
  }
  return fromMathJson(json)
}
