// Run folders written straight into a workspace, as a user copies finished runs in from another machine: run.json,
// metrics.ndjson and events.ndjson in the layout of src-main/trainer/RUN-FOLDER.md, with curves that depend on the
// run's settings, so a table sorted by a figure has a known order. The host reads them like any run.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { LAPTOP_PRESET, type Algorithm, type RlConfig } from '../../src-preload/contract/rl-config'

export interface CopiedRun {
  id: string
  name: string
  algorithm: Algorithm
  seed: number
  beta: number
  /** val/acc at the last iteration. */
  finalAccuracy: number
}

/** `count` completed runs over algorithms × β × seeds, each with `iterations` metrics rows and a step-0 validation. */
export function writeCopiedRuns(workspaceDir: string, count: number, iterations = 20): CopiedRun[] {
  const algorithms: Algorithm[] = ['prime', 'rloo', 'grpo']
  const betas = [0.02, 0.05, 0.1, 0.2]
  const runs: CopiedRun[] = []
  for (let i = 0; i < count; i++) {
    const algorithm = algorithms[i % algorithms.length] as Algorithm
    const beta = betas[Math.floor(i / algorithms.length) % betas.length] as number
    const seed = 1 + Math.floor(i / (algorithms.length * betas.length))
    const id = `run-copied-${String(i).padStart(4, '0')}`
    const name = `copied ${algorithm} β=${beta} seed ${seed}`
    const config: RlConfig = { ...LAPTOP_PRESET, algorithm, seed, iterations, prm: { ...LAPTOP_PRESET.prm, beta } }
    // A distinct final accuracy per run: a known order for the sort.
    const finalAccuracy = Math.round((0.3 + 0.6 * ((i * 37) % count) / count) * 10_000) / 10_000
    const dir = join(workspaceDir, 'runs', id)
    mkdirSync(dir, { recursive: true })
    const createdAt = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString()
    writeFileSync(join(dir, 'run.json'), `${JSON.stringify({ id, name, config, createdAt }, null, 2)}\n`)
    const start = Date.parse(createdAt) / 1000
    const rows = [JSON.stringify({ step: 0, time: start, values: { 'val/acc': 0.3, 'val/acc_se': 0.02, 'val/items': 512 } })]
    for (let step = 1; step <= iterations; step++) {
      const progress = step / iterations
      const values: Record<string, number> = {
        'rollout/acc_before_filter': 0.3 + (finalAccuracy - 0.3) * progress,
        'critic/score/mean': 0.5,
        'train/samples_seen': step * 128,
        'train/wall_time': step * 2.5,
        'timing/iteration': 2.5,
        'perf/tokens_per_s': 900 + (i % 7) * 10,
        'perf/rss_mb': 300 + step,
        'perf/peak_rss_mb': 300 + step,
        'perf/cpu_percent': 180,
      }
      if (step % 5 === 0 || step === iterations) values['val/acc'] = 0.3 + (finalAccuracy - 0.3) * progress
      rows.push(JSON.stringify({ step, time: start + step * 2.5, values }))
    }
    writeFileSync(join(dir, 'metrics.ndjson'), `${rows.join('\n')}\n`)
    const time = new Date((start + iterations * 2.5) * 1000).toISOString()
    writeFileSync(join(dir, 'events.ndjson'), `${JSON.stringify({ time: createdAt, event: 'started' })}\n${JSON.stringify({ time, event: 'completed' })}\n`)
    runs.push({ id, name, algorithm, seed, beta, finalAccuracy })
  }
  return runs
}
