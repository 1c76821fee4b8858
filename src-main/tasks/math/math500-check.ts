// The full MATH-500 cross check (all 500 x 499 ordered pairs, ~20 s on 2 cores), too slow for the unit tests, which
// check a targeted sample (math500.test.ts). Run: npx tsx src-main/tasks/math/math500-check.ts
// Prints the self-check count, the number of cross pairs graded equal, any unexpected equal pair, and timings.

import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { lastBoxedContent } from './extract'
import { gradeMath } from './grade-math'
import { expectedEqualAnswers } from './math500-known-equal'

interface Row {
  id: number
  solution: string
  answer: string
}

const path = resolve(process.cwd(), process.argv[2] ?? '../shared/datasets/math500.jsonl')
const rows = readFileSync(path, 'utf8').trim().split('\n').map((l, n) => {
  const r = JSON.parse(l) as Row
  if (typeof r.solution !== 'string' || typeof r.answer !== 'string') throw new Error(`${path}: line ${n + 1}: needs string fields "solution" and "answer"`)
  return r
})
const responses = rows.map((r, n) => {
  const boxed = lastBoxedContent(r.solution)
  if (boxed === null) throw new Error(`${path}: line ${n + 1}: solution has no \\boxed{}`)
  return `\\boxed{${boxed}}`
})

const times: number[] = []
const timed = (response: string, reference: string): boolean => {
  const t = performance.now()
  const equal = gradeMath(response, reference).score === 1
  times.push(performance.now() - t)
  return equal
}

const selfEqual = rows.filter((r, i) => timed(responses[i]!, r.answer)).length
let pairs = 0
let gradedEqual = 0
let identical = 0
const unexpected: string[] = []
for (let i = 0; i < rows.length; i++) {
  for (let j = 0; j < rows.length; j++) {
    if (i === j) continue
    pairs++
    const equal = timed(responses[i]!, rows[j]!.answer)
    if (equal) gradedEqual++
    if (rows[i]!.answer === rows[j]!.answer) identical++
    if (equal !== expectedEqualAnswers(rows[i]!.answer, rows[j]!.answer)) unexpected.push(`${rows[i]!.id} ${responses[i]} vs ${rows[j]!.id} ${rows[j]!.answer}: ${equal}`)
  }
}
times.sort((a, b) => a - b)
console.log(`self check: ${selfEqual}/${rows.length} boxed answers equal to their answer`)
console.log(`cross check: ${pairs} ordered pairs, ${gradedEqual} graded equal, ${identical} with identical answer strings, ${unexpected.length} unexpected`)
for (const u of unexpected) console.log(`  unexpected: ${u}`)
console.log(`per check: median ${times[times.length >> 1]!.toFixed(3)} ms, p99 ${times[Math.floor(times.length * 0.99)]!.toFixed(3)} ms, worst ${times.at(-1)!.toFixed(1)} ms over ${times.length} checks`)
