// The report: one self-contained HTML file (inline CSS, charts and heatmaps as inline SVG, no scripts, no external
// URLs) that reads in any browser, prints as is, and is what the PDF is printed from. The app's export, the browser
// host and the CLI's `report` all build it here.
import {
  DEFAULT_EFFICIENCY_OPTIONS,
  DEFAULT_GROUPING,
  DEFAULT_STUDY_OPTIONS,
  MetricColumns,
  algorithmPairings,
  compareGroups,
  efficiencyTable,
  iterationRows,
  seedGroups,
  studyReadout,
} from '../../src-preload/analysis'
import type { Grouping, Smoothing } from '../../src-preload/contract/schemas'
import type { ReportEnvironment } from './environment'
import { escapeHtml } from './escape'
import { chartsSection, efficiencySection, environmentSection, heatmapsSection, runsSection, settingsSection, studySection, type AnalysedRun, type ReportRun } from './sections'

export type { ReportRun } from './sections'

export interface BuildReportOptions {
  environment: ReportEnvironment
  title?: string
  /** The training reward level to reach; default: the lowest final smoothed reward among the runs. */
  rewardThreshold?: number | null
  /** Smoothing of the charts and of the curves tested against the level; default: EMA, weight 0.6 (as in Compare). */
  smoothing?: Smoothing
  /** One chart line per group of runs (mean and band over its runs); default: true, as Compare draws them. */
  seedMean?: boolean
  /** Which runs form a group, for the charts, the sample efficiency and the study; default: equal settings but the seed and the logging-only settings (analysis/seed-groups.ts). */
  grouping?: Grouping
  /** Remarks from collecting the runs (e.g. a requested heatmap iteration a run does not have). */
  notes?: string[]
}

// The report's own policy: even if something slipped into the file, a browser would neither run nor fetch it.
const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

const STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1f; background: #fff; margin: 0 auto; padding: 24px 32px; max-width: 1100px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #d0d4da; }
h3 { font-size: 14px; margin: 16px 0 6px; }
.meta, .note { color: #555; font-size: 12.5px; margin: 4px 0 10px; }
table { border-collapse: collapse; font-size: 12.5px; margin: 6px 0 12px; }
th, td { border: 1px solid #d0d4da; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f2f4f7; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.diff td { max-width: 260px; overflow-wrap: anywhere; }
ul.gates { margin: 6px 0 10px; padding-left: 20px; font-size: 13px; }
ul.gates li { margin: 3px 0; }
dl.study-summary { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; font-size: 13px; margin: 4px 0; }
dl.study-summary dt { font-weight: 600; }
dl.study-summary dd { margin: 0; }
p.verdict { font-size: 13px; margin: 6px 0 12px; }
code, pre { font: 11.5px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
pre { background: #f6f8fa; border: 1px solid #e1e4e8; padding: 8px; overflow-x: auto; white-space: pre-wrap; }
details summary { cursor: pointer; color: #2a5db0; margin: 6px 0; }
figure { margin: 10px 0 16px; }
figure.chart svg, figure.heatmap svg { max-width: 100%; height: auto; }
figcaption { font-size: 12.5px; font-weight: 600; margin-bottom: 4px; }
ul.legend { list-style: none; margin: 2px 0 0; padding: 0 0 0 56px; display: flex; flex-wrap: wrap; gap: 2px 18px; font-size: 12px; }
ul.legend svg { vertical-align: middle; margin-right: 5px; }
.heatmaps { display: flex; flex-wrap: wrap; gap: 8px 32px; }
nav ol { margin: 6px 0; padding-left: 20px; columns: 2; font-size: 12.5px; }
@media print {
  body { padding: 0; max-width: none; }
  figure, table, h3 { break-inside: avoid; }
  h2 { break-after: avoid; }
  details > *:not(summary) { display: block; }
}
`

const CONTENTS: [string, string][] = [
  ['runs', 'Runs'],
  ['charts', 'Metrics'],
  ['settings', 'Settings that differ'],
  ['efficiency', 'Sample efficiency'],
  ['study', 'Paired study'],
  ['heatmaps', 'Step heatmaps'],
  ['environment', 'Environment and versions'],
]

export function buildReport(runs: readonly ReportRun[], options: BuildReportOptions): string {
  if (runs.length === 0) throw new Error('buildReport: no runs to report on')
  const title = options.title ?? (runs.length === 1 ? `Report: ${(runs[0] as ReportRun).summary.name}` : `Report: ${runs.length} runs`)
  const analysed: AnalysedRun[] = runs.map((run) => ({
    ...run,
    id: run.summary.id,
    name: run.summary.name,
    config: run.summary.config,
    columns: MetricColumns.fromRows(iterationRows(run.metrics)),
  }))
  const smoothing = options.smoothing ?? DEFAULT_EFFICIENCY_OPTIONS.smoothing
  const grouping = options.grouping ?? DEFAULT_GROUPING
  const groups = seedGroups(analysed, grouping)
  const efficiency = efficiencyTable(groups, { ...DEFAULT_EFFICIENCY_OPTIONS, smoothing, level: options.rewardThreshold ?? null })
  const comparisons = algorithmPairings(groups).map(({ prime, baseline }) => compareGroups(efficiency, prime, baseline))
  const notes = (options.notes ?? []).map((text) => `<p class="note">${escapeHtml(text)}</p>`).join('\n')
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="meta">${escapeHtml(`${options.environment.app} ${options.environment.appVersion} · generated ${options.environment.generatedAt} · ${runs.length} run${runs.length === 1 ? '' : 's'}`)}</p>`,
    notes,
    `<nav><ol>${CONTENTS.map(([id, label]) => `<li><a href="#${id}">${escapeHtml(label)}</a></li>`).join('')}</ol></nav>`,
    runsSection(analysed, efficiency),
    chartsSection(analysed, options.seedMean ?? true, smoothing, grouping),
    settingsSection(runs),
    efficiencySection(groups, efficiency, comparisons),
    studySection(studyReadout(groups, { ...DEFAULT_STUDY_OPTIONS, smoothing })),
    heatmapsSection(runs),
    environmentSection(options.environment),
    '</body>',
    '</html>',
    '',
  ].join('\n')
}
