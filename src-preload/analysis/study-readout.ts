// The study readout — gates, accuracy per arm, paired figures per comparison and a verdict — computed once, as
// text, for the Compare view, the report, `prime-workbench compare` and `npm run bench:science` alike
// (paired-study.ts and gates.ts hold the definitions). Every readout states its options in `description`.
import { metricLabel } from '../contract/metrics'
import { Algorithm } from '../contract/rl-config'
import { formatFigure, formatPValue, formatRatio, formatSigned } from './format'
import { prmRankingGate, surprisalGate, type GateResult } from './gates'
import { pairedInterval } from './paired-interval'
import { GOAL_REACH_RATIO, studyComparison, studyPairings, studyRole, type StudyComparison, type StudyOptions, type StudyPair, type StudyRun } from './paired-study'
import { runFigures, type Accuracy } from './run-figures'
import type { SeedGroup } from './seed-groups'
import { describeSmoothing } from './smoothing'

export interface ArmFigures {
  key: string
  label: string
  runs: number
  /** Final val/acc, mean over the arm's runs ± the standard error across them, with the runs' own (binomial) SE. */
  validation: string
  test: string
}

export interface StudyPairFigures {
  seed: string
  armRun: string
  baselineRun: string
  iterations: string
  armAuc: string
  baselineAuc: string
  aucDifference: string
  level: string
  baselineReach: string
  armReach: string
  reachRatio: string
}

export interface StudyComparisonFigures {
  armKey: string
  baselineKey: string
  title: string
  pairs: StudyPairFigures[]
  /** Across pairs: the estimate, its interval and the sign test, as one line each. */
  auc: string
  reach: string
  /** Unpaired and unscored runs; empty when every run paired. */
  notes: string
  verdict: string
}

export interface StudyReadout {
  description: string
  gates: GateResult[]
  arms: ArmFigures[]
  comparisons: StudyComparisonFigures[]
  /** One paragraph over the gates and every comparison; empty when there is no comparison. */
  verdict: string
}

/** "0.412 ± 0.018 (5 runs; each ± 0.022)": mean ± SE across runs, and the runs' own SE (root mean square). */
export function describeArmAccuracy(accuracies: readonly (Accuracy | null)[]): string {
  const known = accuracies.filter((a): a is Accuracy => a !== null)
  const summary = pairedInterval(known.map((a) => a.value))
  if (summary === null) return '—'
  const withSe = known.filter((a) => a.se !== null)
  const itemSe = withSe.length ? Math.sqrt(withSe.reduce((sum, a) => sum + (a.se as number) ** 2, 0) / withSe.length) : null
  const runs = `${summary.n} run${summary.n === 1 ? '' : 's'}`
  const own = itemSe === null ? '' : `; each ± ${formatFigure(itemSe)}`
  return summary.se === null ? `${formatFigure(summary.mean)} (${runs}${own})` : `${formatFigure(summary.mean)} ± ${formatFigure(summary.se)} (${runs}${own})`
}

/** The sentence that states the options and definitions. */
export function describeStudy(options: StudyOptions): string {
  const metric = `${metricLabel(options.metric)} (${options.metric})`
  const level = Math.round(options.confidence * 100)
  return (
    `Runs paired by config.seed, configs equal apart from the algorithm. AUC: the mean raw ${metric} over iterations 1..N, ` +
    `N the pair's common length; the figure is arm − baseline. Reach: the first iteration at which the arm's curve, ` +
    `smoothed (${describeSmoothing(options.smoothing)}), reaches the baseline's final smoothed value, ÷ the baseline's own first ` +
    `iteration there (below 1×: the arm got there sooner); an arm that never gets there within N is censored and enters at ` +
    `its bound (N + 1) ÷ b, which flatters the arm. Across pairs: the mean with a ${level}% paired t-interval (reach ratios on ` +
    `the log scale, shown as the geometric mean) and a two-sided exact sign test.`
  )
}

function signs(above: number, below: number, ties: number, p: number, more: string, less: string): string {
  const tie = ties ? `, ${ties} tie${ties === 1 ? '' : 's'}` : ''
  return `${more} in ${above}, ${less} in ${below} of ${above + below + ties} pairs${tie}; sign test p = ${formatPValue(p)}`
}

function aucLine(c: StudyComparison): string {
  const { interval, signs: s } = c.auc
  if (interval === null) return 'no seed pair'
  const ci = interval.lo === null ? 'one pair: no interval' : `${Math.round(c.options.confidence * 100)}% CI [${formatSigned(interval.lo)}, ${formatSigned(interval.hi)}]`
  return `${formatSigned(interval.mean)} (${ci}); ${signs(s.above, s.below, s.ties, s.p, 'arm higher', 'lower')}`
}

function reachLine(c: StudyComparison): string {
  const { reach } = c
  if (reach.interval === null) return 'no seed pair'
  const ci = reach.lo === null ? 'one pair: no interval' : `${Math.round(c.options.confidence * 100)}% CI [${formatRatio(reach.lo)}, ${formatRatio(reach.hi)}]`
  // The sign test runs on log ratios: above 0 = the arm took longer.
  const censored = reach.censored ? `; ${reach.censored} censored pair${reach.censored === 1 ? '' : 's'} entered at the bound` : ''
  return `${formatRatio(reach.geometricMean)} geometric mean (${ci}); ${signs(reach.signs.below, reach.signs.above, reach.signs.ties, reach.signs.p, 'arm sooner', 'later')}${censored}`
}

function pairFigures(pair: StudyPair, nameOf: (id: string) => string): StudyPairFigures {
  return {
    seed: String(pair.seed),
    armRun: nameOf(pair.armRunId),
    baselineRun: nameOf(pair.baselineRunId),
    iterations: String(pair.iterations),
    armAuc: formatFigure(pair.armAuc),
    baselineAuc: formatFigure(pair.baselineAuc),
    aucDifference: formatSigned(pair.aucDifference),
    level: formatFigure(pair.level),
    baselineReach: String(pair.baselineReach),
    armReach: pair.armReach === null ? `not by ${pair.iterations}` : String(pair.armReach),
    reachRatio: pair.censored ? `≥ ${formatRatio(pair.reachRatio)}` : formatRatio(pair.reachRatio),
  }
}

/** What the figures of one comparison say, in words; `roles` decide which question is asked. */
function comparisonVerdict(c: StudyComparison, arm: string, baseline: string, roles: { arm: number; baseline: number } | null): string {
  const n = c.pairs.length
  if (n === 0) return `${arm} vs ${baseline}: no seed pair could be scored.`
  const { geometricMean, lo, hi } = c.reach
  const reached = `${arm} reached ${baseline}'s final ${metricLabel(c.options.metric)} in ${formatRatio(geometricMean)} ${baseline}'s iterations`
  if (lo === null || hi === null) return `${reached} (1 seed pair: no interval, no verdict).`
  const interval = `(geometric mean over ${n} seed pairs, ${Math.round(c.options.confidence * 100)}% CI ${formatRatio(lo)}–${formatRatio(hi)}, sign test p = ${formatPValue(c.reach.signs.p)})`
  const direction = hi < 1 ? 'sooner, the interval excluding 1' : lo > 1 ? 'later, the interval excluding 1' : 'no difference shown, the interval including 1'
  let claim = ''
  if (roles?.arm === 0 && roles.baseline === 2) {
    const met = hi < 1 && (geometricMean as number) <= GOAL_REACH_RATIO
    claim = met
      ? ` It meets the goal: ≤ ${GOAL_REACH_RATIO}× with the interval excluding 1.`
      : ` It does not meet the goal of ≤ ${GOAL_REACH_RATIO}× with the interval excluding 1.`
  } else if (roles?.baseline === 1) {
    claim = hi < 1 ? ` ${arm} beats the surprisal control.` : ` ${arm} does not beat the surprisal control.`
  }
  const auc = c.auc.interval
  const aucText =
    auc && auc.lo !== null && auc.hi !== null
      ? ` Mean ${metricLabel(c.options.metric)} over training: ${formatSigned(auc.mean)} (CI ${formatSigned(auc.lo)} to ${formatSigned(auc.hi)}${auc.lo > 0 ? ', higher' : auc.hi < 0 ? ', lower' : ', no difference shown'}).`
      : ''
  const censored = c.reach.censored ? ` ${c.reach.censored} of ${n} pairs never reached the level (censored).` : ''
  return `${reached} ${interval}: ${direction}.${claim}${aucText}${censored}`
}

function algorithmRole(group: SeedGroup<StudyRun> | undefined): number | null {
  const parsed = Algorithm.safeParse((group?.runs[0]?.config as { algorithm?: unknown } | undefined)?.algorithm)
  return parsed.success ? studyRole(parsed.data) : null
}

/** Every study comparison among the groups (studyPairings), with the gates over the runs they hold. */
export function studyReadout(groups: readonly SeedGroup<StudyRun>[], options: StudyOptions): StudyReadout {
  const pairings = studyPairings(groups)
  const groupOf = (key: string) => groups.find((g) => g.key === key)
  const labelOf = (key: string) => groupOf(key)?.label ?? key
  const names = new Map(groups.flatMap((g) => g.runs.map((r) => [r.id, r.name] as const)))
  const nameOf = (id: string) => names.get(id) ?? id
  const involved = groups.filter((g) => pairings.some((p) => p.arm === g.key || p.baseline === g.key))
  const studyRuns = involved.flatMap((g) => g.runs)
  const gates = pairings.length ? [surprisalGate(studyRuns), prmRankingGate(studyRuns)] : []
  const arms = involved.map((group) => {
    const figures = group.runs.map((run) => runFigures(run.columns))
    return {
      key: group.key,
      label: group.label,
      runs: group.runs.length,
      validation: describeArmAccuracy(figures.map((f) => f.finalValidation)),
      test: describeArmAccuracy(figures.map((f) => f.test)),
    }
  })
  const comparisons = pairings.map(({ arm, baseline }) => {
    const c = studyComparison(groups, arm, baseline, options)
    const roles = { arm: algorithmRole(groupOf(arm)) ?? -1, baseline: algorithmRole(groupOf(baseline)) ?? -1 }
    const unpaired = [...c.unpaired.arm, ...c.unpaired.baseline].map((seed) => (seed === null ? 'none' : String(seed)))
    const notes = [
      unpaired.length ? `Unpaired runs (seed): ${unpaired.join(', ')}.` : '',
      ...c.unscored.map((u) => `Seed ${u.seed} not scored: ${u.reason}.`),
    ]
    return {
      armKey: arm,
      baselineKey: baseline,
      title: `${labelOf(arm)} vs ${labelOf(baseline)}`,
      pairs: c.pairs.map((pair) => pairFigures(pair, nameOf)),
      auc: aucLine(c),
      reach: reachLine(c),
      notes: notes.filter(Boolean).join(' '),
      verdict: comparisonVerdict(c, labelOf(arm), labelOf(baseline), roles),
    }
  })
  return { description: describeStudy(options), gates, arms, comparisons, verdict: studyVerdict(gates, comparisons) }
}

/** The gates first (a failed gate says what to expect), then each comparison's verdict. */
function studyVerdict(gates: readonly GateResult[], comparisons: readonly StudyComparisonFigures[]): string {
  if (comparisons.length === 0) return ''
  const gateText = gates
    .map((g) => `${g.title.split(' — ')[0]} ${g.passed === null ? 'not measured or not applicable' : g.passed ? 'passed' : 'failed'}${g.value === null ? '' : ` (${formatFigure(g.value)} against ${g.threshold})`}`)
    .join('; ')
  const failed = gates.filter((g) => g.passed === false)
  const expectation = failed.length
    ? ` Because ${failed.map((g) => g.title.split(' — ')[0]).join(' and ')} failed, PRIME ≈ RLOO is the expected outcome here: ${failed.map((g) => g.consequence).join(' ')}`
    : ''
  return `${gateText}.${expectation} ${comparisons.map((c) => c.verdict).join(' ')}`
}
