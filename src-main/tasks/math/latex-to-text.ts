// A small LaTeX-to-plain-text renderer standing in for pylatexenc's `LatexNodes2Text().latex_to_text`, which the
// PRM800K/PRIME normaliser (`_parse_latex` in math_util/__init__.py) uses before handing an answer to sympy.
// It covers what final answers contain: fractions, roots, symbols, font/text macros, \left/\right, groups.
// Output conventions follow pylatexenc 2.10 where they matter downstream:
//  - \sqrt{x} -> "√(x)" (the caller then rewrites "√" to "sqrt"), \pi -> "π", \infty -> "∞", \cdot -> "·",
//    \times -> "×", \cup -> "∪"; other known symbols map to their Unicode character (which sympy cannot parse, so
//    such answers only ever match as strings, as upstream);
//  - braces of plain groups disappear ("x^{2}" -> "x^2"), unknown macros drop their name and keep their arguments.
// Departure (documented on purpose): pylatexenc writes \frac{a}{b} as "a/b" even for compound parts, so
// "\frac{x+1}{2}" would read as "x+1/2"; here compound numerators/denominators get parentheses ("(x+1)/2"), which
// only ever makes equal things compare equal where upstream compared the wrong expressions.
// \sqrt[n]{x} becomes "(x)^(1/(n))" (pylatexenc 2.10 drops the degree).

const SYMBOLS: Record<string, string> = {
  pi: 'π', infty: '∞', cdot: '·', times: '×', cup: '∪', cap: '∩', div: '÷', pm: '±', mp: '∓',
  le: '≤', leq: '≤', ge: '≥', geq: '≥', ne: '≠', neq: '≠', lt: '<', gt: '>', in: '∈', notin: '∉', circ: '∘',
  approx: '≈', to: '→', rightarrow: '→', infinity: '∞', emptyset: '∅', varnothing: '∅', setminus: '∖',
  ldots: '...', dots: '...', cdots: '...', dotsc: '...', dotsb: '...',
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η',
  theta: 'θ', vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', rho: 'ρ',
  sigma: 'σ', tau: 'τ', upsilon: 'υ', phi: 'φ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
  sin: 'sin', cos: 'cos', tan: 'tan', cot: 'cot', sec: 'sec', csc: 'csc', log: 'log', ln: 'ln', exp: 'exp',
  arcsin: 'arcsin', arccos: 'arccos', arctan: 'arctan', max: 'max', min: 'min', gcd: 'gcd', deg: 'deg',
  quad: '  ', qquad: '   ', ' ': ' ', ',': ' ', ';': ' ', ':': ' ', '!': '', '%': '%', $: '$', '{': '{', '}': '}',
  '&': '&', '#': '#', _: '_', '\\': '\n', '(': '', ')': '', '[': '', ']': '',
}

/** Macros whose output is their (last) argument's text: fonts, text boxes, accents. */
const PASS_THROUGH = new Set([
  'text', 'textbf', 'textit', 'textrm', 'textsf', 'texttt', 'textup', 'emph', 'mbox', 'hbox', 'mathrm', 'mathbf',
  'mathit', 'mathsf', 'mathtt', 'mathbb', 'mathcal', 'mathfrak', 'boldsymbol', 'bm', 'operatorname', 'hat', 'bar',
  'vec', 'overline', 'underline', 'tilde', 'widehat', 'widetilde', 'overrightarrow', 'dot', 'ddot',
])

/** Macros that render as nothing and take no argument (sizing, \left/\right before a delimiter). */
const SILENT = new Set([
  'left', 'right', 'big', 'Big', 'bigg', 'Bigg', 'bigl', 'bigr', 'Bigl', 'Bigr', 'biggl', 'biggr', 'displaystyle',
  'textstyle', 'limits', 'nolimits', 'middle',
])

class Renderer {
  private pos = 0
  constructor(private readonly src: string) {}

  render(): string {
    return this.sequence(false)
  }

  private sequence(inGroup: boolean): string {
    let out = ''
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos]!
      if (ch === '}') {
        if (inGroup) return out
        this.pos++ // a stray closing brace renders as nothing, as a LaTeX parser in tolerant mode would
        continue
      }
      if (ch === '{') {
        this.pos++
        out += this.sequence(true)
        this.pos++
        continue
      }
      if (ch === '\\') {
        out += this.macro()
        continue
      }
      if (ch === '$') {
        this.pos++
        continue
      }
      out += ch
      this.pos++
    }
    return out
  }

  private readName(): string {
    const rest = this.src.slice(this.pos)
    const word = /^[A-Za-z]+/.exec(rest)
    if (word) {
      this.pos += word[0].length
      return word[0]
    }
    if (rest.length === 0) return ''
    this.pos++
    return rest[0]!
  }

  /** One macro argument: a braced group, a macro, or a single non-space character. */
  private argument(): string {
    while (this.src[this.pos] === ' ') this.pos++
    const ch = this.src[this.pos]
    if (ch === undefined) return ''
    if (ch === '{') {
      this.pos++
      const text = this.sequence(true)
      this.pos++
      return text
    }
    if (ch === '\\') return this.macro()
    this.pos++
    return ch
  }

  private optionalArgument(): string | null {
    if (this.src[this.pos] !== '[') return null
    const close = this.src.indexOf(']', this.pos)
    if (close < 0) return null
    const inner = new Renderer(this.src.slice(this.pos + 1, close)).render()
    this.pos = close + 1
    return inner
  }

  private macro(): string {
    this.pos++ // backslash
    const name = this.readName()
    if (name === 'frac' || name === 'dfrac' || name === 'tfrac' || name === 'cfrac') {
      const num = this.argument()
      const den = this.argument()
      return `${wrapCompound(num)}/${wrapCompound(den)}`
    }
    if (name === 'sqrt') {
      const degree = this.optionalArgument()
      const radicand = this.argument()
      return degree === null ? `√(${radicand})` : `(${radicand})^(1/(${degree}))`
    }
    if (name === 'begin' || name === 'end') {
      this.argument()
      return ''
    }
    if (PASS_THROUGH.has(name)) return this.argument()
    if (SILENT.has(name)) return ''
    const symbol = SYMBOLS[name]
    return symbol ?? ''
  }
}

/** Index of the parenthesis closing the one at `open`, or -1. */
function closingParen(text: string, open: number): number {
  let depth = 0
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++
    else if (text[i] === ')' && --depth === 0) return i
  }
  return -1
}

function isAtomic(t: string): boolean {
  if (/^(?:[A-Za-z]|\d+(?:\.\d+)?)$/.test(t)) return true
  const open = t.startsWith('(') ? 0 : t.startsWith('√(') ? 1 : -1
  return open >= 0 && closingParen(t, open) === t.length - 1
}

function wrapCompound(part: string): string {
  const t = part.trim()
  return isAtomic(t) ? t : `(${t})`
}

export function latexToText(latex: string): string {
  return new Renderer(latex).render()
}
