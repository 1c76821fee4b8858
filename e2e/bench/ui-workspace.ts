// The workspace `npm run bench:ui` opens: long runs made the way the app makes them — run.json through the host's
// RunService, metrics.ndjson and events.ndjson through the trainer's own RunFiles — with every metric an RL run
// logs each iteration (METRICS: the standard panels and the rest), validation every 5 iterations, the SFT rows at
// step 0 and the test scores at the end. Values are noisy trends drawn from a fixed seed, so every bench run opens
// the same data; their exact shape does not matter to the timing, their count and precision do.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { METRICS } from '../../src-preload/contract/metrics'
import { LAPTOP_PRESET, type Algorithm } from '../../src-preload/contract/rl-config'
import type { MetricsRow } from '../../src-preload/contract/schemas'
import { EventBus } from '../../src-main/host/event-bus'
import { RunService } from '../../src-main/host/runs-service'
import { openWorkspace } from '../../src-main/host/workspace'
import { RunFiles } from '../../src-main/trainer/run-files'

export interface UiWorkspaceOptions {
  /** The runs a comparison opens: half PRIME, half RLOO, seeds 1, 2, … */
  longRuns: number
  rowsPerRun: number
  /** Further short runs, so the run list and the picker hold a realistic number (300 in all, say). */
  shortRuns: number
  rowsPerShortRun: number
}

export interface UiWorkspace {
  dir: string
  /** Every long run's name starts with this, so a filter shows exactly them. */
  longRunPrefix: string
  longRunIds: string[]
  totalRuns: number
}

const VALIDATE_EVERY = 5
const SFT_ROWS = 15
const START_TIME = 1_733_000_000

/** mulberry32: a small seeded generator, so the workspace is the same every time. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const PER_ITERATION = Object.keys(METRICS).filter((m) => !m.startsWith('val/') && !m.startsWith('test/') && m !== 'train/samples_seen' && m !== 'train/wall_time')
const VALIDATION = Object.keys(METRICS).filter((m) => m.startsWith('val/'))
const TEST = Object.keys(METRICS).filter((m) => m.startsWith('test/'))

function metricRows(rows: number, seed: number, algorithm: Algorithm): MetricsRow[] {
  const next = random(seed)
  const noise = (scale: number) => (next() - 0.5) * 2 * scale
  const out: MetricsRow[] = []
  let time = START_TIME
  for (let i = 0; i < SFT_ROWS; i++) out.push({ step: 0, time: (time += 0.8), values: { 'sft/loss': 2 / (i + 1) + noise(0.01), 'sft/step': (i + 1) * 10 } })
  const level = (step: number) => 0.35 + (algorithm === 'prime' ? 0.4 : 0.3) * (1 - Math.exp(-step / (rows / 4)))
  const validation = (step: number) => Object.fromEntries(VALIDATION.map((m) => [m, m === 'val/items' ? 512 : level(step) * 0.9 + noise(0.02)]))
  out.push({ step: 0, time, values: validation(0) })
  let wallTime = 0
  for (let step = 1; step <= rows; step++) {
    const iterationTime = 1.4 + noise(0.3)
    wallTime += iterationTime
    time += iterationTime + 0.01
    const values: Record<string, number> = {}
    PER_ITERATION.forEach((metric, k) => (values[metric] = (k % 7) * 0.3 + level(step) + Math.sin(step / (200 + 37 * k)) * 0.1 + noise(0.05)))
    values['timing/iteration'] = iterationTime
    values['train/samples_seen'] = 128 * step
    values['train/wall_time'] = wallTime
    if (step % VALIDATE_EVERY === 0 || step === rows) Object.assign(values, validation(step))
    if (step === rows) for (const metric of TEST) values[metric] = level(step) * 0.9 + noise(0.02)
    out.push({ step, time, values })
  }
  return out
}

export async function generateUiWorkspace(dir: string, options: UiWorkspaceOptions): Promise<UiWorkspace> {
  mkdirSync(dir, { recursive: true })
  const workspace = openWorkspace(dir)
  const runs = new RunService({
    runsDir: workspace.runsDir,
    spawnTrainer: () => {
      throw new Error('bench:ui trains nothing')
    },
    bus: new EventBus(),
    maxConcurrentRuns: () => 1,
    intraOpThreads: () => 1,
    device: () => 'cpu',
    // The runs use the built-in task of the laptop preset: no dataset, tokenizer or checkpoint to check.
    checkRlConfig: async () => undefined,
  })
  const longRunPrefix = 'bench long'
  const make = async (name: string, algorithm: Algorithm, seed: number, rows: number) => {
    const run = await runs.create(name, { ...LAPTOP_PRESET, algorithm, seed, iterations: rows })
    const files = new RunFiles(join(workspace.runsDir, run.id))
    files.appendEvent({ event: 'started' })
    for (const row of metricRows(rows, seed * 7919 + (algorithm === 'prime' ? 1 : 2), algorithm)) files.appendMetrics(row)
    files.appendEvent({ event: 'completed' })
    return run.id
  }
  const algorithms: Algorithm[] = ['prime', 'rloo', 'grpo', 'reinforce']
  for (let i = 0; i < options.shortRuns; i++) {
    const algorithm = algorithms[i % algorithms.length] as Algorithm
    await make(`sweep ${Math.floor(i / 8)} · ${algorithm} · seed ${(i % 8) + 1}`, algorithm, (i % 8) + 1, options.rowsPerShortRun)
  }
  const longRunIds: string[] = []
  for (let i = 0; i < options.longRuns; i++) {
    const algorithm: Algorithm = i % 2 === 0 ? 'prime' : 'rloo'
    const seed = Math.floor(i / 2) + 1
    longRunIds.push(await make(`${longRunPrefix} · ${algorithm} · seed ${seed}`, algorithm, seed, options.rowsPerRun))
  }
  runs.dispose()
  return { dir, longRunPrefix, longRunIds, totalRuns: options.longRuns + options.shortRuns }
}
