import { describe, expect, it } from 'vitest'
import { answerKind } from './answer-kind'

describe('answerKind', () => {
  it.each([
    ['42', 'integer'],
    ['-120', 'integer'],
    ['11,111,111,100', 'integer'],
    ['18.90', 'decimal'],
    ['.35625', 'decimal'],
    ['3/4', 'fraction'],
    ['\\frac{11}{2}', 'fraction'],
    ['-\\dfrac{17}{50}', 'fraction'],
    ['\\frac{270}7', 'fraction'],
    ['137\\frac{1}{2}', 'fraction'],
    ['[-2,7]', 'interval'],
    ['(\\frac{3}{5},\\frac{8}{3}]', 'interval'],
    ['(5,\\infty)', 'interval'],
    ['(-\\infty,2)\\cup(3,\\infty)', 'interval'],
    ['(8,-2)', 'tuple'],
    ['(1,-16,-4,43)', 'tuple'],
    ['3,5,7', 'tuple'],
    ['\\{1\\pm\\sqrt{5},-2\\}', 'tuple'],
    ['\\frac{\\sqrt{3}}{3}', 'latex'],
    ['6r^2-4r-24', 'latex'],
    ['\\begin{pmatrix}-7\\\\16\\\\5\\end{pmatrix}', 'latex'],
    ['2k', 'latex'],
    ['p-q', 'latex'],
    ['Evelyn', 'text'],
    ['\\text{east}', 'text'],
    ['(B)', 'text'],
    ['$7$', 'integer'],
  ])('%s is %s', (reference, kind) => {
    expect(answerKind(reference)).toBe(kind)
  })
})
