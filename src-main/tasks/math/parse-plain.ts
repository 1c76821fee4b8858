// Parser for answers written as plain text expressions, in the two dialects the authors' grader feeds to sympy
// (PRIME math_util/__init__.py and grader.py):
//  - 'implicit': `_sympy_parse` in grade_answer — "^" already rewritten to "**", `parse_expr` with the standard
//    transformations plus `implicit_multiplication_application`: juxtaposition multiplies ("2x", "2sqrt(2)",
//    "x(x+1)"), unknown multi-letter names split into letters ("xy" -> x*y), digits in names split off;
//  - 'python': `parse_expr` with the default transformations in grader.symbolic_equal — Python syntax, so
//    juxtaposition is an error and "^" is Python's bitwise xor (sympy Integers support it: "2^10" is 8).
// Anything these dialects reject (commas/tuples, brackets, braces, relations, unknown characters) throws
// ParseError, which the grader treats like sympy's exceptions: "cannot compare symbolically".

import { add, div, fn, mul, neg, num, pow, type Expr, type FnName } from './expr'

export class ParseError extends Error {}

export type PlainDialect = 'implicit' | 'python'

type Token = { k: 'num'; text: string } | { k: 'name'; text: string } | { k: 'op'; text: string }

const FUNCTIONS: Record<string, FnName> = {
  sqrt: 'sqrt', exp: 'exp', ln: 'ln', log: 'log', abs: 'abs', Abs: 'abs', factorial: 'factorial',
  sin: 'sin', cos: 'cos', tan: 'tan', cot: 'cot', sec: 'sec', csc: 'csc', asin: 'asin', acos: 'acos', atan: 'atan',
}
const CONSTANTS: Record<string, Expr> = { pi: { t: 'const', name: 'pi' }, E: { t: 'const', name: 'e' }, oo: { t: 'const', name: 'inf' } }
const GREEK = new Set([
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu', 'nu', 'xi',
  'omicron', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'chi', 'psi', 'omega',
])

function tokenize(src: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < src.length) {
    const rest = src.slice(i)
    const space = /^\s+/.exec(rest)
    if (space) {
      i += space[0].length
      continue
    }
    const number = /^(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d+)?/.exec(rest)
    if (number) {
      tokens.push({ k: 'num', text: number[0].replace(/_/g, '') })
      i += number[0].length
      continue
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest)
    if (name) {
      tokens.push({ k: 'name', text: name[0] })
      i += name[0].length
      continue
    }
    const op = /^(?:\*\*|[-+*/^()!])/.exec(rest)
    if (!op) throw new ParseError(`unexpected character ${JSON.stringify(rest[0])}`)
    tokens.push({ k: 'op', text: op[0] })
    i += op[0].length
  }
  return tokens
}

/** sympy's split_symbols: an unknown multi-letter name becomes a product of letters and digit runs. */
function splitName(name: string): Token[] {
  if (name.includes('_') || GREEK.has(name) || name.length === 1) return [{ k: 'name', text: name }]
  return (name.match(/[A-Za-z]|\d+/g) ?? []).map((part) =>
    /\d/.test(part) ? ({ k: 'num', text: part } as Token) : ({ k: 'name', text: part } as Token),
  )
}

class Parser {
  private pos = 0
  constructor(
    private readonly tokens: Token[],
    private readonly dialect: PlainDialect,
  ) {}

  parse(): Expr {
    const e = this.xorLevel()
    if (this.pos < this.tokens.length) throw new ParseError(`unexpected ${JSON.stringify(this.tokens[this.pos]!.text)}`)
    return e
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos]
  }

  private isOp(text: string): boolean {
    const t = this.peek()
    return t !== undefined && t.k === 'op' && t.text === text
  }

  private xorLevel(): Expr {
    let left = this.sum()
    while (this.isOp('^')) {
      this.pos++
      left = fn('xor', left, this.sum())
    }
    return left
  }

  private sum(): Expr {
    let left = this.product()
    for (;;) {
      if (this.isOp('+')) {
        this.pos++
        left = add(left, this.product())
      } else if (this.isOp('-')) {
        this.pos++
        left = add(left, neg(this.product()))
      } else return left
    }
  }

  private startsAtom(): boolean {
    const t = this.peek()
    return t !== undefined && (t.k !== 'op' || t.text === '(')
  }

  private product(): Expr {
    let left = this.unary()
    for (;;) {
      if (this.isOp('*')) {
        this.pos++
        left = mul(left, this.unary())
      } else if (this.isOp('/')) {
        this.pos++
        left = div(left, this.unary())
      } else if (this.dialect === 'implicit' && this.startsAtom()) {
        left = mul(left, this.unary())
      } else return left
    }
  }

  private unary(): Expr {
    if (this.isOp('-')) {
      this.pos++
      return neg(this.unary())
    }
    if (this.isOp('+')) {
      this.pos++
      return this.unary()
    }
    return this.power()
  }

  private power(): Expr {
    const base = this.postfix()
    if (this.isOp('**')) {
      this.pos++
      return pow(base, this.unary()) // right-associative and binds tighter than a unary minus on its left
    }
    return base
  }

  private postfix(): Expr {
    let e = this.atom()
    while (this.isOp('!')) {
      this.pos++
      e = fn('factorial', e)
    }
    return e
  }

  private atom(): Expr {
    const t = this.peek()
    if (t === undefined) throw new ParseError('unexpected end of expression')
    this.pos++
    if (t.k === 'num') return num(Number(t.text))
    if (t.k === 'op') {
      if (t.text !== '(') throw new ParseError(`unexpected ${JSON.stringify(t.text)}`)
      const inner = this.xorLevel()
      if (!this.isOp(')')) throw new ParseError('missing ")"')
      this.pos++
      return inner
    }
    const f = FUNCTIONS[t.text]
    if (f) {
      if (this.isOp('(')) {
        this.pos++
        const arg = this.xorLevel()
        if (!this.isOp(')')) throw new ParseError(`missing ")" after ${t.text}(`)
        this.pos++
        return fn(f, arg)
      }
      // implicit_application: "sqrt 2" -> sqrt(2)
      if (this.dialect === 'implicit' && this.startsAtom()) return fn(f, this.power())
      throw new ParseError(`function ${t.text} without arguments`)
    }
    const constant = CONSTANTS[t.text]
    if (constant) return constant
    if (this.dialect === 'implicit') {
      const parts = splitName(t.text)
      if (parts.length > 1) {
        this.tokens.splice(this.pos - 1, 1, ...parts)
        this.pos--
        return this.atom()
      }
    }
    return { t: 'sym', name: t.text }
  }
}

export function parsePlain(src: string, dialect: PlainDialect): Expr {
  const tokens = tokenize(src)
  if (tokens.length === 0) throw new ParseError('empty expression')
  return new Parser(tokens, dialect).parse()
}
