// Does a program's stdout answer a stdin/stdout test? The rule, exactly:
//   1. Both texts are split into lines (\r\n, \r and \n all end a line); each line is trimmed at both ends and
//      empty lines are dropped.
//   2. The outputs match when they have the same number of lines and every pair of lines matches.
//   3. Two lines match when they are identical, or when they split (on runs of whitespace) into the same number of
//      tokens and every pair of tokens matches: identical text, or, when at least one of the two is a decimal with
//      a fraction or exponent and both are decimals, |a − b| ≤ 1e-6 · max(1, |expected|).
//      Two integer tokens must be identical ("7" ≠ "07"), so a huge integer is never "close enough".
// The authors' runner (verl prime_code/testing_util.py) tries a cascade of comparisons; this keeps the ones that
// judge answers (trimming, blank lines, float tolerance, which it applies with np.allclose) and drops the one that
// compares lines as unordered sets of tokens, which accepts answers printed in the wrong order.

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const INTEGER = /^[+-]?\d+$/

export const FLOAT_TOLERANCE = 1e-6

function lines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
}

function tokensMatch(actual: string, expected: string): boolean {
  if (actual === expected) return true
  if (!DECIMAL.test(actual) || !DECIMAL.test(expected)) return false
  if (INTEGER.test(actual) && INTEGER.test(expected)) return false
  const a = Number(actual)
  const e = Number(expected)
  return Number.isFinite(a) && Number.isFinite(e) && Math.abs(a - e) <= FLOAT_TOLERANCE * Math.max(1, Math.abs(e))
}

function linesMatch(actual: string, expected: string): boolean {
  if (actual === expected) return true
  const a = actual.split(/\s+/)
  const e = expected.split(/\s+/)
  return a.length === e.length && a.every((token, i) => tokensMatch(token, e[i] as string))
}

export function stdoutMatches(actual: string, expected: string): boolean {
  const a = lines(actual)
  const e = lines(expected)
  return a.length === e.length && a.every((line, i) => linesMatch(line, e[i] as string))
}
