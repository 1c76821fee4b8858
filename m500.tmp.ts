import { readFileSync } from 'node:fs'
import { gradeMath } from './src-main/tasks/math/grade-math'
const rows = readFileSync('/work/shared/datasets/math500.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l))
let ok = 0
const times: number[] = []
for (const r of rows) {
  const t = performance.now()
  const g = gradeMath(r.solution, r.answer)
  times.push(performance.now() - t)
  if (g.score === 1) ok++
  else console.log('SELF-FAIL', r.id, JSON.stringify(r.answer), JSON.stringify(g.extracted), g.detail)
}
times.sort((a, b) => a - b)
console.log('self', ok, '/', rows.length, 'median', times[times.length >> 1]!.toFixed(3), 'max', times.at(-1)!.toFixed(1))
