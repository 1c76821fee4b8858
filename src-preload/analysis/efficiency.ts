// Sample efficiency as the PRIME paper states it: how many iterations (and how much wall time) each run needed to
// reach a level of a metric (reach.ts has the definitions), and one group of seeds against another — PRIME against
// a baseline — as the ratio baseline ÷ PRIME, seed by seed (seed-pairs.ts), summarised by its median and range over
// the seed pairs (summary.ts). A ratio above 1 means PRIME got there sooner.
//
// The options are explicit and every readout states them (`describeEfficiency`): the metric (the training reward by
// default), the smoothing (EMA, weight 0.6 by default) and the level (the lowest final smoothed value by default).
// The report, the CLI's `compare` and the Compare view all compute their figures here.
import { TRAINING_REWARD, metricLabel } from '../contract/metrics'
import { Algorithm, usesPrm } from '../contract/rl-config'
import type { Smoothing } from '../contract/schemas'
import { formatDuration, formatFigure, formatRatio } from './format'
import type { MetricColumns } from './metric-columns'
import { defaultLevel, finalValue, higherIsBetter, reachOf, smoothedSeries, type ReachPoint } from './reach'
import { pairBySeed } from './seed-pairs'
import { learningKey, seedOf, type SeedGroup } from './seed-groups'
import { DEFAULT_SMOOTHING, describeSmoothing } from './smoothing'
import { spread, type Spread } from './summary'

export interface EfficiencyOptions {
  metric: string
  smoothing: Smoothing
  /** The level to reach; null: the default level (reach.ts). */
  level: number | null
}

export const DEFAULT_EFFICIENCY_OPTIONS: EfficiencyOptions = { metric: TRAINING_REWARD, smoothing: DEFAULT_SMOOTHING, level: null }

export interface EfficiencyRun {
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
  /** Whether the run logs the metric at all. */
  logged: boolean
  /** The smoothed value at the run's last logged point. */
  final: number | null
  /** null: not reached (or not logged, see `logged`). */
  reach: ReachPoint | null
}

export interface EfficiencyTable {
  metric: string
  smoothing: Smoothing
  higherIsBetter: boolean
  /** The level used; null when no run logs the metric. */
  level: number | null
  /** The level is the default one rather than one asked for. */
  levelIsDefault: boolean
  /** Every run of every group, groups in order. */
  rows: ReachRow[]
}

export function efficiencyTable(groups: readonly SeedGroup<EfficiencyRun>[], options: EfficiencyOptions): EfficiencyTable {
  const higherBetter = higherIsBetter(options.metric)
  const entries = groups.flatMap((group) => group.runs.map((run) => ({ group, run, series: smoothedSeries(run.columns, options.metric, options.smoothing) })))
  const level = options.level ?? defaultLevel(entries.map((e) => e.series), higherBetter)
  return {
    metric: options.metric,
    smoothing: options.smoothing,
    higherIsBetter: higherBetter,
    level,
    levelIsDefault: options.level === null,
    rows: entries.map(({ group, run, series }) => ({
      runId: run.id,
      name: run.name,
      groupKey: group.key,
      seed: seedOf(run.config),
      logged: series.values.length > 0,
      final: finalValue(series),
      reach: level === null ? null : reachOf(series, level, higherBetter),
    })),
  }
}

export interface SeedRatio {
  seed: number
  primeRunId: string
  baselineRunId: string
  /** Baseline ÷ PRIME; null where either run did not reach the level (or PRIME reached it at 0). */
  iterations: number | null
  wallTime: number | null
}

export interface GroupComparison {
  primeKey: string
  baselineKey: string
  pairs: SeedRatio[]
  iterations: Spread | null
  wallTime: Spread | null
  /** Seeds present on one side only, repeats, and runs without a seed (null). */
  unpaired: { prime: (number | null)[]; baseline: (number | null)[] }
}

function ratio(baseline: number | null | undefined, prime: number | null | undefined): number | null {
  if (baseline == null || prime == null || !(prime > 0) || !Number.isFinite(baseline)) return null
  return baseline / prime
}

/** One group against another, paired by seed. */
export function compareGroups(table: EfficiencyTable, primeKey: string, baselineKey: string): GroupComparison {
  const side = (key: string) => table.rows.filter((r) => r.groupKey === key).map((row) => ({ seed: row.seed, value: row }))
  const { pairs, unpaired } = pairBySeed(side(primeKey), side(baselineKey))
  const ratios = pairs.map(({ seed, a: prime, b: baseline }) => ({
    seed,
    primeRunId: prime.runId,
    baselineRunId: baseline.runId,
    iterations: ratio(baseline.reach?.iteration, prime.reach?.iteration),
    wallTime: ratio(baseline.reach?.wallTime, prime.reach?.wallTime),
  }))
  const known = (key: 'iterations' | 'wallTime') => ratios.map((p) => p[key]).filter((r): r is number => r !== null)
  return { primeKey, baselineKey, pairs: ratios, iterations: spread(known('iterations')), wallTime: spread(known('wallTime')), unpaired: { prime: unpaired.a, baseline: unpaired.b } }
}

function algorithmOf(group: SeedGroup<{ config: object }>): Algorithm | null {
  const parsed = Algorithm.safeParse((group.runs[0]?.config as { algorithm?: unknown } | undefined)?.algorithm)
  return parsed.success ? parsed.data : null
}

export interface Pairing {
  prime: string
  baseline: string
}

/**
 * Every fair algorithm comparison among the groups: a PRIME-family group against a baseline group whose configs
 * are equal apart from the algorithm, the seed and the logging-only settings (a ratio between different tasks or
 * learning rates would not measure the algorithm). In group order.
 */
export function algorithmPairings(groups: readonly SeedGroup<{ config: object }>[]): Pairing[] {
  const comparable = (group: SeedGroup<{ config: object }>) => learningKey(group.runs[0]?.config ?? {}, ['algorithm'])
  const pairings: Pairing[] = []
  for (const prime of groups) {
    const primeAlgorithm = algorithmOf(prime)
    if (primeAlgorithm === null || !usesPrm(primeAlgorithm)) continue
    for (const baseline of groups) {
      const baselineAlgorithm = algorithmOf(baseline)
      if (baselineAlgorithm !== null && !usesPrm(baselineAlgorithm) && comparable(prime) === comparable(baseline)) {
        pairings.push({ prime: prime.key, baseline: baseline.key })
      }
    }
  }
  return pairings
}

/**
 * The comparison a view opens with: the first fair algorithm comparison; without one, the first PRIME group (or the
 * first group) against the first group of another algorithm (or any other group).
 */
export function defaultPairing(groups: readonly SeedGroup<{ config: object }>[]): { prime: string | null; baseline: string | null } {
  const fair = algorithmPairings(groups)[0]
  if (fair) return fair
  const prime = groups.find((g) => algorithmOf(g) === 'prime') ?? groups[0]
  const baseline = groups.find((g) => g !== prime && algorithmOf(g) !== null && algorithmOf(g) !== 'prime') ?? groups.find((g) => g !== prime)
  return { prime: prime?.key ?? null, baseline: baseline?.key ?? null }
}

/** The sentence every readout states its options in. */
export function describeEfficiency(table: EfficiencyTable): string {
  const metric = `${metricLabel(table.metric)} (${table.metric})`
  if (table.level === null) return `No run logged the ${metric}.`
  const comparison = table.higherIsBetter ? '≥' : '≤'
  const why = table.levelIsDefault ? `the ${table.higherIsBetter ? 'lowest' : 'highest'} final smoothed value among the runs` : 'the level asked for'
  return `Iterations to reach: the first iteration at which a run's ${metric}, smoothed (${describeSmoothing(table.smoothing)}), is ${comparison} ${formatFigure(table.level)} (${why}).`
}

/** A run's figures as every readout writes them. */
export function reachFigures(row: ReachRow): { seed: string; final: string; iterations: string; wallTime: string } {
  return {
    seed: row.seed === null ? '—' : String(row.seed),
    final: formatFigure(row.final),
    iterations: row.reach ? String(row.reach.iteration) : row.logged ? 'not reached' : 'not logged',
    wallTime: row.reach ? formatDuration(row.reach.wallTime) : '—',
  }
}

/** A seed pair's ratios as every readout writes them. */
export function ratioFigures(pair: SeedRatio): { seed: string; iterations: string; wallTime: string } {
  return { seed: String(pair.seed), iterations: formatRatio(pair.iterations), wallTime: formatRatio(pair.wallTime) }
}

/** How a ratio reads, for the note under a comparison. */
export function describeRatio(primeLabel: string, baselineLabel: string): string {
  return `Ratio = ${baselineLabel} ÷ ${primeLabel}, seed by seed (config.seed): above 1×, ${primeLabel} reached the level sooner.`
}

/** What every readout says under a comparison's ratios: how they read, and which runs found no seed partner. */
export function describeComparison(comparison: GroupComparison, primeLabel: string, baselineLabel: string): string {
  const unpaired = [...comparison.unpaired.prime, ...comparison.unpaired.baseline].map((seed) => (seed === null ? 'none' : String(seed)))
  const remark = !comparison.pairs.length
    ? 'These groups share no seed: run the baseline with the same seeds to get a ratio.'
    : unpaired.length
      ? `Unpaired runs (seed): ${unpaired.join(', ')}.`
      : ''
  return [describeRatio(primeLabel, baselineLabel), remark].filter(Boolean).join(' ')
}

/** A spread of ratios as "2.50× (median of 3 seed pairs, range 2.00–3.00×)". */
export function describeSpread(value: Spread | null): { ratio: string; range: string } {
  if (value === null) return { ratio: formatRatio(null), range: 'no seed pair reached the level' }
  const range = value.n > 1 ? `median of ${value.n} seed pairs, range ${value.min.toFixed(2)}–${value.max.toFixed(2)}×` : '1 seed pair'
  return { ratio: formatRatio(value.median), range }
}
