// Reads what the report needs from a workspace's runs, through the same RunService the API serves (so the files are
// parsed and validated in one place): summaries, metrics, the selected iterations' rollouts and each run's
// "ONNX Runtime on …" line.
import type { RunService } from '../host/runs-service'
import { runtimeLineOf } from './environment'
import type { ReportRun } from './sections'

export interface CollectedRuns {
  runs: ReportRun[]
  /** Requested heatmap iterations a run has no rollouts for, said in the report rather than failing it. */
  notes: string[]
}

/**
 * `heatmapIterations` picks the iterations drawn as step heatmaps for every run that sampled them; without it,
 * each run's last sampled iteration is drawn.
 */
export function collectReportRuns(service: RunService, ids: readonly string[], heatmapIterations?: readonly number[]): CollectedRuns {
  const notes: string[] = []
  const runs = ids.map((id): ReportRun => {
    const summary = service.get(id)
    const available = service.rolloutIterations(id)
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
      metrics: service.metrics(id, 0),
      rollouts: chosen.map((iteration) => ({ iteration, records: service.rollouts(id, iteration) })),
      runtimeLine: runtimeLineOf(service.logs(id, 100_000)),
    }
  })
  return { runs, notes }
}
