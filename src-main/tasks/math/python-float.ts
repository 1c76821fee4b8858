// The upstream grader leans on Python's `float(str)` to decide what "is a number" (grader.py `is_digit`,
// math_util/__init__.py `_is_float`, `_str_is_int`). Python accepts more than JS `Number()` (underscores between
// digits, "inf"/"nan" words) and less (hex, empty string, "Infinity" only case-insensitively), so emulate it.

const PY_FLOAT_LITERAL = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/

/** Python `float(s)`, or null where Python raises ValueError. */
export function pyFloat(s: string): number | null {
  const t = s.trim()
  const word = /^([+-]?)(inf|infinity|nan)$/i.exec(t)
  if (word) {
    if (word[2]!.toLowerCase() === 'nan') return NaN
    return word[1] === '-' ? -Infinity : Infinity
  }
  if (!PY_FLOAT_LITERAL.test(t)) return null
  return Number(t.replace(/_/g, ''))
}

/** Python `str(int(x))` for a finite float: never switches to exponent notation like JS does past 1e21. */
export function pyIntString(x: number): string {
  return BigInt(Math.trunc(x)).toString()
}

/** Python `round(x)` (banker's rounding: halves go to the even neighbour). */
export function pyRound(x: number): number {
  const r = Math.round(x)
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r
}

/** Python `math.isclose(a, b, rel_tol=relTol)` with abs_tol 0. */
export function isClose(a: number, b: number, relTol: number): boolean {
  if (a === b) return true
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false
  return Math.abs(a - b) <= relTol * Math.max(Math.abs(a), Math.abs(b))
}
