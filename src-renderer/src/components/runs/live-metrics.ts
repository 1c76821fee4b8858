// Pure helpers of the live run view: choosing the panels to draw, their curves, and turning an iteration's timings
// into a stacked bar. They read the run's metrics as run-metrics.ts holds them.
import type { MetricsRow, RunConfig } from '../../../../src-preload/contract/schemas'
import { METRICS, METRIC_PANELS, panelCurves, type MetricName } from '../../../../src-preload/contract/metrics'
import { runsSftWarmStart, usesPrm } from '../../../../src-preload/contract/rl-config'
import { SFT_LOSS, SFT_STEP, metricPoints, sumsOverRowsWith, type Points, type RunMetrics } from './run-metrics'

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

/**
 * The metrics an RL run's view shows: its panels' curves, the standard error logged beside each (`val/acc_se`), and
 * the phase timings — about a third of what a run logs, and of the bytes its iterations take. Other runs (verl,
 * engine checks) list every metric they logged: null, all of them.
 */
export function shownMetrics(config: RunConfig): string[] | null {
  if (config.kind !== 'rl') return null
  const curves = METRIC_PANELS.flatMap((panel) => panelCurves(panel) as string[])
  const standardErrors = curves.map((name) => `${name}_se`).filter((name) => name in METRICS)
  return [...new Set([...curves, ...standardErrors, ...PHASE_METRICS])]
}

export interface Series extends Points {
  metric: string
}

/** One series per metric of the panel, with the points that have both x and the metric. */
export function panelSeries(metrics: RunMetrics, panel: Panel): Series[] {
  return panel.metrics.map((metric) => ({ metric, ...metricPoints(metrics, metric, panel.x) }))
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

/** The metrics that time the phases: `timing/rollout`, …. */
export const PHASE_METRICS: readonly string[] = PHASES.map((phase) => `timing/${phase}`)

/** Seconds per phase of one iteration (timing/*), or null for a row without timings (an SFT row). */
export function phaseTimings(row: MetricsRow): PhaseSegment[] | null {
  if (!PHASE_METRICS.some((name) => name in row.values)) return null
  return segments(Object.fromEntries(PHASES.map((phase, k) => [phase, row.values[PHASE_METRICS[k] as string] ?? 0])) as Record<Phase, number>)
}

/** The phases' mean seconds over every iteration that reports them. */
export function meanPhaseTimings(metrics: RunMetrics): PhaseSegment[] | null {
  const { sums, rows } = sumsOverRowsWith(metrics, PHASE_METRICS)
  if (rows === 0) return null
  return segments(Object.fromEntries(PHASES.map((phase, k) => [phase, (sums[k] as number) / rows])) as Record<Phase, number>)
}
