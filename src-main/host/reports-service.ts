// Exports of run metrics as JSON or CSV (one row per run and step, one column per metric), written to the
// workspace's exports folder and returned so the UI can offer the file for download.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { MetricsRow, RunSummary } from '../../src-preload/contract/schemas'
import type { RunService } from './runs-service'

export interface ExportedReport {
  path: string
  mediaType: string
  content: string
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
  ) {}

  export(runIds: string[], format: 'json' | 'csv'): ExportedReport {
    const runs = runIds.map((id) => ({ run: this.runs.get(id), rows: this.runs.metrics(id, 0) }))
    const content =
      format === 'csv'
        ? metricsToCsv(runs)
        : `${JSON.stringify(runs.map(({ run, rows }) => ({ run, metrics: rows })), null, 2)}\n`
    const stamp = new Date().toISOString().replace(/[:.]/g, '-')
    const path = join(this.exportsDir, `metrics-${stamp}.${format}`)
    writeFileSync(path, content)
    return { path, mediaType: format === 'csv' ? 'text/csv' : 'application/json', content }
  }
}
