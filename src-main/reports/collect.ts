// Reads what the report needs from a workspace's runs, through the host's RunService (which parses and validates
// the run folders in one place) seen as the narrow `ReportRunSource` below, so the report does not depend on the
// host: summaries, metrics, the selected iterations' rollouts and each run's "ONNX Runtime on …" line.
import type { MetricsRow, RolloutRecord, RunSummary } from '../../src-preload/contract/schemas'
import { runtimeLineOf } from './environment'
import type { ReportRun } from './sections'

/** What the report reads of a workspace's runs (src-main/host/runs-service.ts provides it). */
export interface ReportRunSource {
  get(id: string): RunSummary
  metrics(id: string, sinceStep: number): MetricsRow[]
  rollouts(id: string, iteration: number): RolloutRecord[]
  rolloutIterations(id: string): number[]
  logs(id: string, tail: number): string[]
}

export interface CollectedRuns {
  runs: ReportRun[]
  /** Requested heatmap iterations a run has no rollouts for, said in the report rather than failing it. */
  notes: string[]
}

/**
 * `heatmapIterations` picks the iterations drawn as step heatmaps for every run that sampled them; without it,
 * each run's last sampled iteration is drawn.
 */
export function collectReportRuns(source: ReportRunSource, ids: readonly string[], heatmapIterations?: readonly number[]): CollectedRuns {
  const notes: string[] = []
  const runs = ids.map((id): ReportRun => {
    const summary = source.get(id)
    const available = source.rolloutIterations(id)
    let chosen: number[]
    if (heatmapIterations === undefined) {
      chosen = available.slice(-1)
    } else {
      chosen = heatmapIterations.filter((iteration) => available.includes(iteration))
      const missing = heatmapIterations.filter((iteration) => !available.includes(iteration))
      if (missing.length) {
        const has = available.length ? `it has ${available.join(', ')}` : 'it has none'
        notes.push(`${summary.name}: no sampled rollouts for iteration ${missing.join(', ')} (${has}).`)
      }
    }
    return {
      summary,
      metrics: source.metrics(id, 0),
      rollouts: chosen.map((iteration) => ({ iteration, records: source.rollouts(id, iteration) })),
      runtimeLine: runtimeLineOf(source.logs(id, 100_000)),
    }
  })
  return { runs, notes }
}
