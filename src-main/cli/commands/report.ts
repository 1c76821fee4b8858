// `report <run>... --out report.html|.pdf`: the same report the app exports (src-main/reports), from run folders
// or run ids, which may live in different workspaces.
import { extname, resolve } from 'node:path'
import type { Grouping, Smoothing } from '../../../src-preload/contract/schemas'
import { RuntimeService } from '../../host/runtime-service'
import { buildReport, type ReportRun } from '../../reports/build-report'
import { collectReportRuns } from '../../reports/collect'
import { describeRuntimeForReport, reportEnvironment } from '../../reports/environment'
import { chromiumPdfRenderer } from '../../reports/pdf'
import { writeReport } from '../../reports/write-report'
import { locateRun, type RunLocation } from '../run-dirs'
import { openHost, type CliContext } from './runs'

export interface ReportCommandOptions {
  out: string
  /** Iterations to draw as step heatmaps (default: each run's last sampled iteration). */
  heatmapIterations?: number[]
  rewardThreshold: number | null
  smoothing: Smoothing
  seedMean: boolean
  grouping: Grouping
}

export function reportFormatOf(out: string): 'html' | 'pdf' {
  const ext = extname(out).toLowerCase()
  if (ext === '.html' || ext === '.htm') return 'html'
  if (ext === '.pdf') return 'pdf'
  throw new Error(`--out ${out}: the report is written as .html or .pdf`)
}

/** "2,5,10" → [2, 5, 10]; each an iteration number (iterations count from 1). */
export function parseIterations(text: string): number[] {
  return text.split(',').map((part) => {
    const value = Number(part.trim())
    if (!Number.isInteger(value) || value < 1) throw new Error(`--heatmaps ${text}: "${part}" is not an iteration number (1, 2, …)`)
    return value
  })
}

export async function reportCommand(context: CliContext, runArgs: string[], options: ReportCommandOptions): Promise<number> {
  const format = reportFormatOf(options.out)
  const locations = runArgs.map((arg) => locateRun(arg, context.workspaceDir))
  const byWorkspace = new Map<string, RunLocation[]>()
  for (const location of locations) byWorkspace.set(location.workspaceDir, [...(byWorkspace.get(location.workspaceDir) ?? []), location])

  const collected = new Map<string, ReportRun>()
  const notes: string[] = []
  for (const [workspaceDir, located] of byWorkspace) {
    const host = openHost(context, workspaceDir)
    try {
      const ids = [...new Set(located.map((l) => l.id))]
      const result = collectReportRuns(host.runs, ids, options.heatmapIterations)
      result.runs.forEach((run) => collected.set(`${workspaceDir}\0${run.summary.id}`, run))
      notes.push(...result.notes)
    } finally {
      host.dispose()
    }
  }
  const runs = [...new Set(locations.map((l) => `${l.workspaceDir}\0${l.id}`))].map((key) => collected.get(key) as ReportRun)

  const runtime = await describeRuntimeForReport(() => new RuntimeService(context.spawnTrainer).describe())
  const environment = reportEnvironment({ name: 'prime-workbench', version: context.version }, runtime)
  const html = buildReport(runs, { environment, notes, rewardThreshold: options.rewardThreshold, smoothing: options.smoothing, seedMean: options.seedMean, grouping: options.grouping })
  const out = resolve(options.out)
  await writeReport(html, format, out, chromiumPdfRenderer())
  context.out.write(`report on ${runs.length} run${runs.length === 1 ? '' : 's'} written to ${out}\n`)
  for (const note of notes) context.out.write(`note: ${note}\n`)
  return 0
}
