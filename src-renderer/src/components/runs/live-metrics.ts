// Pure helpers of the live run view: keeping a run's metric rows in step with what the trainer streams, choosing
// the panels to draw, and turning the latest iteration's timings into a stacked bar.
import type { MetricsRow, RunConfig } from '../../../../src-preload/contract/schemas'
import { METRICS, METRIC_PANELS, panelCurves, type MetricName } from '../../../../src-preload/contract/metrics'
import { runsSftWarmStart, usesPrm } from '../../../../src-preload/contract/rl-config'

/** SFT warm-start rows are logged at step 0 with these names (src-main/trainer/jobs/rl.ts). */
export const SFT_LOSS = 'sft/loss'
export const SFT_STEP = 'sft/step'

function isSftRow(row: MetricsRow): boolean {
  return row.step === 0 && SFT_STEP in row.values
}

/**
 * Adds a streamed row. A row for an iteration the list already holds means the run was resumed from an earlier
 * checkpoint (the trainer truncated metrics.ndjson there and trains those iterations again): the stale rows from
 * that iteration on are dropped. A row already held (same step and time, e.g. read from disk and streamed) is
 * ignored. Returns the same array when nothing changed, a new one otherwise.
 */
export function mergeRow(rows: readonly MetricsRow[], row: MetricsRow): readonly MetricsRow[] {
  if (rows.some((r) => r.step === row.step && r.time === row.time)) return rows
  if (isSftRow(row)) return [...rows, row]
  const kept = rows.filter((r) => isSftRow(r) || r.step < row.step)
  return [...kept, row]
}

export interface Panel {
  title: string
  /** The panel's curves: its own metrics, then the references they are read against (METRIC_PANELS). */
  metrics: string[]
  /** How many of `metrics` are references (the last ones), drawn dashed and dotted. */
  references: number
  /** What the curves measure, on which object. */
  note?: string
  /** The metric on the x axis; null = the iteration. */
  x: string | null
  xName: string
}

const SFT_PANEL: Panel = { title: 'SFT warm start loss', metrics: [SFT_LOSS], references: 0, x: SFT_STEP, xName: 'SFT step' }

/** Metrics the trainer logs that the contract's METRICS table does not list. */
const EXTRA_LABELS: Record<string, string> = { [SFT_LOSS]: 'SFT cross-entropy loss' }

export function metricLabel(name: string): string {
  return (METRICS as Record<string, { label: string } | undefined>)[name]?.label ?? EXTRA_LABELS[name] ?? name
}

/** Every metric name that occurs in the rows. */
export function metricNames(rows: readonly MetricsRow[]): Set<string> {
  const names = new Set<string>()
  for (const row of rows) for (const name in row.values) names.add(name)
  return names
}

const PRM_METRICS: readonly MetricName[] = ['reward_model/loss', 'reward_model/dpo_acc']
/** Logged by algorithms with a process reward: the PRIME family and the dense-surprisal control. */
const PROCESS_METRICS: readonly MetricName[] = ['step_validity/process/top1']

/**
 * The panels to draw. A run that is still going keeps a place for every panel it will fill, so that panels do not
 * push each other around as their first values arrive; a finished run shows only panels with data. The SFT loss
 * comes first (it is what moves during the first minutes) when the run trains its own warm start.
 */
export function panelsFor(config: RunConfig, names: ReadonlySet<string>, active: boolean): Panel[] {
  if (config.kind === 'engine-smoke') return []
  // A verl run shows the panels its logged metrics fill: which it will fill is verl's to say.
  const reserve = active && config.kind === 'rl'
  const prm = config.algorithm !== null && usesPrm(config.algorithm)
  const process = prm || config.algorithm === 'dense-surprisal'
  const panels: Panel[] = METRIC_PANELS.filter((panel) => {
    if (panel.metrics.some((m) => names.has(m))) return true
    if (!reserve) return false
    if (!prm && panel.metrics.every((m) => PRM_METRICS.includes(m))) return false
    return process || !panel.metrics.every((m) => PROCESS_METRICS.includes(m))
  }).map((panel) => ({
    title: panel.title,
    metrics: panelCurves(panel) as string[],
    references: panel.references?.length ?? 0,
    ...(panel.note ? { note: panel.note } : {}),
    x: null,
    xName: 'iteration',
  }))
  const warmStart = config.kind === 'rl' && runsSftWarmStart(config)
  if (names.has(SFT_LOSS) || (reserve && warmStart)) panels.unshift(SFT_PANEL)
  return panels
}

export interface Series {
  metric: string
  xs: number[]
  ys: number[]
}

/** One series per metric of the panel, with the points that have both x and the metric. */
export function panelSeries(rows: readonly MetricsRow[], panel: Panel): Series[] {
  return panel.metrics.map((metric) => {
    const xs: number[] = []
    const ys: number[] = []
    for (const row of rows) {
      const y = row.values[metric]
      const x = panel.x === null ? row.step : row.values[panel.x]
      if (y === undefined || x === undefined || !Number.isFinite(y)) continue
      xs.push(x)
      ys.push(y)
    }
    return { metric, xs, ys }
  })
}

export const PHASES = ['rollout', 'verify', 'prm', 'policy', 'other'] as const
export type Phase = (typeof PHASES)[number]

export interface PhaseSegment {
  phase: Phase
  label: string
  seconds: number
  /** Share of the iteration, 0–1. */
  fraction: number
}

const PHASE_LABELS: Record<Phase, string> = { rollout: 'rollout', verify: 'verify', prm: 'PRM', policy: 'policy', other: 'other' }

function segments(seconds: Record<Phase, number>): PhaseSegment[] {
  const total = PHASES.reduce((sum, phase) => sum + seconds[phase], 0)
  return PHASES.map((phase) => ({ phase, label: PHASE_LABELS[phase], seconds: seconds[phase], fraction: total > 0 ? seconds[phase] / total : 0 }))
}

/** Seconds per phase of one iteration (timing/*), or null for a row without timings (an SFT row). */
export function phaseTimings(row: MetricsRow): PhaseSegment[] | null {
  if (!PHASES.some((phase) => `timing/${phase}` in row.values)) return null
  return segments(Object.fromEntries(PHASES.map((phase) => [phase, row.values[`timing/${phase}`] ?? 0])) as Record<Phase, number>)
}

/** The phases' mean seconds over every iteration that reports them. */
export function meanPhaseTimings(rows: readonly MetricsRow[]): PhaseSegment[] | null {
  const sums: Record<Phase, number> = { rollout: 0, verify: 0, prm: 0, policy: 0, other: 0 }
  let count = 0
  for (const row of rows) {
    if (!PHASES.some((phase) => `timing/${phase}` in row.values)) continue
    count++
    for (const phase of PHASES) sums[phase] += row.values[`timing/${phase}`] ?? 0
  }
  if (count === 0) return null
  for (const phase of PHASES) sums[phase] /= count
  return segments(sums)
}

/** The last row that holds `metric`. */
export function latestWith(rows: readonly MetricsRow[], metric: string): MetricsRow | undefined {
  for (let i = rows.length - 1; i >= 0; i--) if (metric in (rows[i] as MetricsRow).values) return rows[i]
  return undefined
}
