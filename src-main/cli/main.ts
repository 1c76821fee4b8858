#!/usr/bin/env node
// `prime-workbench` — the headless CLI: run, resume and inspect training runs in a workspace the app also reads.
import { basename, join } from 'node:path'
import { DEFAULT_GROUPING, DEFAULT_SMOOTHING, parseGrouping, parseSmoothing } from '../../src-preload/analysis'
import { readPackageInfo } from '../host/app-version'
import { RuntimeService } from '../host/runtime-service'
import { trainerSpawnerFor } from '../host/source-trainer'
import { defaultWorkspaceDir } from '../host/workspace'
import { initCheckpoint, scoreJsonl } from '../model/cli-commands'
import { UsageError, parseCommandLine, parseDecimal, parseGrid, parseSeedList, parseWholeNumber } from './args'
import { datasetsCommand, importCommand } from './commands/datasets'
import { gradeCommand } from './commands/grade'
import { exitAfterOutput, stopOnBrokenPipe } from './exit'
import { parseIterations, reportCommand } from './commands/report'
import { compareCommand, listCommand, loadRunConfig, resumeCommand, runCommand, showCommand, type CliContext } from './commands/runs'
import { exportVerlCommand, importVerlCommand, submitVerlCommand } from './commands/verl'
import { sweepCommand } from './commands/sweep'

const USAGE = `usage: prime-workbench <command> [options]

commands:
  run <config.json> | --preset NAME   start a run and follow it (presets: laptop, paper,
                                      misconception)
        [--name NAME] [--set path=value ...]   e.g. --set algorithm=rloo --set seed=2
                                      --set task.dataset=ID trains on a workspace dataset (datasets ls), then
                                      e.g. --set task.verifier=math --set task.maxPromptTokens=256;
                                      --set model.path=DIR starts from a Hugging Face checkpoint folder
  sweep <config.json> | --preset NAME --grid PATH=V1,V2 [--grid ...] [--seeds 1,2,3]
                                      a grid of settings × seeds launched as one sweep (queued beyond the
                                      runs-at-a-time setting), followed to its end, then each combination's
                                      final and best [--metric val/acc] as median (min–max) over its seeds;
                                      e.g. --grid prm.beta=0.05,0.1 --grid algorithm=prime,rloo --seeds 1-3
        [--name NAME] [--set path=value ...]   as for run; --seeds is a list or range ("2" is seed 2)
  resume <run>                        continue a stopped run from its last checkpoint
  ls                                  list the runs in the workspace
  show <run>                          a run's state, config and last metrics
  compare <run> <run> [...]           validation and test accuracy (± SE), iterations and wall time to a
                                      training reward, PRIME ÷ baseline ratios seed by seed, settings that
                                      differ, and the paired study: gates, AUC differences and reach ratios
                                      per seed pair with 95% t-intervals, sign tests and a verdict
        [--reward X]                  the reward to reach (default: the lowest final smoothed reward)
        [--smoothing none|ema|ema:W]  how reward curves are smoothed (default ema:0.6, as in the app)
        [--group-by config|exact|a,b] which runs form a group (default config: equal settings but the seed and
                                      the logging-only ones; exact: those count too; or settings, e.g.
                                      algorithm,prm.beta: runs with equal values there, whatever else differs)
  report <run> [<run> ...] --out F    the report as the app exports it: charts, settings that differ, sample
                                      efficiency, step heatmaps, environment; F ends in .html or .pdf (PDF
                                      needs Chromium or Chrome; CHROMIUM_PATH names one)
        [--heatmaps 3,10]             iterations drawn as step heatmaps (default: each run's last sampled one)
        [--reward X] [--smoothing S] [--group-by G]   as for compare
        [--per-run]                   a chart line per run (default: the mean and band over each group's runs)
  import <file> [--name N] [--format F] [--map key=field ...] [--verifier V]
        [--split validation=0.1,test=0,seed=0] [--skip-bad-rows]
                                      import a dataset (JSONL, JSON, CSV, Parquet) as the Datasets view does:
                                      a preview (format, mapping, verifier, first row), then the rows
  datasets ls | show <id>             the workspace's datasets; one dataset's facts and skipped rows
  grade <in.jsonl>                    grade {response, reference, verifier} lines; prints {score, detail} lines
                                      (verifiers: math, exact, code, arith-chain, linear-equation, fractions)
  runtime                             ONNX Runtime's version and execution providers, as a trainer sees them
  init --preset XS|S|M --out DIR [--seed N]   a fresh model checkpoint (Hugging Face layout) from a preset
  score <checkpoint-dir> <in.jsonl>   per-token log-probs of each line's response tokens, one JSON line out per line

verl (Ray + FSDP + vLLM, on a cluster):
  export-verl <run> [<run> ...] --out DIR   a verl launch: RL parquet, one run_*.sh per run, manifest.json
        [--comparison]                also every run equal to the first but for algorithm and seed
        [--model ID|PATH]             the model verl starts from (default: the run's SFT checkpoint, copied)
  export-verl <config.json> | --preset NAME --out DIR [--set ...] [--algorithms prime,rloo] [--seeds 1,2,3]
  import-verl <folder|metrics.jsonl>  a verl run (file logger JSONL, .hydra/config.yaml, rollout dumps) as a run
        [--name N] [--config F] [--rollouts DIR] [--follow]   --follow: keep reading as it grows (Ctrl-C stops)
  submit-verl <export-dir> --address http://HEAD:8265 [--scripts a.sh,b.sh]
                                      submit to a Ray cluster's Jobs API and follow the jobs (Ctrl-C stops them)

<run> is a run folder or a run id. Options everywhere:
  --workspace DIR   the workspace (default ${defaultWorkspaceDir()}; env PRIME_WORKBENCH_HOME)`

async function main(): Promise<number> {
  const commandLine = parseCommandLine(process.argv.slice(2))
  if (commandLine.command === 'help') {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const { command, args, values } = commandLine
  const context: CliContext = {
    workspaceDir: values.workspace ?? defaultWorkspaceDir(),
    spawnTrainer: trainerSpawnerFor(import.meta.url),
    version: readPackageInfo(join(import.meta.dirname, '../../package.json')).version,
    out: process.stdout,
    // Bundled, the worker entries are built beside this file.
    ...(import.meta.url.endsWith('.ts')
      ? {}
      : { workers: { verifierWorkerUrl: new URL('./verify-worker.js', import.meta.url), importWorkerUrl: new URL('./import-worker.js', import.meta.url) } }),
  }
  const smoothing = values.smoothing === undefined ? DEFAULT_SMOOTHING : parseSmoothing(values.smoothing)
  const grouping = values['group-by'] === undefined ? DEFAULT_GROUPING : parseGrouping(values['group-by'])
  switch (command) {
    case 'run': {
      const config = loadRunConfig({ preset: values.preset, file: args[0] }, values.set ?? [])
      const name = values.name ?? (values.preset ? `${values.preset}${config.kind === 'rl' ? ` ${config.algorithm} seed ${config.seed}` : ''}` : basename(args[0] ?? 'run', '.json'))
      return runCommand(context, config, name)
    }
    case 'sweep': {
      const axes = parseGrid(values.grid ?? [])
      const base = loadRunConfig({ preset: values.preset, file: args[0] }, values.set ?? [])
      if (base.kind !== 'rl') throw new UsageError('sweep: the config must be an RL run (kind "rl")')
      const seeds = values.seeds === undefined ? [base.seed] : parseSeedList(values.seeds)
      const name = values.name ?? (values.preset ? `${values.preset} sweep` : basename(args[0] ?? 'sweep', '.json'))
      return sweepCommand(context, { name, base, axes, seeds, metric: values.metric ?? 'val/acc' })
    }
    case 'resume':
      if (!args[0]) throw new Error('resume: which run? (a run folder or id)')
      return resumeCommand(context, args[0])
    case 'ls':
      return listCommand(context)
    case 'show':
      if (!args[0]) throw new Error('show: which run? (a run folder or id)')
      return showCommand(context, args[0])
    case 'compare': {
      if (args.length < 1) throw new Error('compare: name at least one run')
      const reward = values.reward === undefined ? null : parseDecimal('--reward', values.reward)
      return compareCommand(context, args, { rewardThreshold: reward, smoothing, grouping })
    }
    case 'report': {
      if (args.length < 1) throw new Error('report: name at least one run (a run folder or id)')
      if (!values.out) throw new Error('report: where to? (--out report.html or --out report.pdf)')
      const reward = values.reward === undefined ? null : parseDecimal('--reward', values.reward)
      return reportCommand(context, args, {
        out: values.out,
        heatmapIterations: values.heatmaps === undefined ? undefined : parseIterations(values.heatmaps),
        rewardThreshold: reward,
        smoothing,
        seedMean: !values['per-run'],
        grouping,
      })
    }
    case 'import':
      if (!args[0]) throw new Error('import: which file? (JSONL, JSON, CSV or Parquet)')
      return importCommand(context, {
        file: args[0],
        name: values.name,
        format: values.format,
        map: values.map ?? [],
        verifier: values.verifier,
        split: values.split,
        skipBadRows: values['skip-bad-rows'] ?? false,
      })
    case 'datasets':
      return datasetsCommand(context, args[0], args[1])
    case 'grade': {
      if (!args[0]) throw new Error('grade: which file? (JSON lines of {response, reference, verifier})')
      // Bundled, the pool's worker is verify-worker.js beside this file; from source the pool finds its own.
      const workerUrl = import.meta.url.endsWith('.ts') ? undefined : new URL('./verify-worker.js', import.meta.url)
      return gradeCommand(args[0], process.stdout, workerUrl)
    }
    case 'init': {
      if (!values.preset || !values.out) throw new Error('init: give --preset XS|S|M and --out DIR')
      const seed = values.seed === undefined ? 0 : parseWholeNumber('--seed', values.seed, 0, 2 ** 31 - 1)
      const result = await initCheckpoint(values.preset, seed, values.out)
      process.stdout.write(`${JSON.stringify({ dir: result.dir, preset: result.preset, seed: result.seed, parameters: result.parameters })}\n`)
      return 0
    }
    case 'score': {
      if (!args[0] || !args[1]) throw new Error('score: give a checkpoint folder and a JSONL file')
      for (const line of await scoreJsonl(args[0], args[1])) process.stdout.write(`${line}\n`)
      return 0
    }
    case 'export-verl':
      if (!values.out) throw new Error('export-verl: where to? (--out DIR, a folder that does not exist yet)')
      return exportVerlCommand(context, args, {
        out: values.out,
        ...(values.preset ? { preset: values.preset } : {}),
        overrides: values.set ?? [],
        ...(values.algorithms ? { algorithms: values.algorithms } : {}),
        ...(values.seeds ? { seeds: values.seeds } : {}),
        ...(values.model ? { model: values.model } : {}),
        comparison: values.comparison ?? false,
      })
    case 'import-verl':
      if (!args[0]) throw new Error('import-verl: which verl run? (its output folder or its metrics JSONL)')
      return importVerlCommand(context, args[0], {
        ...(values.name ? { name: values.name } : {}),
        ...(values.config ? { configFile: values.config } : {}),
        ...(values.rollouts ? { rolloutDir: values.rollouts } : {}),
        follow: values.follow ?? false,
      })
    case 'submit-verl':
      if (!args[0]) throw new Error('submit-verl: which export folder? (made by export-verl)')
      if (!values.address) throw new Error('submit-verl: which cluster? (--address http://HEAD:8265, the Ray dashboard)')
      return submitVerlCommand(context, args[0], values.address, values.scripts?.split(',').map((s) => s.trim()))
    case 'runtime': {
      const info = await new RuntimeService(context.spawnTrainer).describe()
      process.stdout.write(`${JSON.stringify(info, null, 2)}\n`)
      return 0
    }
  }
}

stopOnBrokenPipe()
main().then(
  (code) => exitAfterOutput(code),
  (error: unknown) => {
    process.stderr.write(`prime-workbench: ${(error as Error).message}\n`)
    return exitAfterOutput(2)
  },
)
