// The verl bridge from the command line (src-main/verl): export runs or a config as a verl launch, import a verl
// run's files as a run (following it as it grows), submit an export to a Ray cluster and follow its jobs.
import { existsSync, statSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { Algorithm, type RlConfig } from '../../../src-preload/contract/rl-config'
import type { RunSummary } from '../../../src-preload/contract/schemas'
import type { VerlExportResult } from '../../../src-preload/contract/verl'
import { exportVerl } from '../../verl/export/export-verl'
import { parseWholeNumber, UsageError } from '../args'
import { locateRun } from '../run-dirs'
import { call, follow, loadRunConfig, openHost, type CliContext } from './runs'

export interface ExportCommandOptions {
  out: string
  preset?: string
  overrides: string[]
  algorithms?: string
  seeds?: string
  model?: string
  comparison: boolean
}

function isConfigFile(arg: string): boolean {
  return arg.endsWith('.json') && existsSync(arg) && statSync(arg).isFile()
}

function printExport(context: CliContext, result: VerlExportResult): void {
  context.out.write(`wrote ${result.dir}: ${result.trainRows} training and ${result.validationRows} validation prompts\n`)
  for (const script of result.scripts) context.out.write(`  ${script.file}  ${script.runName} (python3 -m ${script.entryPoint})\n`)
  context.out.write(`settings that do not map to verl (each script lists them):\n${result.unmapped.map((u) => `  ${u.setting}: ${u.why}`).join('\n')}\n`)
}

/** A config (a file or a preset) as the runs of a comparison: one per algorithm and seed given. */
function expandConfig(config: RlConfig, options: ExportCommandOptions): { name: string; config: RlConfig; sftCheckpoint: null }[] {
  const algorithms = options.algorithms ? options.algorithms.split(',').map((a) => Algorithm.parse(a.trim())) : [config.algorithm]
  const seeds = options.seeds ? options.seeds.split(',').map((s) => parseWholeNumber('--seeds', s.trim(), 0, 2 ** 31 - 1)) : [config.seed]
  return seeds.flatMap((seed) => algorithms.map((algorithm) => ({ name: `${algorithm} · seed ${seed}`, config: { ...config, algorithm, seed }, sftCheckpoint: null })))
}

export async function exportVerlCommand(context: CliContext, args: string[], options: ExportCommandOptions): Promise<number> {
  const fromConfig = options.preset !== undefined || (args.length === 1 && isConfigFile(args[0] as string))
  if (fromConfig) {
    const config = loadRunConfig({ preset: options.preset, file: options.preset ? undefined : args[0] }, options.overrides)
    if (config.kind !== 'rl') throw new UsageError('export-verl: the config must be an RL config (kind "rl")')
    const result = await exportVerl({
      out: options.out,
      runs: expandConfig(config, options),
      datasetsDir: resolve(context.workspaceDir, 'datasets'),
      ...(options.model ? { model: options.model } : {}),
      exportedBy: `prime-workbench ${context.version}`,
    })
    printExport(context, result)
    return 0
  }
  if (args.length === 0) throw new UsageError('export-verl: name runs, a config file or --preset NAME')
  if (options.algorithms || options.seeds) throw new UsageError('export-verl: --algorithms and --seeds expand a config or preset; for runs, use --comparison')
  const located = args.map((arg) => locateRun(arg, context.workspaceDir))
  const host = openHost(context, located[0]?.workspaceDir)
  try {
    const result = await call<VerlExportResult>(host, 'runs.exportVerl', {
      runIds: located.map((l) => l.id),
      withComparison: options.comparison,
      out: resolve(options.out),
      ...(options.model ? { model: options.model } : {}),
    })
    printExport(context, result)
    return 0
  } finally {
    host.dispose()
  }
}

export interface ImportCommandOptions {
  name?: string
  configFile?: string
  rolloutDir?: string
  follow: boolean
}

export async function importVerlCommand(context: CliContext, path: string, options: ImportCommandOptions): Promise<number> {
  const host = openHost(context)
  try {
    const run = await call<RunSummary>(host, 'runs.importVerl', {
      name: options.name ?? basename(resolve(path)),
      path: resolve(path),
      ...(options.configFile ? { configFile: resolve(options.configFile) } : {}),
      ...(options.rolloutDir ? { rolloutDir: resolve(options.rolloutDir) } : {}),
      follow: options.follow,
    })
    context.out.write(`run ${run.id} in ${context.workspaceDir}/runs/${run.id}: ${run.progress.step} steps${options.follow ? ', following (Ctrl-C stops)' : ''}\n`)
    for (const line of await call<string[]>(host, 'runs.logs', { id: run.id, tail: 50 })) context.out.write(`  ${line}\n`)
    if (options.follow) await follow(host, run, context)
    return 0
  } finally {
    host.dispose()
  }
}

export async function submitVerlCommand(context: CliContext, exportDir: string, address: string, scripts: string[] | undefined): Promise<number> {
  const host = openHost(context)
  try {
    const runs = await call<RunSummary[]>(host, 'runs.submitVerl', { exportDir: resolve(exportDir), address, ...(scripts ? { scripts } : {}) })
    for (const run of runs) {
      const source = run.config.kind === 'verl' && run.config.source.kind === 'ray' ? run.config.source : null
      context.out.write(`run ${run.id}: Ray job ${source?.submissionId ?? '?'} (${run.name})\n`)
    }
    let failed = 0
    for (const run of runs) if ((await follow(host, run, context)).state !== 'completed') failed += 1
    return failed === 0 ? 0 : 1
  } finally {
    host.dispose()
  }
}
