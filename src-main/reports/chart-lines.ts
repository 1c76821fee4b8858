// The lines of a metric chart: one per run, or one per seed group (runs whose configs differ only in the seed),
// the mean over its seeds. The mean uses only the iterations every seed of the group has logged, so a run that
// stopped early does not bend the tail of the curve towards the seeds that kept going.
import type { MetricsRow, RunSummary } from '../../src-preload/contract/schemas'
import { differingSettings, seedGroupKey } from './config-diff'
import { metricSeries } from './efficiency'

export interface LineSource {
  summary: RunSummary
  metrics: readonly MetricsRow[]
}

export interface ChartLine {
  label: string
  /** Which run or group (for a stable colour across charts). */
  key: string
  /** [iteration, value] pairs in iteration order. */
  points: [number, number][]
}

export function runLines(runs: readonly LineSource[], metric: string): ChartLine[] {
  return runs.map(({ summary, metrics }) => ({
    label: summary.name,
    key: summary.id,
    points: metricSeries(metrics, metric).map((p): [number, number] => [p.step, p.value]),
  }))
}

export interface SeedGroup {
  key: string
  label: string
  members: LineSource[]
}

/**
 * Runs grouped by their settings apart from the seed, in the order of each group's first run. A group is labelled
 * by the settings that tell it apart from the other groups (or its algorithm when there is one group).
 */
export function seedGroups(runs: readonly LineSource[]): SeedGroup[] {
  const groups = new Map<string, LineSource[]>()
  for (const run of runs) {
    const key = seedGroupKey(run.summary.config)
    groups.set(key, [...(groups.get(key) ?? []), run])
  }
  const entries = [...groups.entries()]
  const firstConfigs = entries.map(([, members]) => (members[0] as LineSource).summary.config)
  const differing = differingSettings(firstConfigs).filter(({ path }) => path !== 'seed')
  return entries.map(([key, members], index) => {
    const config = (members[0] as LineSource).summary.config
    const distinct = differing.map(({ path, values }) => `${path}=${plainValue(values[index])}`).join(', ')
    const base = distinct || (config.kind === 'rl' ? config.algorithm : config.kind)
    const seeds = members.length === 1 ? '1 run' : `mean of ${members.length} seeds`
    return { key, label: `${base} (${seeds})`, members }
  })
}

/** A setting's JSON text as a person writes it: strings without their quotes. */
function plainValue(json: string | undefined): string {
  if (json === undefined) return '—'
  const value: unknown = JSON.parse(json)
  return typeof value === 'string' ? value : json
}

export function seedMeanLines(runs: readonly LineSource[], metric: string): ChartLine[] {
  return seedGroups(runs).map(({ key, label, members }) => {
    const perRun = members.map(({ metrics }) => new Map(metricSeries(metrics, metric).map((p) => [p.step, p.value])))
    const [first, ...rest] = perRun
    const steps = [...(first?.keys() ?? [])].filter((step) => rest.every((series) => series.has(step))).sort((a, b) => a - b)
    const points = steps.map((step): [number, number] => [step, perRun.reduce((sum, series) => sum + (series.get(step) as number), 0) / perRun.length])
    return { label, key, points }
  })
}
