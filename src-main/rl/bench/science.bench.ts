// `npm run bench:science`: the misconception study (issue 13) — RLOO, PRIME and the dense-surprisal control on the
// `misconception` preset (src-preload/contract/rl-config.ts, which holds the protocol that chose it), seeds 1..5,
// 150 iterations, launched through the host as one paired comparison (runs.createComparison: one shared SFT start,
// the same prompt stream and sampling seeds per seed). It prints the machine first, progress while it runs, then the
// study exactly as `prime-workbench compare`, the report and the Compare view show it (src-preload/analysis
// studyReadout): the gates, each arm's final val/acc and test/acc ± SE, per pair (PRIME vs RLOO, PRIME vs the
// control, the control vs RLOO) the AUC difference and reach ratio of every seed with the mean, the 95% paired
// t-interval and the exact sign test, and the verdict. Reported, never asserted; nothing is tuned on its result.
//
// Cost: two single-threaded trainers at a time (--concurrency) share the two cores; the pilots measured ~1.5 CPU s
// per RLOO iteration, so the full study needs ~45–60 minutes on a quiet machine. Seconds per iteration, wall and
// CPU, are printed per arm at the end. Options: --seeds N, --iterations N, --concurrency N, --workspace DIR.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_STUDY_OPTIONS, MetricColumns, iterationRows, seedGroups, studyReadout } from '../../../src-preload/analysis'
import { MISCONCEPTION_PRESET, type Algorithm } from '../../../src-preload/contract/rl-config'
import type { MetricsRow, RunSummary } from '../../../src-preload/contract/schemas'
import { formatTable } from '../../cli/format'
import { studyBlocks } from '../../cli/study-text'
import { benchHost, describeMachine, waitForRuns } from './bench-host'

const ARMS: Algorithm[] = ['rloo', 'prime', 'dense-surprisal']
const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '5' },
    iterations: { type: 'string', default: String(MISCONCEPTION_PRESET.iterations) },
    concurrency: { type: 'string', default: '2' },
    workspace: { type: 'string' },
  },
})
const positive = (name: string, text: string) => {
  const n = Number(text)
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} ${text}: expected a whole number ≥ 1`)
  return n
}
const seeds = Array.from({ length: positive('seeds', values.seeds) }, (_, i) => i + 1)
const iterations = positive('iterations', values.iterations)
const concurrency = positive('concurrency', values.concurrency)
const workspaceDir = values.workspace ?? mkdtempSync(join(tmpdir(), 'prime-bench-science-'))

console.log(`bench:science — ${ARMS.join(', ')} on the misconception preset, ${iterations} iterations, seeds ${seeds.join(', ')}`)
console.log(`machine: ${describeMachine()}`)
console.log(`${concurrency} single-threaded trainer${concurrency === 1 ? '' : 's'} at a time; workspace ${workspaceDir}`)

const bench = benchHost(workspaceDir)
await bench.call('settings.update', { maxConcurrentRuns: concurrency, intraOpThreads: 1 })
const started = performance.now()
const runs = await bench.call<RunSummary[]>('runs.createComparison', {
  name: 'science',
  base: { ...MISCONCEPTION_PRESET, iterations },
  algorithms: ARMS,
  seeds,
  launch: true,
})

// CPU seconds of each trainer when its first and its last iteration ended (read while the trainer still lives).
const cpuAt = new Map<string, { first: number | null; last: number | null }>()
bench.host.bus.subscribe(({ event }) => {
  if (event.type !== 'run.progress' || event.step < 1) return
  const mark = cpuAt.get(event.runId) ?? { first: null, last: null }
  const cpu = bench.cpuSeconds(event.runId)
  if (event.step === 1) mark.first = cpu
  if (event.step === event.total) mark.last = cpu
  cpuAt.set(event.runId, mark)
})
const elapsed = () => (performance.now() - started) / 60_000
await waitForRuns(bench.host, runs, (finished) => process.stdout.write(`\r${finished}/${runs.length} runs done, ${elapsed().toFixed(1)} min`))
process.stdout.write('\n')
console.log(`finished in ${elapsed().toFixed(1)} min; machine now: ${describeMachine()}`)

const results = await Promise.all(
  runs.map(async (created) => {
    const run = bench.host.runs.get(created.id)
    const metrics = await bench.call<MetricsRow[]>('runs.metrics', { id: run.id, sinceStep: 0 })
    return { run, columns: MetricColumns.fromRows(iterationRows(metrics)) }
  }),
)
for (const { run } of results) if (run.state !== 'completed') console.log(`${run.name}: ${run.state} ${run.failure?.message ?? ''}`)

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2 : Number.NaN
}
const cost = ARMS.map((arm) => {
  const mine = results.filter(({ run }) => run.config.kind === 'rl' && run.config.algorithm === arm)
  const wall = mine.flatMap(({ columns }) => [...(columns.column('timing/iteration') ?? [])].filter(Number.isFinite))
  const cpu = mine.flatMap(({ run }) => {
    const mark = cpuAt.get(run.id)
    return mark?.first != null && mark.last != null && iterations > 1 ? [(mark.last - mark.first) / (iterations - 1)] : []
  })
  return [arm, median(wall), cpu.length ? median(cpu) : null]
})
console.log(`\nseconds per iteration (median over iterations and seeds; CPU: from iteration 1 to the last, validation included)\n${formatTable(['arm', 'wall s / iteration', 'CPU s / iteration'], cost)}`)

const groups = seedGroups(results.map(({ run, columns }) => ({ id: run.id, name: run.name, config: run.config, columns })))
console.log(`\n${studyBlocks(studyReadout(groups, DEFAULT_STUDY_OPTIONS)).join('\n').trimEnd()}`)
bench.host.dispose()
