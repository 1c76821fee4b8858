// Run commands: start a run (from a preset or a config file), resume a stopped one, list, show and compare runs.
// They drive the same host services as the app, so a run made here opens in the app (same workspace folder).
import { hostname } from 'node:os'
import {
  DEFAULT_EFFICIENCY_OPTIONS,
  DEFAULT_STUDY_OPTIONS,
  MetricColumns,
  algorithmPairings,
  compareGroups,
  configDiff,
  describeEfficiency,
  describeGrouping,
  describeComparison,
  describeSpread,
  efficiencyTable,
  formatAccuracy,
  formatDuration,
  formatSettingValue,
  iterationRows,
  ratioFigures,
  reachFigures,
  runFigures,
  seedGroups,
  studyReadout,
} from '../../../src-preload/analysis'
import { RunConfig as RunConfigSchema, isFinishedRunState, type MetricsRow, type RunConfig, type RunSummary, type Smoothing, type Grouping } from '../../../src-preload/contract/schemas'
import { DATASET_TASK_DEFAULTS, PRESETS, type PresetName } from '../../../src-preload/contract/rl-config'
import { parseOrThrow } from '../../../src-preload/contract/validation'
import { createHost, type Host } from '../../host/host'
import type { SpawnTrainer } from '../../host/trainer-process'
import { formatTable } from '../format'
import { studyBlocks } from '../study-text'
import { progressReporter } from '../progress'
import { locateRun } from '../run-dirs'
import { parseJsonText } from '../../text/json-text'
import { readTextFile } from '../../text/text-file'
import { TRAINING_REWARD } from '../../../src-preload/contract/metrics'

export interface CliContext {
  workspaceDir: string
  spawnTrainer: SpawnTrainer
  version: string
  out: NodeJS.WriteStream
  /** The built worker entries, when the CLI runs bundled (from source each module finds its own). */
  workers?: { verifierWorkerUrl: URL; importWorkerUrl: URL }
}

export function openHost(context: CliContext, workspaceDir = context.workspaceDir): Host {
  return createHost({
    workspaceDir,
    spawnTrainer: context.spawnTrainer,
    ...context.workers,
    appInfo: { name: 'prime-workbench', version: context.version, mode: 'cli', versions: { node: process.versions.node, electron: null, chrome: null } },
    log: (line) => process.stderr.write(`${line}\n`),
  })
}

export async function call<T>(host: Host, method: string, request: unknown): Promise<T> {
  const reply = await host.dispatch(method, request)
  if (!reply.ok) throw new Error(reply.error.message)
  return reply.result as T
}

/**
 * Settings that only one member of a union has: setting one on the other member switches the section to the member
 * that has it, with that member's defaults (`--set task.dataset=ds-… ` turns a built-in task into a dataset task;
 * `--set model.path=DIR` a preset into a checkpoint model).
 */
const SWITCHING_SETTINGS: Readonly<Record<string, { section: string; kind: string; defaults: () => Record<string, unknown> }>> = {
  'task.dataset': { section: 'task', kind: 'dataset', defaults: () => structuredClone(DATASET_TASK_DEFAULTS) },
  'model.path': { section: 'model', kind: 'checkpoint', defaults: () => ({ kind: 'checkpoint', sftWarmStart: false }) },
}

/** `--set a.b=value` overrides on a config; values are parsed as JSON when they can be. */
export function applyOverrides(config: unknown, overrides: string[]): unknown {
  const copy = structuredClone(config) as Record<string, unknown>
  for (const override of overrides) {
    const eq = override.indexOf('=')
    if (eq <= 0) throw new Error(`--set ${override}: expected path=value, e.g. --set policy.lr=1e-4`)
    const path = override.slice(0, eq).split('.')
    const raw = override.slice(eq + 1)
    let value: unknown = raw
    try {
      value = JSON.parse(raw)
    } catch {
      // not JSON: keep the string
    }
    const switching = SWITCHING_SETTINGS[path.join('.')]
    const section = switching ? (copy[switching.section] as { kind?: unknown } | undefined) : undefined
    if (switching && section?.kind !== switching.kind) copy[switching.section] = switching.defaults()
    let target = copy
    for (const key of path.slice(0, -1)) {
      if (typeof target[key] !== 'object' || target[key] === null) throw new Error(`--set ${override}: no section "${key}" in the config`)
      target = target[key] as Record<string, unknown>
    }
    target[path.at(-1) as string] = value
  }
  return copy
}

export function loadRunConfig(source: { preset?: string; file?: string }, overrides: string[]): RunConfig {
  let base: unknown
  let where: string
  if (source.preset) {
    if (!Object.hasOwn(PRESETS, source.preset)) throw new Error(`--preset ${source.preset}: unknown (known: ${Object.keys(PRESETS).join(', ')})`)
    base = PRESETS[source.preset as PresetName]
    where = `preset ${source.preset}`
  } else if (source.file) {
    const parsed = parseJsonText(readTextFile(source.file))
    if (!parsed.ok) throw new Error(`${source.file}: ${parsed.problem}`)
    base = parsed.value
    where = source.file
  } else {
    throw new Error('run: give a config file or --preset NAME')
  }
  const context = overrides.length ? `${where} with --set ${overrides.join(' --set ')}` : where
  return parseOrThrow(RunConfigSchema, applyOverrides(base, overrides), context, 'config', { unknownKeys: 'reject' })
}

/** Runs until the run ends; resolves with its final summary. Ctrl-C cancels the run (a second Ctrl-C kills it). */
export async function follow(host: Host, run: RunSummary, context: CliContext): Promise<RunSummary> {
  if (isFinishedRunState(host.runs.get(run.id).state)) return host.runs.get(run.id)
  const progress = progressReporter(context.out, run.name)
  let lastReward: number | undefined
  let interrupts = 0
  const onSigint = () => {
    interrupts += 1
    if (interrupts === 1) {
      context.out.write('\ncancelling (Ctrl-C again to kill the trainer)…\n')
      void host.dispatch('runs.cancel', { id: run.id })
    } else host.dispose()
  }
  process.on('SIGINT', onSigint)
  try {
    return await new Promise<RunSummary>((resolve) => {
      host.bus.subscribe(({ event }) => {
        if (event.type === 'run.metrics' && event.runId === run.id) lastReward = event.row.values[TRAINING_REWARD] ?? lastReward
        if (event.type === 'run.progress' && event.runId === run.id) {
          progress.update(event.step, event.total, event.etaSeconds, lastReward === undefined ? '' : `reward ${lastReward.toFixed(3)}`)
        }
        if (event.type === 'run.status' && event.run.id === run.id && isFinishedRunState(event.run.state)) {
          resolve(event.run)
        }
      })
    })
  } finally {
    process.off('SIGINT', onSigint)
    const final = host.runs.get(run.id)
    progress.done(`${final.name}: ${final.state}${final.failure ? ` — ${final.failure.message}` : ''}`)
  }
}

export async function runCommand(context: CliContext, config: RunConfig, name: string): Promise<number> {
  const host = openHost(context)
  try {
    const run = await call<RunSummary>(host, 'runs.create', { name, config })
    context.out.write(`run ${run.id} in ${context.workspaceDir}/runs/${run.id}\n`)
    await call(host, 'runs.launch', { id: run.id })
    return (await follow(host, run, context)).state === 'completed' ? 0 : 1
  } finally {
    host.dispose()
  }
}

export async function resumeCommand(context: CliContext, runArg: string): Promise<number> {
  const { workspaceDir, id } = locateRun(runArg, context.workspaceDir)
  const host = openHost(context, workspaceDir)
  try {
    const run = await call<RunSummary>(host, 'runs.launch', { id })
    return (await follow(host, run, context)).state === 'completed' ? 0 : 1
  } finally {
    host.dispose()
  }
}

export async function listCommand(context: CliContext): Promise<number> {
  const host = openHost(context)
  try {
    const runs = await call<RunSummary[]>(host, 'runs.list', {})
    if (runs.length === 0) {
      context.out.write(`no runs in ${context.workspaceDir} — start one with: prime-workbench run --preset laptop\n`)
      return 0
    }
    const rows = runs.map((r) => [r.id, r.name, algorithmText(r.config), stateText(r), `${r.progress.step}/${r.progress.total}`])
    context.out.write(`${formatTable(['id', 'name', 'algorithm', 'state', 'progress'], rows)}\n`)
    return 0
  } finally {
    host.dispose()
  }
}

/** The algorithm column: an RL run's algorithm, a verl run's as "verl prime", else the run kind. */
function algorithmText(config: RunConfig): string {
  if (config.kind === 'verl') return `verl ${config.algorithm ?? '(other)'}`
  return config.kind === 'rl' ? config.algorithm : config.kind
}

/** The state, saying so when another process (app, browser mode, another CLI) is the one training the run. */
function stateText(run: RunSummary): string {
  const owner = run.trainedElsewhere
  return owner ? `${run.state} (pid ${owner.pid}${owner.hostname === hostname() ? '' : ` on ${owner.hostname}`}, elsewhere)` : run.state
}

interface RunDigest {
  run: RunSummary
  metrics: MetricsRow[]
}

async function digest(context: CliContext, runArg: string): Promise<RunDigest> {
  const { workspaceDir, id } = locateRun(runArg, context.workspaceDir)
  const host = openHost(context, workspaceDir)
  try {
    return { run: await call<RunSummary>(host, 'runs.get', { id }), metrics: await call<MetricsRow[]>(host, 'runs.metrics', { id, sinceStep: 0 }) }
  } finally {
    host.dispose()
  }
}

export async function showCommand(context: CliContext, runArg: string): Promise<number> {
  const { run, metrics } = await digest(context, runArg)
  const last = metrics.at(-1)
  context.out.write(`${run.name} (${run.id})\nstate: ${run.state}, ${run.progress.step}/${run.progress.total}\n`)
  if (run.trainedElsewhere) {
    context.out.write(`trained by process ${run.trainedElsewhere.pid} on ${run.trainedElsewhere.hostname} since ${run.trainedElsewhere.since} (another app window, browser-mode server or CLI); read-only here\n`)
  }
  for (const warning of run.warnings) context.out.write(`warning: ${warning}\n`)
  if (run.failure) context.out.write(`failure: ${run.failure.message}\n${run.failure.lastLogLines.map((l) => `  ${l}`).join('\n')}\n`)
  context.out.write(`config: ${JSON.stringify(run.config)}\n`)
  if (last) {
    const rows = Object.entries(last.values).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, v])
    context.out.write(`last metrics (step ${last.step}):\n${formatTable(['metric', 'value'], rows)}\n`)
  }
  return 0
}

export interface CompareOptions {
  /** The training reward level to reach; null: the lowest final smoothed reward among the runs. */
  rewardThreshold: number | null
  smoothing: Smoothing
  /** Which runs form a group (analysis/seed-groups.ts), for the efficiency ratios and the study. */
  grouping: Grouping
}

/**
 * The runs side by side with the figures the report and the Compare view show (src-preload/analysis): sample
 * efficiency with its options stated, PRIME ÷ baseline ratios seed by seed, the settings that differ, and the paired
 * study (gates, accuracy per arm, AUC differences and reach ratios with intervals and sign tests, the verdict).
 */
export async function compareCommand(context: CliContext, runArgs: string[], options: CompareOptions): Promise<number> {
  const digests = await Promise.all(runArgs.map((arg) => digest(context, arg)))
  const runs = digests.map(({ run, metrics }) => ({ id: run.id, name: run.name, config: run.config, columns: MetricColumns.fromRows(iterationRows(metrics)) }))
  const groups = seedGroups(runs, options.grouping)
  const efficiency = efficiencyTable(groups, { ...DEFAULT_EFFICIENCY_OPTIONS, smoothing: options.smoothing, level: options.rewardThreshold })
  const reachOf = new Map(efficiency.rows.map((row) => [row.runId, reachFigures(row)]))
  const labelOf = (key: string) => groups.find((g) => g.key === key)?.label ?? key
  const out: string[] = [describeEfficiency(efficiency), '', `grouping: ${describeGrouping(options.grouping)}`, '']

  const rows = digests.map(({ run }, index) => {
    const figures = runFigures((runs[index] as (typeof runs)[number]).columns)
    const reach = reachOf.get(run.id)
    return [
      run.name,
      algorithmText(run.config),
      labelOf(groups.find((g) => g.runs.some((r) => r.id === run.id))?.key ?? ''),
      reach?.seed ?? '—',
      formatAccuracy(figures.finalValidation),
      formatAccuracy(figures.bestValidation),
      reach?.final ?? '—',
      reach?.iterations ?? '—',
      reach?.wallTime ?? '—',
      formatDuration(figures.trainingTime),
      formatAccuracy(figures.test),
    ]
  })
  out.push(
    formatTable(['run', 'algorithm', 'group', 'seed', 'final val acc ± SE', 'best val acc ± SE', 'final reward (smoothed)', 'iterations to reach', 'wall time to reach', 'wall time', 'test acc ± SE'], rows),
    '',
  )

  if (efficiency.level !== null) {
    for (const { prime, baseline } of algorithmPairings(groups)) {
      const comparison = compareGroups(efficiency, prime, baseline)
      const nameOf = (id: string) => runs.find((r) => r.id === id)?.name ?? id
      const pairRows = comparison.pairs.map((pair) => {
        const figures = ratioFigures(pair)
        return [figures.seed, nameOf(pair.primeRunId), nameOf(pair.baselineRunId), figures.iterations, figures.wallTime]
      })
      const iterations = describeSpread(comparison.iterations)
      const wallTime = describeSpread(comparison.wallTime)
      pairRows.push(['median', '', '', `${iterations.ratio} (${iterations.range})`, `${wallTime.ratio} (${wallTime.range})`])
      out.push(`${labelOf(prime)} vs ${labelOf(baseline)}`, formatTable(['seed', labelOf(prime), labelOf(baseline), 'iterations ratio', 'wall time ratio'], pairRows), describeComparison(comparison, labelOf(prime), labelOf(baseline)), '')
    }
  }

  const differing = configDiff(runs.map((r) => r.config))
  if (runs.length > 1) {
    out.push(
      differing.length
        ? `settings that differ:\n${formatTable(['setting', ...runs.map((r) => r.name)], differing.map(({ path, values }) => [path, ...values.map(formatSettingValue)]))}`
        : 'all runs have the same settings',
      '',
    )
  }
  out.push(...studyBlocks(studyReadout(groups, { ...DEFAULT_STUDY_OPTIONS, smoothing: options.smoothing })))
  context.out.write(`${out.join('\n').trimEnd()}\n`)
  return 0
}
