// The reference answer of a MATH-style solution: the content of its last \boxed{...}. This follows the convention of
// Hendrycks et al.'s MATH code (`last_boxed_only_string` + `remove_boxed` in their math_equivalence utilities, which
// PRIME's eval code reuses): the last "\boxed" wins, "\fbox" is the fallback, and "\boxed 5" (a space instead of
// braces) runs to the next "$". One departure: escaped braces "\{" "\}" are not counted when matching, so
// \boxed{\left\{ x \right.} closes at its real brace.

export type BoxedResult = { ok: true; answer: string } | { ok: false; reason: string }

export function lastBoxed(solution: string): BoxedResult {
  let command = '\\boxed'
  let start = solution.lastIndexOf(command)
  if (start < 0) {
    command = '\\fbox'
    start = solution.lastIndexOf(command)
  }
  if (start < 0) return { ok: false, reason: 'no \\boxed{...} answer in the solution' }
  const i = start + command.length
  if (solution[i] === ' ') {
    const end = solution.indexOf('$', i)
    const answer = solution.slice(i + 1, end < 0 ? undefined : end).trim()
    return answer === '' ? { ok: false, reason: `${command} at character ${start + 1} is empty` } : { ok: true, answer }
  }
  if (solution[i] !== '{') return { ok: false, reason: `${command} at character ${start + 1} is not followed by {` }
  let depth = 0
  for (let j = i; j < solution.length; j++) {
    const c = solution[j]
    if ((c === '{' || c === '}') && isEscaped(solution, j)) continue
    if (c === '{') depth += 1
    else if (c === '}') {
      depth -= 1
      if (depth === 0) {
        const answer = solution.slice(i + 1, j).trim()
        return answer === '' ? { ok: false, reason: `${command} at character ${start + 1} is empty` } : { ok: true, answer }
      }
    }
  }
  return { ok: false, reason: `the { of ${command} at character ${start + 1} is never closed` }
}

/** Preceded by an odd number of backslashes: "\{" is a literal brace, "\\{" is a line break then a group. */
function isEscaped(text: string, index: number): boolean {
  let backslashes = 0
  for (let k = index - 1; k >= 0 && text[k] === '\\'; k--) backslashes += 1
  return backslashes % 2 === 1
}
