// Static and symbolic dimensions. A dimension is a number, or a string naming a product of symbols with an optional
// integer factor in canonical form ("B", "B*T", "4*B"), so that Reshape(-1) and broadcasting can reason about
// symbolic sizes at build time instead of failing at run time inside ONNX Runtime.

export type Dim = number | string
export type Shape = readonly Dim[]

interface DimTerm {
  factor: number
  symbols: string[]
}

const SYMBOL = /^[A-Za-z_][A-Za-z0-9_]*$/

function parseDim(dim: Dim): DimTerm {
  if (typeof dim === 'number') return { factor: dim, symbols: [] }
  let factor = 1
  const symbols: string[] = []
  for (const part of dim.split('*')) {
    if (/^\d+$/.test(part)) factor *= Number(part)
    else if (SYMBOL.test(part)) symbols.push(part)
    else throw new Error(`invalid symbolic dimension "${dim}" (expected symbols and integers joined by "*")`)
  }
  return { factor, symbols: symbols.sort() }
}

function formatDim(term: DimTerm): Dim {
  if (term.symbols.length === 0) return term.factor
  const symbols = term.symbols.join('*')
  return term.factor === 1 ? symbols : `${term.factor}*${symbols}`
}

/** Canonical form of a dimension: equal sizes compare equal with `===`. */
export function canonicalDim(dim: Dim): Dim {
  return formatDim(parseDim(dim))
}

export function dimEquals(a: Dim, b: Dim): boolean {
  return canonicalDim(a) === canonicalDim(b)
}

export function shapeEquals(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => dimEquals(d, b[i] as Dim))
}

export function dimProduct(dims: Shape): Dim {
  const term: DimTerm = { factor: 1, symbols: [] }
  for (const d of dims) {
    const t = parseDim(d)
    term.factor *= t.factor
    term.symbols.push(...t.symbols)
  }
  term.symbols.sort()
  return formatDim(term)
}

/** a / b, or null when the quotient is not an exact dimension expression. */
export function dimDivide(a: Dim, b: Dim): Dim | null {
  const ta = parseDim(a)
  const tb = parseDim(b)
  if (tb.factor === 0 || ta.factor % tb.factor !== 0) return null
  const symbols = [...ta.symbols]
  for (const s of tb.symbols) {
    const i = symbols.indexOf(s)
    if (i < 0) return null
    symbols.splice(i, 1)
  }
  return formatDim({ factor: ta.factor / tb.factor, symbols })
}

/**
 * a + b + ... when it is expressible: a number, or one plain symbol plus a constant, named canonically
 * ("T_plus_1"), so that two tensors grown by the same concatenations keep equal dims. Otherwise null.
 */
export function dimSum(dims: Shape): Dim | null {
  let constant = 0
  let symbol: string | null = null
  for (const d of dims) {
    if (typeof d === 'number') {
      constant += d
      continue
    }
    const m = /^(.*)_plus_(\d+)$/.exec(d)
    const [base, offset] = m ? [m[1]!, Number(m[2])] : [d, 0]
    if (symbol !== null || !SYMBOL.test(base)) return null
    symbol = base
    constant += offset
  }
  if (symbol === null) return constant
  return constant === 0 ? symbol : `${symbol}_plus_${constant}`
}

export function isStatic(shape: Shape): shape is readonly number[] {
  return shape.every((d) => typeof d === 'number')
}

export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1)
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`
}

/** Numpy-style broadcast of several shapes; throws on incompatible dimensions. */
export function broadcastShapes(shapes: Shape[], what: string): Dim[] {
  const rank = Math.max(...shapes.map((s) => s.length))
  const out: Dim[] = []
  for (let i = 0; i < rank; i++) {
    let dim: Dim = 1
    for (const shape of shapes) {
      const d = shape[shape.length - rank + i]
      if (d === undefined || dimEquals(d, 1)) continue
      if (dimEquals(dim, 1)) dim = canonicalDim(d)
      else if (!dimEquals(dim, d)) {
        throw new Error(`${what}: cannot broadcast shapes ${shapes.map(formatShape).join(' and ')}`)
      }
    }
    out.push(dim)
  }
  return out
}

export function normalizeAxis(axis: number, rank: number, what: string): number {
  const a = axis < 0 ? axis + rank : axis
  if (a < 0 || a >= rank) throw new Error(`${what}: axis ${axis} is out of range for rank ${rank}`)
  return a
}
