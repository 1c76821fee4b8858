// The paired study (src-preload/analysis/study-readout.ts) as terminal text, for `prime-workbench compare` and
// `npm run bench:science`: the same figures the Compare view and the report show, in blank-line-separated blocks.
import type { StudyReadout } from '../../src-preload/analysis'
import { formatTable } from './format'

/** The paired study (src-preload/analysis/study-readout.ts) as blank-line-separated blocks; none without a study pairing. */
export function studyBlocks(study: StudyReadout): string[] {
  if (study.comparisons.length === 0) return []
  const gates = study.gates.map((g) => `  ${g.title}: ${g.passed === null ? 'n/a' : g.passed ? 'passed' : 'FAILED'} — ${g.detail}${g.consequence ? ` ${g.consequence}` : ''}`)
  const arms = formatTable(['arm', 'runs', 'final val acc (mean ± SE over runs)', 'test acc (mean ± SE over runs)'], study.arms.map((a) => [a.label, a.runs, a.validation, a.test]))
  const blocks = [`paired study: ${study.description}`, `gates:\n${gates.join('\n')}`, `arms:\n${arms}`]
  for (const c of study.comparisons) {
    const pairs = formatTable(
      ['seed', 'arm run', 'baseline run', 'N', 'AUC arm', 'AUC baseline', 'AUC diff', 'level', 'baseline iters', 'arm iters', 'reach ratio'],
      c.pairs.map((p) => [p.seed, p.armRun, p.baselineRun, p.iterations, p.armAuc, p.baselineAuc, p.aucDifference, p.level, p.baselineReach, p.armReach, p.reachRatio]),
    )
    blocks.push([`study: ${c.title}`, pairs, `AUC difference: ${c.auc}`, `reach ratio: ${c.reach}`, ...(c.notes ? [`notes: ${c.notes}`] : []), `verdict: ${c.verdict}`].join('\n'))
  }
  blocks.push(`verdict: ${study.verdict}`)
  return blocks.flatMap((block) => [block, ''])
}
