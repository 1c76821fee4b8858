// `npm run pilot:misconception`: the feasibility pilots behind the `misconception` preset (rl-config.ts), run with
// RLOO only — PRIME and the dense-surprisal control never run here, so no setting is chosen by how PRIME fares.
//
// The protocol, fixed before the first pilot ran:
// - Task: arith-chain level 2 (44% of its problems hold a subtraction that needs a borrow, where the misconception
//   shows; at level 1 only 12% do). RL settings: the laptop preset's, unchanged. One RLOO run per candidate, RL seed
//   101 (no study seed), PILOT_ITERATIONS iterations; the SFT seed is the preset's (1), so the study starts from the
//   very SFT weights measured here.
// - Candidates, in this order (model, SFT steps, ρ): CANDIDATES below. The first that meets every criterion is the
//   preset; nothing is tuned after it.
// - Criteria:
//   C1 the SFT policy's held-out greedy accuracy (val/acc at iteration 0) lies in [0.15, 0.60] — RL has room to
//      climb, and there are correct samples to learn from;
//   C2 failing groups topping up the batch (rollout/top_up_groups ÷ promptsPerIteration, mean over the pilot's
//      iterations) are at most a quarter of the batch — most of what trains is signal;
//   C3 the misconception explains at least half of the SFT policy's failures: of the incorrect responses sampled at
//      iteration 1 (the SFT policy's, all rows of the training batch written to rollouts/1.ndjson), at least 50% go
//      wrong first by a smaller-from-larger subtraction (tasks/synthetic/arith-chain.ts firstErrorIsMisconception);
//   C4 the study fits its budget: 15 runs × 150 iterations, two single-threaded trainers at a time, in ≤ 80 minutes
//      on a quiet 2-core machine — estimated from the trainer's CPU seconds per iteration (CPU time, unlike wall
//      time, does not grow with the load other work puts on the machine), the SFT and validation included, and taken 1.25× for
//      the mean over the three arms (PRIME adds a PRM update and a reference pass per iteration, the surprisal control
//      little; an assumption, checked by bench:science's own CPU figures).
// Amendment 1 (after candidates 1 and 2 had run and before any study result; see MISCONCEPTION_PRESET):
//   C5 Gate A passes on the pilot's own iteration-1 step metrics (src-preload/analysis/gates.ts, its threshold
//      unchanged). Gate A reads only the SFT policy's rollouts, the same in every arm, so an RLOO pilot measures it.
//   The order stays: candidates 3 and 4 (model S) are not run, because C4 already rules them out — run side by side
//   with candidate 2, S's SFT took 6.4× as long per step as XS's (100 steps against 640 in the same minutes), which
//   puts the study near 5 hours. Candidate 6 (S) likewise. The outcome is in MISCONCEPTION_PRESET's comment.
// Options: --candidates 1,2 (default: all, in order, stopping at the first that passes), --iterations N,
// --workspace DIR.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { MetricColumns, iterationRows, surprisalGate } from '../../../src-preload/analysis'
import { LAPTOP_PRESET, type ModelPreset, type RlConfig } from '../../../src-preload/contract/rl-config'
import type { MetricsRow, RolloutRecord, RunSummary } from '../../../src-preload/contract/schemas'
import { formatTable } from '../../cli/format'
import { firstErrorIsMisconception } from '../../tasks/synthetic/arith-chain'
import { benchHost, describeMachine, waitForRuns } from './bench-host'

interface Candidate {
  preset: ModelPreset
  sftSteps: number
  rho: number
}

const CANDIDATES: readonly Candidate[] = [
  { preset: 'XS', sftSteps: 2000, rho: 0.75 },
  { preset: 'XS', sftSteps: 4000, rho: 0.75 },
  { preset: 'S', sftSteps: 2000, rho: 0.75 },
  { preset: 'S', sftSteps: 4000, rho: 0.75 },
  { preset: 'XS', sftSteps: 4000, rho: 0.9 },
  { preset: 'S', sftSteps: 4000, rho: 0.9 },
]
const PILOT_ITERATIONS = 10
const PILOT_SEED = 101
/** The study's shape (C4): runs, iterations, trainers at a time, budget. */
const STUDY = { runs: 15, iterations: 150, concurrency: 2, budgetMinutes: 80, armCostFactor: 1.25 }
/** Validation every this many iterations in the study (the preset's logging.validateEvery). */
const STUDY_VALIDATE_EVERY = 10

function pilotConfig(candidate: Candidate, iterations: number): RlConfig {
  const K = LAPTOP_PRESET.rollout.samplesPerPrompt
  return {
    ...LAPTOP_PRESET,
    algorithm: 'rloo',
    seed: PILOT_SEED,
    iterations,
    task: { kind: 'builtin', name: 'arith-chain', level: 2, validationSize: 512, misconception: candidate.rho, testSize: 0 },
    model: { kind: 'preset', preset: candidate.preset },
    sft: { ...LAPTOP_PRESET.sft, steps: candidate.sftSteps },
    // Validation at iteration 0 (C1) and at the end only; every response of iteration 1 written for C3.
    logging: { ...LAPTOP_PRESET.logging, validateEvery: 1000, rolloutSamples: LAPTOP_PRESET.rollout.promptsPerIteration * K },
  }
}

const { values } = parseArgs({
  options: { candidates: { type: 'string' }, iterations: { type: 'string', default: String(PILOT_ITERATIONS) }, workspace: { type: 'string' } },
})
const iterations = Number(values.iterations)
const chosen = values.candidates ? values.candidates.split(',').map((n) => Number(n)) : CANDIDATES.map((_, i) => i + 1)
const workspaceDir = values.workspace ?? mkdtempSync(join(tmpdir(), 'prime-pilot-'))
const bench = benchHost(workspaceDir)
await bench.call('settings.update', { maxConcurrentRuns: 1, intraOpThreads: 1 })
console.log(`misconception pilots (RLOO only), ${iterations} iterations each; workspace ${workspaceDir}\nmachine: ${describeMachine()}`)

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN)
const rows: (string | number)[][] = []
for (const number of chosen) {
  const candidate = CANDIDATES[number - 1]
  if (!candidate) throw new Error(`--candidates: there is no candidate ${number} (1–${CANDIDATES.length})`)
  const config = pilotConfig(candidate, iterations)
  const run = await bench.call<RunSummary>('runs.create', { name: `pilot ${number}`, config })
  // CPU seconds at the end of each iteration (the trainer's own clock, read from /proc as the iteration ends).
  const cpuAt = new Map<number, number>()
  let sftDone = Number.NaN
  bench.host.bus.subscribe(({ event }) => {
    if (event.type !== 'run.progress' || event.runId !== run.id) return
    const cpu = bench.cpuSeconds(run.id)
    if (cpu === null) return
    if (event.step === 0 && event.phase === 'training') sftDone = cpu
    if (event.step > 0) cpuAt.set(event.step, cpu)
  })
  const started = performance.now()
  await bench.call('runs.launch', { id: run.id })
  await waitForRuns(bench.host, [run])
  const wall = (performance.now() - started) / 1000
  const summary = bench.host.runs.get(run.id)
  if (summary.state !== 'completed') {
    console.log(`pilot ${number}: ${summary.state} ${summary.failure?.message ?? ''}`)
    continue
  }
  const metrics = await bench.call<MetricsRow[]>('runs.metrics', { id: run.id, sinceStep: 0 })
  const trained = metrics.filter((r) => r.step >= 1)
  const val0 = metrics.find((r) => r.step === 0 && r.values['val/acc'] !== undefined)?.values
  const topUpShare = mean(trained.map((r) => (r.values['rollout/top_up_groups'] ?? Number.NaN) / config.rollout.promptsPerIteration))
  const passRate = mean(trained.map((r) => r.values['rollout/filter_pass_rate'] ?? Number.NaN))
  const records = await bench.call<RolloutRecord[]>('runs.rollouts', { id: run.id, step: 1 })
  const wrong = records.filter((r) => r.acc < 1)
  const misconceived = wrong.filter((r) => firstErrorIsMisconception(r.prompt, r.response) === true).length
  const share = wrong.length ? misconceived / wrong.length : Number.NaN
  // CPU per training iteration from iterations 2..N−1 (no validation in them); validation from the last one's excess.
  const perIteration = ((cpuAt.get(iterations - 1) ?? Number.NaN) - (cpuAt.get(1) ?? Number.NaN)) / (iterations - 2)
  const validation = (cpuAt.get(iterations) ?? Number.NaN) - (cpuAt.get(iterations - 1) ?? Number.NaN) - perIteration
  const studyCpu = STUDY.runs * STUDY.armCostFactor * (STUDY.iterations * perIteration + (STUDY.iterations / STUDY_VALIDATE_EVERY + 1) * validation)
  // The shared SFT first (both first trainers train it side by side), then the runs two at a time.
  const studyMinutes = (sftDone + studyCpu / STUDY.concurrency) / 60
  const gateA = surprisalGate([{ config, columns: MetricColumns.fromRows(iterationRows(metrics)) }])
  const criteria = {
    C1: val0 !== undefined && val0['val/acc']! >= 0.15 && val0['val/acc']! <= 0.6,
    C2: topUpShare <= 0.25,
    C3: share >= 0.5,
    C4: studyMinutes <= STUDY.budgetMinutes,
    C5: gateA.passed === true,
  }
  const passed = Object.values(criteria).every(Boolean)
  rows.push([
    number,
    `${candidate.preset}, ${candidate.sftSteps} SFT steps, ρ ${candidate.rho}`,
    val0 ? `${val0['val/acc']!.toFixed(3)} ± ${val0['val/acc_se']!.toFixed(3)}` : '—',
    passRate.toFixed(2),
    topUpShare.toFixed(2),
    `${share.toFixed(2)} (${misconceived}/${wrong.length})`,
    gateA.value === null ? '—' : gateA.value.toFixed(2),
    Number.isFinite(sftDone) ? sftDone.toFixed(0) : '—',
    perIteration.toFixed(2),
    validation.toFixed(1),
    studyMinutes.toFixed(0),
    wall.toFixed(0),
    Object.entries(criteria).map(([name, ok]) => `${name}${ok ? '✓' : '✗'}`).join(' '),
  ])
  console.log(`pilot ${number} done (${wall.toFixed(0)} s wall): ${passed ? 'meets every criterion' : 'infeasible'}`)
  if (passed && !values.candidates) break
}
console.log(
  `\n${formatTable(
    ['#', 'candidate', 'val/acc @0 ± SE', 'pass rate', 'top-up share', 'misconception share of wrong (k/n)', 'Gate A lift', 'SFT + val@0 CPU s', 'CPU s / iteration', 'CPU s / validation', 'study est. min', 'wall s (loaded machine)', 'criteria'],
    rows,
  )}\nmachine at the end: ${describeMachine()}`,
)
bench.host.dispose()
