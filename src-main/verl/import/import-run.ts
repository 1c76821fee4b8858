// Imports a verl run as a workspace run folder (src-main/trainer/RUN-FOLDER.md): run.json with a `verl` config,
// metrics.ndjson with the workbench's metric names, rollouts/<step>.ndjson from verl's dumps, and events.ndjson
// saying where it came from. Everything is read and checked first, then written into a temporary sibling folder
// that is renamed into place only when complete: a bad file fails the import with its file and line, and nothing
// half-imported is left behind. A run imported to be followed is written as `created`; the host then launches its
// follower (src-main/trainer/jobs/verl-follow.ts), which reads on from where this left off.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { MetricsRow, RolloutRecord } from '../../../src-preload/contract/schemas'
import type { VerlRunConfig } from '../../../src-preload/contract/verl'
import { tempPath } from '../../storage/atomic-file'
import { EVENTS_FILE, METRICS_FILE, ROLLOUTS_DIR, RUN_FILE, type RunEvent } from '../../trainer/run-files'
import { readHydraConfig, type HydraFacts } from './hydra-config'
import { LineTail } from './line-tail'
import { locateVerlFiles, type LocateOptions } from './locate'
import { dumpFile, dumpSteps, parseRolloutDump } from './rollout-dumps'
import { RunMetrics } from './run-metrics'
import { parseFileLoggerLine, VerlFormatError } from './step-lines'

export interface VerlImport {
  config: VerlRunConfig
  rows: MetricsRow[]
  rollouts: Map<number, RolloutRecord[]>
  /** Lines for the run's log: what was read, what was left out and why. */
  notes: string[]
}

/** Reads a verl run's files (throws VerlFormatError / VerlLocateError naming the file and line). */
export function readVerlRun(path: string, options: LocateOptions & { follow: boolean }): VerlImport {
  const files = locateVerlFiles(path, options)
  const facts: HydraFacts | null = files.configFile ? readHydraConfig(files.configFile) : null
  const notes: string[] = [`metrics from ${files.metricsFile}`]
  notes.push(files.configFile ? `settings from ${files.configFile}` : 'no Hydra config found (.hydra/config.yaml): the settings table is empty')

  const metrics = new RunMetrics()
  const tail = new LineTail(files.metricsFile)
  const read = tail.read()
  const importedAt = (read.mtimeMs ?? Date.now()) / 1000
  for (const { text, line } of read.lines) {
    if (text.trim() === '') continue
    metrics.add(parseFileLoggerLine(text, `${files.metricsFile}:${line}`), importedAt)
  }
  const pending = tail.pendingText()
  if (pending !== null && pending.trim() !== '' && !options.follow) {
    // A last line without its newline: verl was stopped mid-write, or the file was copied while it grew.
    try {
      metrics.add(parseFileLoggerLine(pending, `${files.metricsFile}:${tail.nextLine()}`), importedAt)
    } catch (error) {
      notes.push(`the last line (${files.metricsFile}:${tail.nextLine()}) is cut short and was left out: ${(error as Error).message}`)
    }
  }
  const rows = anchorTimes(metrics.rows(), importedAt)
  if (rows.length === 0 && !options.follow) {
    throw new VerlFormatError(files.metricsFile, null, 'holds no metrics lines ({"step", "data"}); import it with "follow" to wait for a run that has just started')
  }
  const nonFinite = metrics.nonFiniteSummary()
  if (nonFinite) notes.push(nonFinite)

  const rollouts = new Map<number, RolloutRecord[]>()
  // A followed run's dumps may start later: the follower watches the folder verl will write them to.
  const rolloutDir = files.rolloutDir ?? (options.follow ? join(dirname(files.metricsFile), 'rollouts') : null)
  if (files.rolloutDir) {
    for (const step of dumpSteps(files.rolloutDir)) {
      const file = dumpFile(files.rolloutDir, step)
      rollouts.set(step, parseRolloutDump(readFileSync(file, 'utf8'), file, step))
    }
    notes.push(`${rollouts.size} rollout dumps from ${files.rolloutDir} (a score per response; verl saves no per-token rewards)`)
  } else {
    notes.push(`no rollout dumps (trainer.rollout_data_dir)${rolloutDir ? ` yet; watching ${rolloutDir}` : ': the step heatmap has nothing to show'}`)
  }

  const config: VerlRunConfig = {
    kind: 'verl',
    source: { kind: 'files', metricsFile: files.metricsFile, configFile: files.configFile, rolloutDir, follow: options.follow },
    algorithm: facts?.algorithm ?? null,
    seed: facts?.seed ?? null,
    totalSteps: facts?.totalSteps ?? null,
    hydra: facts?.hydra ?? null,
  }
  return { config, rows, rollouts, notes }
}

/**
 * Unix times for rows read from a file after the fact: the last row at the file's modification time and earlier
 * ones back by their wall-time difference (train/wall_time), or all at that time when the run logs no timings.
 */
function anchorTimes(rows: MetricsRow[], end: number): MetricsRow[] {
  const wall = (row: MetricsRow) => row.values['train/wall_time']
  const last = [...rows].reverse().map(wall).find((w) => w !== undefined)
  return rows.map((row) => ({ ...row, time: last === undefined ? end : end - (last - (wall(row) ?? last)) }))
}

export interface WriteOptions {
  runsDir: string
  id: string
  name: string
  createdAt: string
}

/** Writes the run folder `<runsDir>/<id>` whole, or nothing. */
export function writeVerlRun(imported: VerlImport, options: WriteOptions): void {
  const target = join(options.runsDir, options.id)
  if (existsSync(target)) throw new Error(`${target} already exists`)
  const staging = tempPath(target)
  try {
    mkdirSync(staging, { recursive: true })
    writeFileSync(join(staging, METRICS_FILE), imported.rows.map((row) => `${JSON.stringify(row)}\n`).join(''))
    if (imported.rollouts.size) mkdirSync(join(staging, ROLLOUTS_DIR))
    for (const [step, records] of imported.rollouts) {
      writeFileSync(join(staging, ROLLOUTS_DIR, `${step}.ndjson`), records.map((r) => `${JSON.stringify(r)}\n`).join(''))
    }
    const time = new Date().toISOString()
    const follow = imported.config.source.kind === 'ray' || imported.config.source.follow
    const events: RunEvent[] = [
      ...imported.notes.map((message): RunEvent => ({ time, event: 'log', level: 'info', message })),
      ...(follow
        ? []
        : [
            { time, event: 'started', message: 'imported from verl' } satisfies RunEvent,
            { time, event: 'completed', message: `imported ${imported.rows.length} steps` } satisfies RunEvent,
          ]),
    ]
    writeFileSync(join(staging, EVENTS_FILE), events.map((e) => `${JSON.stringify(e)}\n`).join(''))
    const run = { id: options.id, name: options.name, config: imported.config, createdAt: options.createdAt }
    writeFileSync(join(staging, RUN_FILE), `${JSON.stringify(run, null, 2)}\n`)
    renameSync(staging, target)
  } catch (error) {
    rmSync(staging, { recursive: true, force: true })
    throw error
  }
}

