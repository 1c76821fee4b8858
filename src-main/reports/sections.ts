// The report's sections, each a pure function from the analysed runs to HTML: the runs, the metric charts, the
// settings that differ, sample efficiency, the paired study, step heatmaps and the environment. Every figure comes from
// src-preload/analysis, the code the Compare view and the CLI's `compare` use.
import {
  configDiff,
  describeEfficiency,
  describeGrouping,
  describeLocalisation,
  describeComparison,
  describeSmoothing,
  describeSpread,
  formatAccuracy,
  formatDuration,
  formatSettingValue,
  ratioFigures,
  reachFigures,
  runFigures,
  stepCredit,
  type EfficiencyTable,
  type GroupComparison,
  type SeedGroup,
  type StudyReadout,
} from '../../src-preload/analysis'
import { METRICS, METRIC_PANELS, panelCurves, type MetricName } from '../../src-preload/contract/metrics'
import type { Grouping, MetricsRow, RolloutRecord, RunSummary, Smoothing } from '../../src-preload/contract/schemas'
import { runLines, seedMeanLines, type LineSource } from './chart-lines'
import { lineChart, type LegendEntry } from './charts'
import type { ReportEnvironment } from './environment'
import { escapeHtml } from './escape'
import { stepHeatmapSvg } from './heatmap'
import { Html, table, type Cell } from './html'

export interface ReportRun {
  summary: RunSummary
  metrics: MetricsRow[]
  /** Sampled responses of the iterations to draw as step heatmaps. */
  rollouts?: { iteration: number; records: RolloutRecord[] }[]
  /** The trainer's "ONNX Runtime on …" line for this run, when its events hold one. */
  runtimeLine?: string | null
}

/** A report run with its iteration rows as columns (what the analysis reads) and its identity for grouping. */
export interface AnalysedRun extends ReportRun, LineSource {}

function section(id: string, title: string, body: string): string {
  return `<section id="${id}">\n<h2>${escapeHtml(title)}</h2>\n${body}\n</section>`
}

const note = (text: string) => `<p class="note">${escapeHtml(text)}</p>`

function algorithmOf(summary: RunSummary): string {
  if (summary.config.kind === 'verl') return `verl ${summary.config.algorithm ?? '(other)'}`
  return summary.config.kind === 'rl' ? summary.config.algorithm : summary.config.kind
}

export function runsSection(runs: readonly AnalysedRun[], efficiency: EfficiencyTable): string {
  const rows = runs.map(({ summary, columns, runtimeLine }) => {
    const figures = runFigures(columns)
    const reach = efficiency.rows.find((row) => row.runId === summary.id)
    return [
      summary.name,
      new Html(`<code>${escapeHtml(summary.id)}</code>`),
      algorithmOf(summary),
      summary.config.kind === 'engine-smoke' ? null : summary.config.seed,
      summary.state,
      `${summary.progress.step} / ${summary.progress.total}`,
      reach ? reachFigures(reach).final : '—',
      formatAccuracy(figures.finalValidation),
      formatAccuracy(figures.bestValidation),
      formatAccuracy(figures.test),
      formatDuration(figures.trainingTime),
      runtimeLine ?? null,
    ]
  })
  const header = ['run', 'id', 'algorithm', 'seed', 'state', 'iterations', 'final reward (smoothed)', 'final val acc ± SE', 'best val acc ± SE', 'test acc ± SE', 'wall time', 'trained on']
  return section('runs', 'Runs', table(header, rows, '', [6, 7, 8, 9, 10]))
}

const DASH_ARRAYS: Record<LegendEntry['dash'], string> = { solid: '', dashed: ' stroke-dasharray="5 3"', dotted: ' stroke-dasharray="1.5 2.5"' }

function legendList(entries: readonly LegendEntry[]): string {
  const items = entries.map(
    ({ label, colour, dash }) =>
      `<li><svg width="24" height="10" aria-hidden="true"><line x1="1" y1="5" x2="23" y2="5" stroke="${colour}" stroke-width="2.5"${DASH_ARRAYS[dash]}/></svg>${escapeHtml(label)}</li>`,
  )
  return `<ul class="legend">${items.join('')}</ul>`
}

export function chartsSection(runs: readonly AnalysedRun[], seedMean: boolean, smoothing: Smoothing, grouping: Grouping): string {
  const linesOf = (metric: string) => (seedMean ? seedMeanLines(runs, metric, smoothing, grouping) : runLines(runs, metric, smoothing))
  const keys: string[] = []
  const colourOf = (key: string) => {
    const index = keys.indexOf(key)
    return index === -1 ? keys.push(key) - 1 : index
  }
  const drawn: string[] = []
  const empty: string[] = []
  for (const panel of METRIC_PANELS) {
    const curves = panelCurves(panel)
    const metrics = curves.map((name: MetricName) => ({ label: METRICS[name].label, lines: linesOf(name) }))
    // A panel whose own metrics nobody logged is empty, whatever its reference curves hold.
    if (!metrics.slice(0, panel.metrics.length).some((m) => m.lines.some((line) => line.xs.length > 0))) {
      empty.push(panel.title)
      continue
    }
    const title = curves.length === 1 ? `${panel.title}: ${METRICS[curves[0] as MetricName].label}` : panel.title
    const { svg, legend } = lineChart({ title, xLabel: 'iteration', metrics, colourOf })
    drawn.push(`<figure class="chart">${svg}${legendList(legend)}${panel.note ? note(panel.note) : ''}</figure>`)
  }
  const lines = seedMean
    ? `One line per group (${describeGrouping(grouping)}): the mean over its runs, each run interpolated onto a common grid of iterations, with a band from the lowest to the highest run (where fewer runs reach an iteration, the mean is over those).`
    : 'One line per run.'
  const intro = note(`Curves smoothed per run (${describeSmoothing(smoothing)}) before anything is averaged. ${lines}`)
  const missing = empty.length ? note(`No data for: ${empty.join(', ')}.`) : ''
  return section('charts', 'Metrics', `${intro}${drawn.join('\n') || note('These runs logged none of the charted metrics.')}${missing}`)
}

export function settingsSection(runs: readonly ReportRun[]): string {
  const differing = configDiff(runs.map((r) => r.summary.config))
  const diff =
    runs.length < 2
      ? note('One run: nothing to compare.')
      : differing.length === 0
        ? note('All runs have the same settings.')
        : table(['setting', ...runs.map((r) => r.summary.name)], differing.map(({ path, values }) => [new Html(`<code>${escapeHtml(path)}</code>`), ...values.map(formatSettingValue)]), 'diff')
  const full = runs
    .map(({ summary }) => `<h3>${escapeHtml(summary.name)}</h3>\n<pre>${escapeHtml(JSON.stringify(summary.config, null, 2))}</pre>`)
    .join('\n')
  return section('settings', 'Settings that differ', `${diff}\n<details><summary>Full configurations</summary>\n${full}\n</details>`)
}

export function efficiencySection(groups: readonly SeedGroup<AnalysedRun>[], efficiency: EfficiencyTable, comparisons: readonly GroupComparison[]): string {
  const intro = note(describeEfficiency(efficiency))
  if (efficiency.level === null) return section('efficiency', 'Sample efficiency', intro)
  const labelOf = (key: string) => groups.find((g) => g.key === key)?.label ?? key
  const nameOf = new Map(groups.flatMap((g) => g.runs.map((r) => [r.summary.id, r.summary.name] as const)))
  const rows = efficiency.rows.map((row) => {
    const figures = reachFigures(row)
    return [row.name, labelOf(row.groupKey), figures.seed, figures.final, figures.iterations, figures.wallTime]
  })
  const perRun = table(['run', 'group', 'seed', 'final (smoothed)', 'iterations to reach', 'wall time to reach'], rows, 'efficiency', [2, 3, 4, 5])
  const pairTables = comparisons.map((c) => {
    const prime = labelOf(c.primeKey)
    const baseline = labelOf(c.baselineKey)
    const pairRows: Cell[][] = c.pairs.map((p) => {
      const figures = ratioFigures(p)
      return [figures.seed, nameOf.get(p.primeRunId) ?? p.primeRunId, nameOf.get(p.baselineRunId) ?? p.baselineRunId, figures.iterations, figures.wallTime]
    })
    const iterations = describeSpread(c.iterations)
    const wallTime = describeSpread(c.wallTime)
    pairRows.push([new Html('<strong>median</strong>'), '', '', `${iterations.ratio} (${iterations.range})`, `${wallTime.ratio} (${wallTime.range})`])
    return `<h3>${escapeHtml(`${prime} vs ${baseline}`)}</h3>\n${table(['seed', prime, baseline, 'iterations ratio', 'wall time ratio'], pairRows, 'ratios', [0, 3, 4])}\n${note(describeComparison(c, prime, baseline))}`
  })
  const ratios = pairTables.length ? pairTables.join('\n') : note('No PRIME group has a baseline group with the same settings apart from the algorithm, so there is no ratio to show.')
  return section('efficiency', 'Sample efficiency', `${intro}\n${perRun}\n${ratios}`)
}

export function studySection(study: StudyReadout): string {
  if (study.comparisons.length === 0) {
    return section('study', 'Paired study', note('No two groups here differ only in the algorithm (PRIME, the dense-surprisal control or an outcome-only baseline), so there is no paired comparison.'))
  }
  const gates = study.gates
    .map((g) => {
      const state = g.passed === null ? 'n/a' : g.passed ? 'passed' : 'FAILED'
      return `<li data-gate="${g.id}"><strong>${escapeHtml(`${g.title}: ${state}`)}</strong> — ${escapeHtml(g.detail)}${g.consequence ? ` <em>${escapeHtml(g.consequence)}</em>` : ''}</li>`
    })
    .join('')
  const arms = table(
    ['arm', 'runs', 'final val acc (mean ± SE over runs)', 'test acc (mean ± SE over runs)'],
    study.arms.map((a) => [a.label, a.runs, a.validation, a.test]),
    'arms',
    [2, 3],
  )
  const comparisons = study.comparisons.map((c) => {
    const pairs = table(
      ['seed', 'arm run', 'baseline run', 'N', 'AUC arm', 'AUC baseline', 'AUC diff', 'level', 'baseline iters', 'arm iters', 'reach ratio'],
      c.pairs.map((p) => [p.seed, p.armRun, p.baselineRun, p.iterations, p.armAuc, p.baselineAuc, p.aucDifference, p.level, p.baselineReach, p.armReach, p.reachRatio]),
      'study-pairs',
      [0, 3, 4, 5, 6, 7, 8, 9, 10],
    )
    const summary = `<dl class="study-summary"><dt>AUC difference</dt><dd>${escapeHtml(c.auc)}</dd><dt>reach ratio</dt><dd>${escapeHtml(c.reach)}</dd></dl>`
    return `<h3>${escapeHtml(c.title)}</h3>\n${pairs}\n${summary}${c.notes ? note(c.notes) : ''}\n<p class="verdict">${escapeHtml(c.verdict)}</p>`
  })
  const body = [note(study.description), `<ul class="gates">${gates}</ul>`, arms, ...comparisons, `<p class="verdict"><strong>Verdict.</strong> ${escapeHtml(study.verdict)}</p>`]
  return section('study', 'Paired study', body.join('\n'))
}

/** How well the quantity a heatmap colours found the first wrong step at its iteration (the app's legend says the same). */
function heatmapLocalisation(metrics: readonly MetricsRow[], iteration: number, records: readonly RolloutRecord[]): string {
  const values = metrics.filter((row) => row.step === iteration).at(-1)?.values ?? null
  const first = records.find((record) => record.steps.length > 0)
  const sentence = first ? describeLocalisation(values, stepCredit(first, 0).quantity) : null
  return sentence ? note(sentence) : ''
}

export function heatmapsSection(runs: readonly ReportRun[]): string {
  const figures = runs.flatMap(({ summary, rollouts, metrics }) =>
    (rollouts ?? []).map(
      ({ iteration, records }) =>
        `<figure class="heatmap"><figcaption>${escapeHtml(`${summary.name} — iteration ${iteration}`)}</figcaption>${
          records.length ? `${stepHeatmapSvg(records)}${heatmapLocalisation(metrics, iteration, records)}` : note('No sampled responses in this iteration.')
        }</figure>`,
    ),
  )
  const intro = note('Rows: sampled responses (#row, prompt group, ✓/✗ final answer); columns: reasoning steps; colour: the credit the run gave the step, as its legend says (the app’s heatmap shows the same numbers on the same scale); outlined: steps the task knows to be wrong.')
  return section('heatmaps', 'Step heatmaps', figures.length ? `${intro}\n<div class="heatmaps">\n${figures.join('\n')}\n</div>` : note('No sampled rollouts were selected (runs log them when logging.rolloutSamples > 0).'))
}

export function environmentSection(env: ReportEnvironment): string {
  const rows: [string, string | null][] = [
    ['app', `${env.app} ${env.appVersion}`],
    ['Node.js', env.nodeVersion],
    ['ONNX Runtime', env.ortVersion ?? `unknown (${env.runtimeError ?? 'no trainer answered'})`],
    ['execution providers', env.executionProviders],
    ['platform', env.platform],
    ['CPU cores', String(env.cpus)],
    ['generated', env.generatedAt],
  ]
  return section('environment', 'Environment and versions', table(['component', 'version or value'], rows, 'env'))
}
