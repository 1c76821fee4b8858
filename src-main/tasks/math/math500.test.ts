// The math verifier on real, human-written answers: MATH-500 (../shared/datasets/math500.jsonl).
//  1. Every reference solution's last boxed answer, graded as "\boxed{<it>}", equals the problem's `answer`.
//  2. Cross pairs: graded against another problem's `answer`, a boxed answer is equal only when the two answers are
//     the same string, or one of the documented pairs in math500-known-equal.ts. Checking all 249,500
//     ordered pairs takes ~20 s on this 2-core machine (run math500-check.ts for that); this test checks, for each of
//     the 500 answers, (a) 40 other answers drawn with a seeded PRNG, (b) every answer with the same numeric value
//     (also ×100 and ÷100, the percent variants), and (c) every answer with the same Hendrycks-normalised string —
//     the pairs where a false "equal" could hide.
// Also prints the median and worst time per check.

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { sharedDataPresent, sharedPath } from '../../test-support/shared-data'
import { mulberry32 } from '../random'
import { closedFormValue } from './equivalence'
import { lastBoxedContent } from './extract'
import { gradeMath } from './grade-math'
import { expectedEqualAnswers } from './math500-known-equal'
import { normalizeHendrycks } from './normalize-hendrycks'
import { parseLatexExpr } from './parse-latex'
import { isClose, pyFloat } from './python-float'

interface Row {
  id: number
  solution: string
  answer: string
}

const DATA = sharedPath('datasets/math500.jsonl')
const haveData = sharedDataPresent(['datasets/math500.jsonl'], 'MATH-500 verifier tests')
const rows: Row[] = haveData ? readFileSync(DATA, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Row) : []

function numericValue(answer: string): number | null {
  const plain = pyFloat(answer.replaceAll(',', ''))
  if (plain !== null) return plain
  try {
    return closedFormValue(parseLatexExpr(answer))
  } catch {
    return null
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[s.length >> 1]!
}

describe.skipIf(!haveData)('math verifier on MATH-500', () => {
  const responses = rows.map((r) => {
    const boxed = lastBoxedContent(r.solution)
    if (boxed === null) throw new Error(`${DATA}: line ${r.id + 1}: solution has no \\boxed{}`)
    return `\\boxed{${boxed}}`
  })

  it('grades every reference solution\'s boxed answer equal to its answer', () => {
    const times: number[] = []
    const failures: string[] = []
    rows.forEach((r, i) => {
      const t = performance.now()
      const g = gradeMath(responses[i]!, r.answer)
      times.push(performance.now() - t)
      if (g.score !== 1) failures.push(`${r.id}: ${responses[i]} vs ${r.answer} (${g.detail})`)
    })
    console.log(`MATH-500 self check: ${rows.length - failures.length}/${rows.length} equal; per check median ${median(times).toFixed(3)} ms, worst ${Math.max(...times).toFixed(1)} ms`)
    expect(failures).toEqual([])
  })

  it('grades no boxed answer equal to a different answer (seeded sample + same-value + same-normal-form pairs)', () => {
    const rng = mulberry32(500)
    const values = rows.map((r) => numericValue(r.answer))
    const normal = rows.map((r) => normalizeHendrycks(r.answer))
    const pairs = new Set<number>()
    for (let i = 0; i < rows.length; i++) {
      for (let k = 0; k < 40; k++) {
        const j = rng.int(0, rows.length - 2)
        pairs.add(i * rows.length + (j >= i ? j + 1 : j))
      }
      for (let j = 0; j < rows.length; j++) {
        if (j === i) continue
        const vi = values[i]
        const vj = values[j]
        const sameValue = vi != null && vj != null && [vj, vj * 100, vj / 100].some((v) => isClose(vi, v, 1e-4))
        if (sameValue || normal[i] === normal[j]) pairs.add(i * rows.length + j)
      }
    }
    const times: number[] = []
    const wrong: string[] = []
    let gradedEqual = 0
    let identical = 0
    for (const key of pairs) {
      const i = Math.floor(key / rows.length)
      const j = key % rows.length
      const t = performance.now()
      const equal = gradeMath(responses[i]!, rows[j]!.answer).score === 1
      times.push(performance.now() - t)
      if (equal) gradedEqual++
      if (rows[i]!.answer === rows[j]!.answer) identical++
      if (equal !== expectedEqualAnswers(rows[i]!.answer, rows[j]!.answer)) wrong.push(`${responses[i]} vs ${rows[j]!.answer} -> ${equal}`)
    }
    console.log(
      `MATH-500 cross check: ${pairs.size} ordered pairs checked, ${gradedEqual} graded equal, ${identical} with identical answer strings, ` +
        `${wrong.length} unexpected; per check median ${median(times).toFixed(3)} ms, worst ${Math.max(...times).toFixed(1)} ms`,
    )
    expect(wrong).toEqual([])
  })
})
