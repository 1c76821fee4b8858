import { readFileSync } from 'node:fs'
import { gradeMath } from './src-main/tasks/math/grade-math'
import { lastBoxedContent } from './src-main/tasks/math/extract'
const rows = readFileSync('/work/shared/datasets/math500.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l))
const responses = rows.map((r) => `\\boxed{${lastBoxedContent(r.solution)}}`)
const t0 = performance.now()
let eq = 0, n = 0
const slow: [number, number, number][] = []
const hits = new Map<string, number>()
for (let i = 0; i < rows.length; i++) {
  for (let j = 0; j < rows.length; j++) {
    if (i === j) continue
    const t = performance.now()
    const g = gradeMath(responses[i]!, rows[j].answer)
    const ms = performance.now() - t
    if (ms > 20) slow.push([i, j, ms])
    n++
    if (g.score === 1) { eq++; const k = `${rows[i].answer} ~ ${rows[j].answer} (${g.detail})`; hits.set(k, (hits.get(k) ?? 0) + 1) }
  }
}
console.log('pairs', n, 'equal', eq, 'seconds', ((performance.now() - t0) / 1000).toFixed(1))
const diff = [...hits].filter(([k]) => { const [a, b] = k.split(' ~ '); return a !== b!.replace(/ \(.*$/, '') })
console.log('distinct-string equal pairs:', diff.length)
for (const [k, c] of diff) console.log(c, k)
console.log('slow', slow.length, slow.slice(0, 10))
