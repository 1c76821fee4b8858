// Exports of runs, written to the workspace's exports folder and returned so the UI can offer the file for
// download: metrics as JSON or CSV (one row per run and step, one column per metric), or the report (../reports)
// as self-contained HTML or printed to PDF.
import { readFileSync } from 'node:fs'
import { writeFileAtomicSync } from '../storage/atomic-file'
import { join } from 'node:path'
import type { MetricsRow, ReportFormat, ReportOptions, RunSummary, RuntimeInfo } from '../../src-preload/contract/schemas'
import { buildReport } from '../reports/build-report'
import { collectReportRuns } from '../reports/collect'
import { describeRuntimeForReport, reportEnvironment } from '../reports/environment'
import type { PdfRenderer } from '../reports/pdf'
import { writeReport } from '../reports/write-report'
import type { RunService } from './runs-service'

export interface ExportedReport {
  path: string
  mediaType: string
  /** Text for json, csv and html; base64 for pdf. */
  content: string
  encoding: 'utf8' | 'base64'
}

export interface ReportContext {
  app: { name: string; version: string }
  /** ONNX Runtime as a trainer process sees it, for the report's environment section. */
  describeRuntime: () => Promise<RuntimeInfo>
  renderPdf: PdfRenderer
}

const MEDIA_TYPES: Record<ReportFormat, string> = {
  json: 'application/json',
  csv: 'text/csv',
  html: 'text/html',
  pdf: 'application/pdf',
}

export function metricsToCsv(runs: { run: RunSummary; rows: MetricsRow[] }[]): string {
  const names = [...new Set(runs.flatMap(({ rows }) => rows.flatMap((row) => Object.keys(row.values))))].sort()
  const header = ['run_id', 'run_name', 'step', 'time', ...names]
  const lines = [header.map(csvCell).join(',')]
  for (const { run, rows } of runs) {
    for (const row of rows) {
      lines.push([run.id, run.name, row.step, row.time, ...names.map((n) => row.values[n] ?? '')].map(csvCell).join(','))
    }
  }
  return `${lines.join('\n')}\n`
}

function csvCell(value: string | number): string {
  const text = String(value)
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export class ReportService {
  constructor(
    private readonly exportsDir: string,
    private readonly runs: RunService,
    private readonly context: ReportContext,
  ) {}

  async export(runIds: string[], format: ReportFormat, options: ReportOptions = {}): Promise<ExportedReport> {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-')
    const mediaType = MEDIA_TYPES[format]
    if (format === 'json' || format === 'csv') {
      const runs = runIds.map((id) => ({ run: this.runs.get(id), rows: this.runs.metrics(id, 0) }))
      const content =
        format === 'csv' ? metricsToCsv(runs) : `${JSON.stringify(runs.map(({ run, rows }) => ({ run, metrics: rows })), null, 2)}\n`
      const path = join(this.exportsDir, `metrics-${stamp}.${format}`)
      writeFileAtomicSync(path, content)
      return { path, mediaType, content, encoding: 'utf8' }
    }
    const { runs, notes } = collectReportRuns(this.runs, runIds, options.heatmapIterations)
    const environment = reportEnvironment(this.context.app, await describeRuntimeForReport(this.context.describeRuntime))
    const html = buildReport(runs, { environment, notes, rewardThreshold: options.rewardThreshold, smoothing: options.smoothing, seedMean: options.seedMean, grouping: options.grouping })
    const path = join(this.exportsDir, `report-${stamp}.${format}`)
    await writeReport(html, format, path, this.context.renderPdf)
    return format === 'html'
      ? { path, mediaType, content: html, encoding: 'utf8' }
      : { path, mediaType, content: readFileSync(path).toString('base64'), encoding: 'base64' }
  }
}
