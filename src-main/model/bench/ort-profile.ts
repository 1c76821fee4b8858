// Reads ORT's profile files (one per session, `<prefix>_<date>.json`) into where the time of a run went: run()
// time inside ORT (model_run), kernel time by op type, and the difference (ORT's own work between kernels: input
// and output binding, allocation, Loop iterations). Each session's first run warms up and is left out.
import { readFile, readdir, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

interface ProfileEvent {
  cat: string
  name: string
  ts: number
  dur: number
  args?: { op_name?: string }
}

export interface ProfileSummary {
  /** Per run of the workload: time inside ORT's model_run, and inside kernels (Loop bodies counted node by node). */
  runMs: number
  kernelMs: number
  kernelsPerRun: number
  /** Kernel ms per run by op type, largest first. */
  byOp: Record<string, number>
}

/** Sums the profiles written under `prefix` (and deletes them); `runs` = workload runs after the warm-up. */
export async function summariseProfiles(prefix: string, runs: number): Promise<ProfileSummary> {
  const dir = dirname(prefix)
  const files = (await readdir(dir)).filter((f) => f.startsWith(basename(prefix)))
  const byOp: Record<string, number> = {}
  let runMs = 0
  let kernelMs = 0
  let kernels = 0
  for (const file of files) {
    const events = JSON.parse(await readFile(join(dir, file), 'utf8')) as ProfileEvent[]
    await rm(join(dir, file))
    const modelRuns = events.filter((e) => e.cat === 'Session' && e.name === 'model_run').sort((a, b) => a.ts - b.ts)
    if (modelRuns.length < 2) continue
    const warmEnd = modelRuns[0]!.ts + modelRuns[0]!.dur
    for (const run of modelRuns.slice(1)) runMs += run.dur / 1000
    for (const e of events) {
      // A Loop node's time includes its body's kernels, which appear as events of their own.
      if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time') || e.ts < warmEnd || e.args?.op_name === 'Loop') continue
      const op = e.args?.op_name ?? '?'
      byOp[op] = (byOp[op] ?? 0) + e.dur / 1000
      kernelMs += e.dur / 1000
      kernels++
    }
  }
  const perRun = Object.fromEntries(Object.entries(byOp).sort((a, b) => b[1] - a[1]).map(([op, ms]) => [op, ms / runs]))
  return { runMs: runMs / runs, kernelMs: kernelMs / runs, kernelsPerRun: kernels / runs, byOp: perRun }
}

/** "MatMul 12.0 ms (45%), ..." for the largest op types. */
export function formatByOp(p: ProfileSummary, top = 10): string {
  return Object.entries(p.byOp)
    .slice(0, top)
    .map(([op, ms]) => `${op} ${ms.toFixed(1)} ms (${((100 * ms) / p.kernelMs).toFixed(0)}%)`)
    .join(', ')
}
