import { describe, expect, it } from 'vitest'
import { lastBoxed } from './last-boxed'

describe('lastBoxed', () => {
  it.each([
    ['so $x=\\boxed{4}$.', '4'],
    ['first \\boxed{1}, then \\boxed{2}', '2'],
    ['nested $\\boxed{\\frac{\\sqrt{3}}{3}}$', '\\frac{\\sqrt{3}}{3}'],
    ['a set $\\boxed{\\{1,2\\}}$', '\\{1,2\\}'],
    ['escaped brace not counted: $\\boxed{\\left\\{ x \\right.}$', '\\left\\{ x \\right.'],
    ['a line break then a group: $\\boxed{a\\\\{b}}$', 'a\\\\{b}'],
    ['space form: $\\boxed 5$ done', '5'],
    ['fbox fallback: \\fbox{7}', '7'],
    ['padded \\boxed{  12 } end', '12'],
  ])('%s → %s', (solution, answer) => {
    expect(lastBoxed(solution)).toEqual({ ok: true, answer })
  })

  it.each([
    ['no box here', /no \\boxed/],
    ['open \\boxed{1 + {2}', /never closed/],
    ['empty \\boxed{}', /empty/],
    ['\\boxed[3]', /not followed by \{/],
  ])('%s is refused', (solution, reason) => {
    const result = lastBoxed(solution)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.reason).toMatch(reason)
  })
})
