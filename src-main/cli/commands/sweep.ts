// `prime-workbench sweep`: a grid of settings × seeds launched as one sweep (runs.createSweep, the same call the
// launch form makes), followed to its end, then summarised cell by cell with the figures the sweep views show
// (src-preload/analysis sweep.ts: each seed's final and best value of a metric, their median and range).
import { MetricColumns, formatFigure, iterationRows, metricFigure, sweepCells, type FigureKind } from '../../../src-preload/analysis'
import { metricLabel } from '../../../src-preload/contract/metrics'
import type { RlConfig } from '../../../src-preload/contract/rl-config'
import { isFinishedRunState, type MetricsRow, type RunSummary } from '../../../src-preload/contract/schemas'
import type { SweepAxis } from '../../../src-preload/contract/sweep'
import type { Host } from '../../host/host'
import { formatTable } from '../format'
import { progressReporter } from '../progress'
import { call, openHost, type CliContext } from './runs'

export interface SweepOptions {
  name: string
  base: RlConfig
  axes: SweepAxis[]
  seeds: number[]
  /** The metric the summary reads (default val/acc). */
  metric: string
}

export async function sweepCommand(context: CliContext, options: SweepOptions): Promise<number> {
  const host = openHost(context)
  try {
    const runs = await call<RunSummary[]>(host, 'runs.createSweep', { name: options.name, base: options.base, axes: options.axes, seeds: options.seeds, launch: true })
    const cells = runs.length / options.seeds.length
    const { maxConcurrentRuns } = await call<{ maxConcurrentRuns: number }>(host, 'settings.get', {})
    const seeds = `${options.seeds.length} seed${options.seeds.length === 1 ? '' : 's'}`
    context.out.write(`sweep "${options.name}": ${cells} combinations × ${seeds} = ${runs.length} runs, ${maxConcurrentRuns} at a time, in ${context.workspaceDir}/runs\n`)
    const finished = await followAll(host, runs, context)
    context.out.write(`\n${summary(host, finished, options)}\n`)
    return finished.every((run) => run.state === 'completed') ? 0 : 1
  } finally {
    host.dispose()
  }
}

/** Runs until every run of the sweep has ended; one progress bar over all their iterations. Ctrl-C cancels them all. */
async function followAll(host: Host, runs: RunSummary[], context: CliContext): Promise<RunSummary[]> {
  const ids = new Set(runs.map((r) => r.id))
  const steps = new Map(runs.map((r) => [r.id, 0]))
  const ended = new Map<string, RunSummary>()
  const total = runs.reduce((sum, r) => sum + r.progress.total, 0)
  const progress = progressReporter(context.out, 'sweep')
  const onSigint = () => {
    context.out.write('\ncancelling the sweep…\n')
    for (const id of ids) if (!ended.has(id)) void host.dispatch('runs.cancel', { id })
  }
  process.on('SIGINT', onSigint)
  try {
    await new Promise<void>((resolve) => {
      host.bus.subscribe(({ event }) => {
        if (event.type === 'run.progress' && ids.has(event.runId)) {
          steps.set(event.runId, event.step)
          const done = [...steps.values()].reduce((sum, s) => sum + s, 0)
          progress.update(done, total, null, `${ended.size}/${runs.length} runs done`)
        }
        if (event.type === 'run.status' && ids.has(event.run.id) && isFinishedRunState(event.run.state) && !ended.has(event.run.id)) {
          ended.set(event.run.id, event.run)
          progress.done(`[${ended.size}/${runs.length}] ${event.run.name}: ${event.run.state}${event.run.failure ? ` — ${event.run.failure.message}` : ''}`)
          if (ended.size === runs.length) resolve()
        }
      })
    })
  } finally {
    process.off('SIGINT', onSigint)
  }
  return runs.map((r) => ended.get(r.id) ?? r)
}

/** One row per combination: the swept values, the seeds, and the median (range) of the metric's final and best. */
function summary(host: Host, runs: RunSummary[], options: SweepOptions): string {
  const settings = options.axes.map((axis) => axis.path)
  const withColumns = runs.map((run) => ({ id: run.id, name: run.name, config: run.config, columns: MetricColumns.fromRows(iterationRows(host.runs.metrics(run.id, 0) as MetricsRow[])) }))
  const figure = (kind: FigureKind) => sweepCells(withColumns.map((run) => ({ ...run, value: metricFigure(run.columns, options.metric, kind) })), settings)
  const finals = figure('final')
  const bests = figure('best')
  const spreadText = (cell: (typeof finals)[number] | undefined) =>
    cell?.spread ? `${formatFigure(cell.spread.median)} (${formatFigure(cell.spread.min)}–${formatFigure(cell.spread.max)}, n=${cell.spread.n})` : '—'
  const rows = finals.map((cell, i) => [...cell.values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))), String(cell.runs.length), spreadText(cell), spreadText(bests[i])])
  const label = metricLabel(options.metric)
  return [
    `${label} (${options.metric}) by combination: median over seeds (min–max, seeds with a value)`,
    formatTable([...settings, 'seeds', `final ${options.metric}`, `best ${options.metric}`], rows),
  ].join('\n')
}
