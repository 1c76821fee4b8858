// Where a verl run's files are, given what the user pointed at: the file logger's JSONL itself, or a folder synced
// from the cluster. In a folder: the metrics file is `metrics.jsonl` (what an export's scripts write), else the one
// JSONL file whose first line is a file-logger line (FileLogger's default path is <project>/<experiment>.jsonl, so
// one folder level down is searched too); the Hydra config is `.hydra/config.yaml`; the rollout dumps are the
// folder `rollouts/` (an export's trainer.rollout_data_dir), or the folder config.yaml names as rollout_data_dir.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { parseFileLoggerLine } from './step-lines'

export interface VerlFiles {
  metricsFile: string
  configFile: string | null
  rolloutDir: string | null
}

export interface LocateOptions {
  configFile?: string
  rolloutDir?: string
}

export class VerlLocateError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'VerlLocateError'
  }
}

const METRICS_NAME = 'metrics.jsonl'
const HYDRA_CONFIG = join('.hydra', 'config.yaml')

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory()
}

/** Whether the file's first line reads as a file-logger line (a rollout dump's lines do not). */
function looksLikeFileLogger(file: string): boolean {
  const first = readFileSync(file, 'utf8').split('\n', 1)[0] ?? ''
  if (first.trim() === '') return false
  try {
    parseFileLoggerLine(first, file)
    return true
  } catch {
    return false
  }
}

function jsonlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.jsonl') && !/^\d+\.jsonl$/.test(entry.name))
    .map((entry) => join(dir, entry.name))
}

function findMetricsFile(dir: string): string {
  if (existsSync(join(dir, METRICS_NAME))) return join(dir, METRICS_NAME)
  const here = jsonlFiles(dir).filter(looksLikeFileLogger)
  const below = here.length
    ? []
    : readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
        .flatMap((entry) => jsonlFiles(join(dir, entry.name)).filter(looksLikeFileLogger))
  const found = [...here, ...below]
  if (found.length === 1) return found[0] as string
  if (found.length === 0) {
    throw new VerlLocateError(`${dir}: no verl metrics file found (the file logger's JSONL, {"step", "data"} per line): point at the file itself`)
  }
  throw new VerlLocateError(`${dir}: several verl metrics files (${found.map((f) => basename(f)).join(', ')}): point at the one to import`)
}

function findRolloutDir(dir: string, configFile: string | null): string | null {
  const named = configFile ? /^\s*rollout_data_dir:\s*(\S+)\s*$/m.exec(readFileSync(configFile, 'utf8'))?.[1] : undefined
  const candidates = [join(dir, 'rollouts'), ...(named && named !== 'null' ? [join(dir, basename(named))] : [])]
  return candidates.find(isDirectory) ?? null
}

function existing(path: string, what: string): string {
  const absolute = resolve(path)
  if (!existsSync(absolute)) throw new VerlLocateError(`${absolute}: no such ${what}`)
  return absolute
}

export function locateVerlFiles(path: string, options: LocateOptions = {}): VerlFiles {
  const target = existing(path, 'file or folder')
  const dir = isDirectory(target) ? target : dirname(target)
  const metricsFile = isDirectory(target) ? findMetricsFile(target) : target
  const configFile = options.configFile
    ? existing(options.configFile, 'Hydra config')
    : [join(dir, HYDRA_CONFIG), join(dirname(metricsFile), HYDRA_CONFIG)].find((f) => existsSync(f)) ?? null
  const rolloutDir = options.rolloutDir ? existing(options.rolloutDir, 'rollout folder') : findRolloutDir(dir, configFile)
  if (rolloutDir && !isDirectory(rolloutDir)) throw new VerlLocateError(`${rolloutDir}: not a folder (rollout dumps are <step>.jsonl files in a folder)`)
  return { metricsFile, configFile, rolloutDir }
}
