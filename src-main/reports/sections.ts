// The report's sections, each a pure function from the runs to HTML: the runs, the metric charts, the settings
// that differ, sample efficiency, step heatmaps and the environment.
import { METRICS, METRIC_PANELS, type MetricName } from '../../src-preload/contract/metrics'
import type { MetricsRow, RolloutRecord, RunSummary } from '../../src-preload/contract/schemas'
import { runLines, seedMeanLines } from './chart-lines'
import { lineChart, type LegendEntry } from './charts'
import { differingSettings } from './config-diff'
import { REWARD_METRIC, REWARD_WINDOW, WALL_TIME_METRIC, finalReward, metricSeries, type SampleEfficiency } from './efficiency'
import type { ReportEnvironment } from './environment'
import { escapeHtml } from './escape'
import { stepHeatmapSvg } from './heatmap'
import { Html, formatNumber, formatRatio, formatSeconds, table, type Cell } from './html'

export interface ReportRun {
  summary: RunSummary
  metrics: MetricsRow[]
  /** Sampled responses of the iterations to draw as step heatmaps. */
  rollouts?: { iteration: number; records: RolloutRecord[] }[]
  /** The trainer's "ONNX Runtime on …" line for this run, when its events hold one. */
  runtimeLine?: string | null
}

function section(id: string, title: string, body: string): string {
  return `<section id="${id}">\n<h2>${escapeHtml(title)}</h2>\n${body}\n</section>`
}

const note = (text: string) => `<p class="note">${escapeHtml(text)}</p>`

function algorithmOf(summary: RunSummary): string {
  return summary.config.kind === 'rl' ? summary.config.algorithm : summary.config.kind
}

export function runsSection(runs: readonly ReportRun[]): string {
  const rows = runs.map(({ summary, metrics, runtimeLine }) => {
    const val = metricSeries(metrics, 'val/acc').map((p) => p.value)
    return [
      summary.name,
      new Html(`<code>${escapeHtml(summary.id)}</code>`),
      algorithmOf(summary),
      summary.config.kind === 'rl' ? summary.config.seed : null,
      summary.state,
      `${summary.progress.step} / ${summary.progress.total}`,
      finalReward(metrics),
      val.at(-1) ?? null,
      val.length ? Math.max(...val) : null,
      formatSeconds(metricSeries(metrics, WALL_TIME_METRIC).at(-1)?.value ?? null),
      runtimeLine ?? null,
    ]
  })
  const header = ['run', 'id', 'algorithm', 'seed', 'state', 'iterations', `final reward (mean of last ${REWARD_WINDOW})`, 'final val acc', 'best val acc', 'wall time', 'trained on']
  return section('runs', 'Runs', table(header, rows))
}

const DASH_ARRAYS: Record<LegendEntry['dash'], string> = { solid: '', dashed: ' stroke-dasharray="5 3"', dotted: ' stroke-dasharray="1.5 2.5"' }

function legendList(entries: readonly LegendEntry[]): string {
  const items = entries.map(
    ({ label, colour, dash }) =>
      `<li><svg width="24" height="10" aria-hidden="true"><line x1="1" y1="5" x2="23" y2="5" stroke="${colour}" stroke-width="2.5"${DASH_ARRAYS[dash]}/></svg>${escapeHtml(label)}</li>`,
  )
  return `<ul class="legend">${items.join('')}</ul>`
}

export function chartsSection(runs: readonly ReportRun[], seedMean: boolean): string {
  const linesOf = (metric: string) => (seedMean ? seedMeanLines(runs, metric) : runLines(runs, metric))
  const keys = linesOf(REWARD_METRIC).map((line) => line.key)
  const colourOf = (key: string) => {
    const index = keys.indexOf(key)
    return index === -1 ? keys.push(key) - 1 : index
  }
  const drawn: string[] = []
  const empty: string[] = []
  for (const panel of METRIC_PANELS) {
    const metrics = panel.metrics.map((name: MetricName) => ({ label: METRICS[name].label, lines: linesOf(name) }))
    if (!metrics.some((m) => m.lines.some((line) => line.points.length > 0))) {
      empty.push(panel.title)
      continue
    }
    const title = panel.metrics.length === 1 ? `${panel.title}: ${METRICS[panel.metrics[0] as MetricName].label}` : panel.title
    const { svg, legend } = lineChart({ title, xLabel: 'iteration', metrics, colourOf })
    drawn.push(`<figure class="chart">${svg}${legendList(legend)}</figure>`)
  }
  const intro = seedMean ? note('One line per group of runs with equal settings but the seed: the mean over its seeds, at the iterations every seed has logged.') : ''
  const missing = empty.length ? note(`No data for: ${empty.join(', ')}.`) : ''
  return section('charts', 'Metrics', `${intro}${drawn.join('\n') || note('These runs logged none of the charted metrics.')}${missing}`)
}

export function settingsSection(runs: readonly ReportRun[]): string {
  const differing = differingSettings(runs.map((r) => r.summary.config))
  const diff =
    runs.length < 2
      ? note('One run: nothing to compare.')
      : differing.length === 0
        ? note('All runs have the same settings.')
        : table(['setting', ...runs.map((r) => r.summary.name)], differing.map(({ path, values }) => [new Html(`<code>${escapeHtml(path)}</code>`), ...values.map((v) => v ?? '(not set)')]), 'diff')
  const full = runs
    .map(({ summary }) => `<h3>${escapeHtml(summary.name)}</h3>\n<pre>${escapeHtml(JSON.stringify(summary.config, null, 2))}</pre>`)
    .join('\n')
  return section('settings', 'Settings that differ', `${diff}\n<details><summary>Full configurations</summary>\n${full}\n</details>`)
}

export function efficiencySection(runs: readonly ReportRun[], efficiency: SampleEfficiency): string {
  if (efficiency.threshold === null) return section('efficiency', 'Sample efficiency', note(`No run logged a training reward (${REWARD_METRIC}).`))
  const nameOf = new Map(runs.map((r) => [r.summary.id, r.summary.name]))
  const intro = note(
    `Iterations and wall time each run needed for its training reward (${REWARD_METRIC}, trailing mean of ${REWARD_WINDOW}) to reach ${formatNumber(efficiency.threshold)}.`,
  )
  const rows = efficiency.rows.map((row) => [
    row.name,
    row.algorithm,
    row.seed,
    row.finalReward,
    row.reach?.iteration ?? 'not reached',
    row.reach ? formatSeconds(row.reach.wallTime) : 'not reached',
  ])
  const perRun = table(['run', 'algorithm', 'seed', 'final reward', 'iterations to reach', 'wall time to reach'], rows, 'efficiency')
  const comparisons = efficiency.comparisons.length
    ? efficiency.comparisons
        .map((c) => {
          const pairRows: Cell[][] = c.pairs.map((p) => [p.seed, nameOf.get(p.primeRunId) ?? p.primeRunId, nameOf.get(p.baselineRunId) ?? p.baselineRunId, formatRatio(p.iterations), formatRatio(p.wallTime)])
          pairRows.push([new Html('<strong>median</strong>'), '', '', formatRatio(c.medianIterations), formatRatio(c.medianWallTime)])
          return `<h3>${escapeHtml(`${c.prime} vs ${c.baseline}`)}</h3>\n${table(['seed', c.prime, c.baseline, 'iterations ratio', 'wall time ratio'], pairRows, 'ratios')}`
        })
        .join('\n') + note(`Ratio = the baseline's iterations (or wall time) ÷ PRIME's: above 1, PRIME reached the reward sooner. Runs pair by seed when all their other settings are equal; "—" means one of the pair never reached it.`)
    : note('No PRIME run has a baseline run with the same settings and seed, so there is no ratio to show.')
  return section('efficiency', 'Sample efficiency', `${intro}\n${perRun}\n${comparisons}`)
}

export function heatmapsSection(runs: readonly ReportRun[]): string {
  const figures = runs.flatMap(({ summary, rollouts }) =>
    (rollouts ?? []).map(
      ({ iteration, records }) =>
        `<figure class="heatmap"><figcaption>${escapeHtml(`${summary.name} — iteration ${iteration}`)}</figcaption>${
          records.length ? stepHeatmapSvg(records) : note('No sampled responses in this iteration.')
        }</figure>`,
    ),
  )
  const intro = note('Rows: sampled responses (#row, prompt group, ✓/✗ final answer); columns: reasoning steps; colour: the step’s process reward (sum of the normalised implicit rewards over its tokens); outlined: steps the task knows to be wrong.')
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
