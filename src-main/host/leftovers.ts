// What crashed writers and full disks leave behind, removed when a host starts so it does not stay forever:
//   - temporary files and folders of atomic writes (`.<name>.tmp-<pid>-…`) whose writing process is gone, anywhere
//     in run folders, the SFT cache and the workspace root; a folder's previous version moved aside mid-swap
//     (`.<name>.old-<pid>-…`) is put back when the new one never arrived, else removed;
//   - while no other host is alive on the workspace (host-presence.ts): import staging folders (`.importing-*`),
//     generation files (`.generating-*`), uploads (`.uploads`), and run folders whose run.json is empty or missing
//     (a run created on a full disk) with nothing else in them.
// A run folder whose trainer.lock is held by a live trainer is left alone. Returns one line per thing cleaned, for
// the host's log.
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { IMPORT_STAGING_PREFIX } from '../tasks/import/import-dataset'
import { parseTempName } from '../storage/atomic-file'
import { inspectLock, isProcessAlive } from '../storage/process-lock'
import { RUN_FILE, TRAINER_LOCK_FILE } from '../trainer/run-files'
import { GENERATING_PREFIX, UPLOADS_DIR } from './datasets-service'
import type { Workspace } from './workspace'

export const SFT_CACHE_DIR = 'sft-cache'

/** Temporary siblings in `dir` (and, with `deep`, in its sub-folders) whose writer is no longer running. */
function cleanTemps(dir: string, cleaned: string[], deep = false): void {
  if (!existsSync(dir)) return
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const name = entry.name
    const temp = parseTempName(name)
    if (!temp) {
      if (deep && entry.isDirectory()) cleanTemps(join(dir, name), cleaned, true)
      continue
    }
    if (temp.pid === process.pid || isProcessAlive(temp.pid)) continue
    const path = join(dir, name)
    const target = join(dir, temp.target)
    if (temp.kind === 'old' && !existsSync(target)) {
      renameSync(path, target)
      cleaned.push(`restored ${target} from ${name} (its replacement was never completed)`)
    } else {
      rmSync(path, { recursive: true, force: true })
      cleaned.push(`removed ${path} (left by process ${temp.pid}, which is gone)`)
    }
  }
}

/** A run folder holding nothing of value: run.json empty or missing, and nothing else but leftovers. */
function isEmptyRunFolder(dir: string): boolean {
  const runFile = join(dir, RUN_FILE)
  if (existsSync(runFile) && statSync(runFile).size > 0) return false
  return readdirSync(dir).every((name) => name === RUN_FILE || parseTempName(name) !== null)
}

export function cleanLeftovers(workspace: Workspace, othersAlive: boolean): string[] {
  const cleaned: string[] = []
  for (const entry of readdirSync(workspace.runsDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue
    const dir = join(workspace.runsDir, entry.name)
    if (inspectLock(join(dir, TRAINER_LOCK_FILE)).state === 'held') continue
    cleanTemps(dir, cleaned, true)
    if (!othersAlive && isEmptyRunFolder(dir)) {
      rmSync(dir, { recursive: true, force: true })
      cleaned.push(`removed ${dir} (its ${RUN_FILE} is empty or missing: the run was never created completely)`)
    }
  }
  cleanTemps(join(workspace.root, SFT_CACHE_DIR), cleaned)
  cleanTemps(workspace.root, cleaned)
  if (!othersAlive) {
    for (const name of readdirSync(workspace.datasetsDir)) {
      const path = join(workspace.datasetsDir, name)
      if (name.startsWith(IMPORT_STAGING_PREFIX) || name.startsWith(GENERATING_PREFIX) || name === UPLOADS_DIR) {
        rmSync(path, { recursive: true, force: true })
        cleaned.push(`removed ${path} (an import, generation or upload that did not finish)`)
      } else if (statSync(path).isDirectory()) {
        cleanTemps(path, cleaned)
      }
    }
  }
  return cleaned
}
