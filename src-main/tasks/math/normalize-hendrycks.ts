// Hendrycks' MATH `_strip_string` normalisation as shipped in PRM800K's grading/math_normalize.py and copied into
// PRIME (math_util/math_normalize.py, used by `grade_answer` "to be at least as lenient as mathd"). Written from the
// behaviour: the order of the rewrites matters and is kept. Where upstream raises inside `_strip_string`
// (a bare trailing "\frac"/"\sqrt", two "\text{ " unit suffixes), `normalize_answer` falls back to the trimmed
// input; `StripError` models that.

class StripError extends Error {}

function fixFracs(s: string): string {
  const parts = s.split('\\frac')
  let out = parts[0]!
  for (const part of parts.slice(1)) {
    out += '\\frac'
    if (part.length === 0) throw new StripError('bare \\frac')
    if (part[0] === '{') {
      out += part
      continue
    }
    if (part.length < 2) return s
    const a = part[0]!
    const b = part[1]!
    out += b !== '{' ? `{${a}}{${b}}${part.slice(2)}` : `{${a}}${b}${part.slice(2)}`
  }
  return out
}

/** "3/4" (two plain integers) -> "\frac{3}{4}". */
function fixSlashFraction(s: string): string {
  const parts = s.split('/')
  if (parts.length !== 2) return s
  const [a, b] = parts as [string, string]
  if (!/^\s*[+-]?\d+\s*$/.test(a) || !/^\s*[+-]?\d+\s*$/.test(b)) return s
  const ai = BigInt(a.trim())
  const bi = BigInt(b.trim())
  if (s !== `${ai}/${bi}`) return s
  return `\\frac{${ai}}{${bi}}`
}

/** "\text{ " only ever introduces units in MATH, so drop it and what follows. */
function removeRightUnits(s: string): string {
  if (!s.includes('\\text{ ')) return s
  const parts = s.split('\\text{ ')
  if (parts.length !== 2) throw new StripError('more than one unit suffix')
  return parts[0]!
}

function fixSqrt(s: string): string {
  if (!s.includes('\\sqrt')) return s
  const parts = s.split('\\sqrt')
  let out = parts[0]!
  for (const part of parts.slice(1)) {
    if (part.length === 0) throw new StripError('bare \\sqrt')
    out += part[0] !== '{' ? `\\sqrt{${part[0]}}${part.slice(1)}` : `\\sqrt${part}`
  }
  return out
}

function stripString(input: string): string {
  let s = input.replace(/\n/g, '')
  s = s.replaceAll('\\!', '')
  s = s.replaceAll('\\\\', '\\')
  s = s.replaceAll('tfrac', 'frac').replaceAll('dfrac', 'frac')
  s = s.replaceAll('\\left', '').replaceAll('\\right', '')
  s = s.replaceAll('^{\\circ}', '').replaceAll('^\\circ', '')
  s = s.replaceAll('\\$', '')
  s = removeRightUnits(s)
  s = s.replaceAll('\\%', '')
  s = s.replaceAll(' .', ' 0.').replaceAll('{.', '{0.')
  if (s.length === 0) return s
  if (s[0] === '.') s = '0' + s
  // "k = 5" -> "5" when the left side is a short name (at most two characters).
  const sides = s.split('=')
  if (sides.length === 2 && sides[0]!.length <= 2) s = sides[1]!
  s = fixSqrt(s)
  s = s.replaceAll(' ', '')
  s = fixFracs(s)
  if (s === '0.5') s = '\\frac{1}{2}'
  return fixSlashFraction(s)
}

/** PRM800K `math_normalize.normalize_answer`. */
export function normalizeHendrycks(answer: string): string {
  let s = answer.trim()
  const text = /^\\text\{(.+?)\}$/.exec(s)
  if (text) s = text[1]!.trim()
  try {
    return stripString(s)
  } catch (e) {
    if (e instanceof StripError) return s
    throw e
  }
}
