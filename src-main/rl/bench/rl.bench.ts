// `npm run bench:rl`: PRIME against RLOO on the laptop preset, seeds 1..N (default 3), launched as one fair
// comparison (shared SFT checkpoint, same prompts and sampling seeds per seed). Prints seconds per iteration by
// phase for each algorithm (the paper measured PRIME +24% per step over RLOO), and the learning result after the
// fixed budget: final validation accuracy and smoothed training reward per seed, and the iterations PRIME needed to
// reach RLOO's final smoothed training reward (src-preload/analysis, as the report and `compare` count them).
// Reported, never asserted. Options: --seeds N, --iterations N, --workspace DIR.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { TRAINING_REWARD } from '../../../src-preload/contract/metrics'
import { LAPTOP_PRESET } from '../../../src-preload/contract/rl-config'
import { isFinishedRunState, type MetricsRow, type RunSummary } from '../../../src-preload/contract/schemas'
import { formatTable } from '../../cli/format'
import { DEFAULT_SMOOTHING, MetricColumns, describeSmoothing, finalValue, iterationRows, reachOf, smoothedSeries } from '../../../src-preload/analysis'
import { printLoadAtEnd, printMachine } from '../../engine/bench/machine'
import { createHost } from '../../host/host'
import { forkSourceTrainer } from '../../host/source-trainer'

const { values } = parseArgs({
  options: { seeds: { type: 'string', default: '3' }, iterations: { type: 'string', default: String(LAPTOP_PRESET.iterations) }, workspace: { type: 'string' } },
})
const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => i + 1)
const workspaceDir = values.workspace ?? mkdtempSync(join(tmpdir(), 'prime-bench-rl-'))
const REWARD = TRAINING_REWARD
const PHASES = ['rollout', 'verify', 'prm', 'policy', 'other', 'iteration']

const host = createHost({
  workspaceDir,
  spawnTrainer: forkSourceTrainer,
  appInfo: { name: 'prime-workbench', version: 'bench', mode: 'cli', versions: { node: process.versions.node, electron: null, chrome: null } },
})

async function call<T>(method: string, request: unknown): Promise<T> {
  const reply = await host.dispatch(method, request)
  if (!reply.ok) throw new Error(reply.error.message)
  return reply.result as T
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2 : NaN
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
const series = (rows: MetricsRow[], name: string) => rows.flatMap((r) => (r.values[name] === undefined ? [] : [{ step: r.step, value: r.values[name]! }]))
const tail = (rows: MetricsRow[], name: string, n = 5) => mean(series(rows, name).slice(-n).map((p) => p.value))
const reward = (rows: MetricsRow[]) => smoothedSeries(MetricColumns.fromRows(iterationRows(rows)), REWARD, DEFAULT_SMOOTHING)

await printMachine('bench:rl', 2)
await call('settings.update', { maxConcurrentRuns: 1, intraOpThreads: 2 })
console.log(`bench:rl — PRIME vs RLOO, laptop preset, ${values.iterations} iterations, seeds ${seeds.join(', ')}; workspace ${workspaceDir}`)
const runs = await call<RunSummary[]>('runs.createComparison', {
  name: 'bench',
  base: { ...LAPTOP_PRESET, iterations: Number(values.iterations) },
  algorithms: ['prime', 'rloo'],
  seeds,
  launch: true,
})
await new Promise<void>((resolve) => {
  const check = () => {
    const states = runs.map((r) => host.runs.get(r.id).state)
    process.stdout.write(`\r${states.filter((s) => s === 'completed').length}/${runs.length} runs done`)
    if (states.every(isFinishedRunState)) resolve()
  }
  host.bus.subscribe(({ event }) => event.type === 'run.status' && check())
  check()
})
process.stdout.write('\n')

const results = await Promise.all(
  runs.map(async (r) => {
    const run = host.runs.get(r.id)
    const metrics = (await call<MetricsRow[]>('runs.metrics', { id: r.id, sinceStep: 1 })).filter((m) => m.step >= 1)
    return { run, metrics, algorithm: run.config.kind === 'rl' ? run.config.algorithm : '?', seed: run.config.kind === 'rl' ? run.config.seed : 0 }
  }),
)
for (const r of results) if (r.run.state !== 'completed') console.log(`${r.run.name}: ${r.run.state} ${r.run.failure?.message ?? ''}`)

const phaseRows = ['prime', 'rloo'].map((algorithm) => {
  const mine = results.filter((r) => r.algorithm === algorithm).flatMap((r) => r.metrics)
  return [algorithm, ...PHASES.map((phase) => median(mine.map((m) => m.values[`timing/${phase}`] ?? NaN).filter(Number.isFinite)))]
})
console.log(`\nseconds per iteration by phase (median over all iterations and seeds)\n${formatTable(['algorithm', ...PHASES], phaseRows)}`)
const primeIteration = phaseRows[0]![PHASES.length] as number
const rlooIteration = phaseRows[1]![PHASES.length] as number
console.log(`PRIME / RLOO time per iteration: ${(primeIteration / rlooIteration).toFixed(2)}× (paper: 1.24×)`)

const learning = seeds.map((seed) => {
  const prime = results.find((r) => r.algorithm === 'prime' && r.seed === seed)!
  const rloo = results.find((r) => r.algorithm === 'rloo' && r.seed === seed)!
  const rlooFinal = finalValue(reward(rloo.metrics))
  const reach = rlooFinal === null ? null : (reachOf(reward(prime.metrics), rlooFinal, true)?.iteration ?? null)
  return [seed, tail(prime.metrics, 'val/acc', 1), tail(rloo.metrics, 'val/acc', 1), finalValue(reward(prime.metrics)), rlooFinal, reach, reach === null ? null : reach / rloo.metrics.length]
})
console.log(
  `\nlearning after ${values.iterations} iterations (training reward = ${REWARD}, smoothed: ${describeSmoothing(DEFAULT_SMOOTHING)})\n` +
    formatTable(['seed', 'PRIME val acc', 'RLOO val acc', 'PRIME reward', 'RLOO reward', 'PRIME iters to RLOO final', 'fraction of RLOO budget'], learning),
)
printLoadAtEnd()
host.dispose()
