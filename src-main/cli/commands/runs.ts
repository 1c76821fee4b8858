// Run commands: start a run (from a preset or a config file), resume a stopped one, list, show and compare runs.
// They drive the same host services as the app, so a run made here opens in the app (same workspace folder).
import type { MetricsRow, RunConfig, RunSummary } from '../../../src-preload/contract/schemas'
import { RunConfig as RunConfigSchema } from '../../../src-preload/contract/schemas'
import { PRESETS, type PresetName } from '../../../src-preload/contract/rl-config'
import { parseOrThrow } from '../../../src-preload/contract/validation'
import { createHost, type Host } from '../../host/host'
import type { SpawnTrainer } from '../../host/trainer-process'
import { formatDuration, formatTable } from '../format'
import { progressReporter } from '../progress'
import { locateRun } from '../run-dirs'
import { parseJsonText } from '../../text/json-text'
import { readTextFile } from '../../text/text-file'
import { TRAINING_REWARD } from '../../../src-preload/contract/metrics'
import { REWARD_METRIC, WALL_TIME_METRIC, defaultRewardThreshold, finalReward, iterationsToReach, metricSeries } from '../../reports/efficiency'

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
  return parseOrThrow(RunConfigSchema, applyOverrides(base, overrides), where, 'config')
}

/** Runs until the run ends; resolves with its final summary. Ctrl-C cancels the run (a second Ctrl-C kills it). */
async function follow(host: Host, run: RunSummary, context: CliContext): Promise<RunSummary> {
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
        if (event.type === 'run.status' && event.run.id === run.id && ['completed', 'cancelled', 'failed', 'crashed'].includes(event.run.state)) {
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
    const rows = runs.map((r) => [r.id, r.name, r.config.kind === 'rl' ? r.config.algorithm : r.config.kind, r.state, `${r.progress.step}/${r.progress.total}`])
    context.out.write(`${formatTable(['id', 'name', 'algorithm', 'state', 'progress'], rows)}\n`)
    return 0
  } finally {
    host.dispose()
  }
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
  if (run.failure) context.out.write(`failure: ${run.failure.message}\n${run.failure.lastLogLines.map((l) => `  ${l}`).join('\n')}\n`)
  context.out.write(`config: ${JSON.stringify(run.config)}\n`)
  if (last) {
    const rows = Object.entries(last.values).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, v])
    context.out.write(`last metrics (step ${last.step}):\n${formatTable(['metric', 'value'], rows)}\n`)
  }
  return 0
}

// Re-exported for src-main/rl/bench/rl.bench.ts and cli.test.ts until they import it from src-main/reports.

export async function compareCommand(context: CliContext, runArgs: string[], rewardThreshold: number | null): Promise<number> {
  const digests = await Promise.all(runArgs.map((arg) => digest(context, arg)))
  // By default: the lowest final training reward among the runs, so "iterations to reach" asks how soon each run
  // got where the weakest one ended (the paper's "PRIME reaches RLOO's final reward in 40% of the steps").
  const threshold = rewardThreshold ?? defaultRewardThreshold(digests.map((d) => d.metrics))
  const rows = digests.map((d) => {
    const val = metricSeries(d.metrics, 'val/acc').map((p) => p.value)
    const wall = metricSeries(d.metrics, WALL_TIME_METRIC).at(-1)?.value ?? null
    return [
      d.run.name,
      d.run.config.kind === 'rl' ? d.run.config.algorithm : d.run.config.kind,
      d.run.config.kind === 'rl' ? d.run.config.seed : null,
      val.at(-1) ?? null,
      val.length ? Math.max(...val) : null,
      finalReward(d.metrics),
      threshold === null ? null : iterationsToReach(metricSeries(d.metrics, REWARD_METRIC), threshold),
      wall === null ? null : formatDuration(wall),
    ]
  })
  const reach = threshold === null ? 'iters to reward' : `iters to reward ${threshold.toFixed(3)}`
  context.out.write(`${formatTable(['run', 'algorithm', 'seed', 'final val acc', 'best val acc', 'final reward', reach, 'wall time'], rows)}\n`)
  return 0
}
