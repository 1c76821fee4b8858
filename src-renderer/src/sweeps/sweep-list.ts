// The sweeps of a workspace, found through the runs that record one (RunSummary.sweep, written by
// runs.createSweep and runs.createComparison): each with its runs, the settings it swept and how far it has got.
import type { RunState, RunSummary, SweepRef } from '../../../src-preload/contract/schemas'

export interface SweepSummary extends SweepRef {
  runs: RunSummary[]
  /** The newest run's creation time (ISO): sweeps are listed newest first. */
  createdAt: string
  states: Partial<Record<RunState, number>>
}

export function sweepsOf(runs: readonly RunSummary[]): SweepSummary[] {
  const byId = new Map<string, SweepSummary>()
  for (const run of runs) {
    const ref = run.sweep
    if (!ref) continue
    let sweep = byId.get(ref.id)
    if (!sweep) {
      sweep = { ...ref, runs: [], createdAt: run.createdAt, states: {} }
      byId.set(ref.id, sweep)
    }
    sweep.runs.push(run)
    if (run.createdAt > sweep.createdAt) sweep.createdAt = run.createdAt
    sweep.states[run.state] = (sweep.states[run.state] ?? 0) + 1
  }
  for (const sweep of byId.values()) sweep.runs.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.name.localeCompare(b.name))
  return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt))
}

/** "4 of 8 completed, 2 running" — how far a sweep has got. */
export function describeProgress(sweep: SweepSummary): string {
  const done = sweep.states.completed ?? 0
  const parts = [`${done} of ${sweep.runs.length} completed`]
  for (const state of ['running', 'queued', 'paused', 'failed', 'crashed', 'cancelled', 'created'] as const) {
    const count = sweep.states[state]
    if (count) parts.push(`${count} ${state}`)
  }
  return parts.join(', ')
}
