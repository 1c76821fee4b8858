// The sample-efficiency readout: per run, the iteration and wall time at which its curve of the chosen metric
// first reached the chosen level; per pair of groups, the ratio with its spread over seeds (efficiency.ts).
import { ema } from '../charts/ema'
import type { MetricColumns } from '../charts/metricColumns'
import { extractMetric } from '../charts/metricSeries'
import { efficiencyRatio, type EfficiencyResult } from './efficiency'
import type { RunGroup } from './groupRuns'
import { commonThreshold, reachTime, type ReachPoint } from './reach'
import type { CompareSettings } from './settings'

export interface ReachRun {
  id: string
  name: string
  config: object
  columns: MetricColumns
}

export interface ReachRow {
  runId: string
  name: string
  groupKey: string
  seed: number | null
  /** null: the run never reached the level (or does not log the metric, see `logged`). */
  reach: ReachPoint | null
  logged: boolean
}

export type SmoothingOptions = Pick<CompareSettings, 'smoothing' | 'smoothingWeight'>

export function seedOf(config: object): number | null {
  const seed = (config as { seed?: unknown }).seed
  return typeof seed === 'number' ? seed : null
}

function curve(run: ReachRun, metric: string, smoothing: SmoothingOptions) {
  const series = extractMetric(run.columns, metric)
  return { ...series, values: smoothing.smoothing === 'ema' ? ema(series.values, smoothing.smoothingWeight) : series.values }
}

/** The level the readout uses when the user has not chosen one: the highest level every run reached. */
export function suggestedThreshold(runs: readonly ReachRun[], metric: string, smoothing: SmoothingOptions, higherIsBetter = true): number | null {
  return commonThreshold(runs.map((run) => curve(run, metric, smoothing).values), higherIsBetter)
}

export function reachRows(
  groups: readonly RunGroup<ReachRun>[],
  metric: string,
  threshold: number,
  smoothing: SmoothingOptions,
  higherIsBetter = true,
): ReachRow[] {
  return groups.flatMap((group) =>
    group.runs.map((run) => {
      const series = curve(run, metric, smoothing)
      return {
        runId: run.id,
        name: run.name,
        groupKey: group.key,
        seed: seedOf(run.config),
        reach: reachTime(series, threshold, higherIsBetter),
        logged: series.values.length > 0,
      }
    }),
  )
}

/** PRIME against a baseline by default: the first group running 'prime', and the first running another algorithm. */
export function defaultPairing(groups: readonly RunGroup<{ config: object }>[]): { prime: string | null; baseline: string | null } {
  const algorithm = (g: RunGroup<{ config: object }>) => (g.runs[0]?.config as { algorithm?: unknown } | undefined)?.algorithm
  const prime = groups.find((g) => algorithm(g) === 'prime') ?? groups[0]
  const baseline = groups.find((g) => g !== prime && algorithm(g) !== undefined && algorithm(g) !== 'prime') ?? groups.find((g) => g !== prime)
  return { prime: prime?.key ?? null, baseline: baseline?.key ?? null }
}

export function compareGroups(rows: readonly ReachRow[], primeKey: string, baselineKey: string): EfficiencyResult {
  const side = (key: string) => rows.filter((r) => r.groupKey === key).map((r) => ({ seed: r.seed, reach: r.reach }))
  return efficiencyRatio(side(primeKey), side(baselineKey))
}
