import { readFileSync } from 'node:fs'
import { gradeMath } from './src-main/tasks/math/grade-math'
const d = JSON.parse(readFileSync('/work/shared/fixtures/math-grader-golden.json', 'utf8'))
let agree = 0
for (const p of d.pairs) {
  const t = performance.now()
  const g = gradeMath(p.model_output, p.ground_truth, { exactUpstream: true })
  const ms = performance.now() - t
  const ok = (g.score === 1) === p.verdict
  if (ok) agree++
  if (!ok || g.extracted !== p.extracted) console.log(ok ? 'EXTRACT-DIFF' : 'DISAGREE', p.id, JSON.stringify(p.model_output), JSON.stringify(p.ground_truth), 'golden', p.verdict, p.decided_by, 'ours', g.score, g.detail, JSON.stringify(g.extracted), 'upstream', JSON.stringify(p.extracted), ms.toFixed(1))
}
console.log(`agree ${agree}/${d.pairs.length}`)
