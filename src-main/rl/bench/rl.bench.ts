// `npm run bench:rl`: PRIME against RLOO on the laptop preset and on an S-model workload with responses up to 256 tokens
// (s256 below), seeds 1..N (default 3), each launched as one fair comparison (shared SFT checkpoint, same prompts and
// sampling seeds per seed). Prints seconds per iteration by phase for each algorithm (the paper measured PRIME +24%
// per step over RLOO) and by part — the forward passes that score the batch (old log-probs, the reference's) and each
// model's update — so PRIME's own work, the PRM's update, can be told from what every algorithm pays; and the learning
// result after the fixed budget: final validation accuracy and smoothed training reward per seed, and the iterations
// PRIME needed to reach RLOO's final smoothed training reward (src-preload/analysis, as the report and `compare`
// count them). Reported, never asserted. Options: --workloads laptop,s256, --seeds N, --iterations N (default:
// laptop 40, its own budget; s256 8, enough for timing medians), --workspace DIR.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { TRAINING_REWARD } from '../../../src-preload/contract/metrics'
import { LAPTOP_PRESET, type RlConfig } from '../../../src-preload/contract/rl-config'
import { RL_WORKLOADS } from './workloads'
import { isFinishedRunState, type MetricsRow, type RunSummary } from '../../../src-preload/contract/schemas'
import { formatTable } from '../../cli/format'
import { DEFAULT_SMOOTHING, MetricColumns, describeSmoothing, finalValue, iterationRows, reachOf, smoothedSeries } from '../../../src-preload/analysis'
import { printLoadAtEnd, printMachine } from '../../engine/bench/machine'
import { createHost } from '../../host/host'
import { forkSourceTrainer } from '../../host/source-trainer'

const { values } = parseArgs({
  options: {
    workloads: { type: 'string', default: 'laptop,s256' },
    seeds: { type: 'string', default: '3' },
    iterations: { type: 'string' },
    workspace: { type: 'string' },
  },
})
/** The workloads (workloads.ts) with the iterations per run when --iterations is not given. */
const WORKLOADS: Record<string, { config: RlConfig; iterations: number }> = {
  laptop: { config: RL_WORKLOADS.laptop, iterations: LAPTOP_PRESET.iterations },
  s256: { config: RL_WORKLOADS.s256, iterations: 8 },
}
const workloadNames = values.workloads.split(',').map((name) => {
  if (!Object.hasOwn(WORKLOADS, name)) throw new Error(`--workloads: unknown workload "${name}" (known: ${Object.keys(WORKLOADS).join(', ')})`)
  return name
})
const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => i + 1)
const workspaceDir = values.workspace ?? mkdtempSync(join(tmpdir(), 'prime-bench-rl-'))
const REWARD = TRAINING_REWARD
// Phases add up to the iteration; parts (phase/part) are pieces of their phase (src-main/rl/loop/iteration.ts).
const PHASES = ['rollout', 'verify', 'prm', 'policy', 'diagnostics', 'other', 'iteration']
const PARTS = ['policy/old_log_probs', 'prm/reference', 'diagnostics/reference', 'prm/update', 'policy/update']

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
for (const name of workloadNames) await compare(name, WORKLOADS[name]!.config, Number(values.iterations ?? WORKLOADS[name]!.iterations))

/** Runs PRIME against RLOO on one workload and prints where each iteration's time goes and what was learned. */
async function compare(name: string, config: RlConfig, iterations: number): Promise<void> {
  console.log(`\nbench:rl — PRIME vs RLOO, ${name}, ${iterations} iterations, seeds ${seeds.join(', ')}; workspace ${workspaceDir}`)
  const base: RlConfig = { ...config, iterations }
  const runs = await call<RunSummary[]>('runs.createComparison', { name: `bench ${name}`, base, algorithms: ['prime', 'rloo'], seeds, launch: true })
  await new Promise<void>((resolve) => {
    const check = () => {
      const states = runs.map((r) => host.runs.get(r.id).state)
      process.stdout.write(`\r${states.filter((s) => s === 'completed').length}/${runs.length} runs done`)
      if (!states.every(isFinishedRunState)) return
      unsubscribe()
      resolve()
    }
    const unsubscribe = host.bus.subscribe(({ event }) => event.type === 'run.status' && check())
    check()
  })
  process.stdout.write('\n')

  const results = await Promise.all(
    runs.map(async (r) => {
      const run = host.runs.get(r.id)
      const rows = await call<MetricsRow[]>('runs.metrics', { id: r.id, sinceStep: 0 })
      const metrics = rows.filter((m) => m.step >= 1)
      const start = rows.find((m) => m.step === 0 && m.values['val/acc'] !== undefined)?.values['val/acc'] ?? NaN
      return { run, metrics, start, algorithm: run.config.kind === 'rl' ? run.config.algorithm : '?', seed: run.config.kind === 'rl' ? run.config.seed : 0 }
    }),
  )
  for (const r of results) if (r.run.state !== 'completed') console.log(`${r.run.name}: ${r.run.state} ${r.run.failure?.message ?? ''}`)

  const medianOf = (algorithm: string, name: string) =>
    median(results.filter((r) => r.algorithm === algorithm).flatMap((r) => r.metrics.map((m) => m.values[name] ?? NaN)).filter(Number.isFinite))
  const orNull = (x: number) => (Number.isFinite(x) ? x : null)
  const rows = [...PHASES, ...PARTS].map((name) => {
    const [prime, rloo] = [medianOf('prime', `timing/${name}`), medianOf('rloo', `timing/${name}`)]
    return [name, orNull(prime), orNull(rloo), orNull((Number.isFinite(prime) ? prime : 0) - (Number.isFinite(rloo) ? rloo : 0))]
  })
  rows.push(['response length (tokens)', medianOf('prime', 'response_length/mean'), medianOf('rloo', 'response_length/mean'), null])
  console.log(
    `\nseconds per iteration by phase, then by part of a phase (medians over all iterations and seeds)\n` +
      formatTable(['phase or part', 'PRIME', 'RLOO', 'PRIME − RLOO'], rows),
  )
  const primeIteration = medianOf('prime', 'timing/iteration')
  const rlooIteration = medianOf('rloo', 'timing/iteration')
  console.log(`PRIME / RLOO time per iteration: ${(primeIteration / rlooIteration).toFixed(2)}× (paper: 1.24×; target ≤ 1.15×)`)
  // An iteration that compiles a new length bucket's programs also fills each one's memory arena on its first run;
  // PRIME has one more train program per bucket, so in a short run its warm-ups weigh on the medians above.
  const steady = (algorithm: string) => {
    const rows = results.filter((r) => r.algorithm === algorithm).flatMap((r) => r.metrics.filter((m) => m.values['perf/programs_opened'] === 0))
    return { seconds: median(rows.map((m) => m.values['timing/iteration']!)), count: rows.length }
  }
  const [primeSteady, rlooSteady] = [steady('prime'), steady('rloo')]
  console.log(
    `  over iterations that compiled no program (PRIME ${primeSteady.count}, RLOO ${rlooSteady.count}): ` +
      `${primeSteady.seconds.toFixed(3)} s / ${rlooSteady.seconds.toFixed(3)} s = ${(primeSteady.seconds / rlooSteady.seconds).toFixed(2)}×`,
  )
  console.log(
    `PRIME's own work, the PRM's update: ${medianOf('prime', 'timing/prm/update').toFixed(3)} s = ${((100 * medianOf('prime', 'timing/prm/update')) / rlooIteration).toFixed(0)}% of RLOO's iteration ` +
      `(its policy update: ${medianOf('rloo', 'timing/policy/update').toFixed(3)} s)`,
  )

  const learning = seeds.map((seed) => {
    const prime = results.find((r) => r.algorithm === 'prime' && r.seed === seed)!
    const rloo = results.find((r) => r.algorithm === 'rloo' && r.seed === seed)!
    const rlooFinal = finalValue(reward(rloo.metrics))
    const reach = rlooFinal === null ? null : (reachOf(reward(prime.metrics), rlooFinal, true)?.iteration ?? null)
    return [
      seed,
      prime.start,
      tail(prime.metrics, 'val/acc', 1),
      tail(rloo.metrics, 'val/acc', 1),
      finalValue(reward(prime.metrics)),
      rlooFinal,
      reach,
      reach === null ? null : reach / rloo.metrics.length,
    ]
  })
  console.log(
    `\nlearning after ${iterations} iterations (training reward = ${REWARD}, smoothed: ${describeSmoothing(DEFAULT_SMOOTHING)})\n` +
      formatTable(['seed', 'SFT val acc', 'PRIME val acc', 'RLOO val acc', 'PRIME reward', 'RLOO reward', 'PRIME iters to RLOO final', 'fraction of RLOO budget'], learning),
  )
}

printLoadAtEnd()
host.dispose()
