// Test hook for crash safety: PRIME_WORKBENCH_KILL_AT=<file>@<phase>[:<n>] makes this process SIGKILL itself the
// n-th time (default: the first) it reaches that point of a write, so tests can crash a trainer, CLI or host at
// every write and check what a resume finds. <file> is the base name of what is being written (`latest.json`,
// `model.safetensors`, `iter-000004`, `metrics.ndjson`, …); <phase> is one of
//   partial  the temporary file (or an appended line) is partly written
//   rename   the temporary file or folder is complete and synced, not yet renamed into place
//   swap     (folders) the previous version has been moved aside, the new one not yet renamed in
// Like PRIME_WORKBENCH_INJECT_NAN_AT (src-main/trainer/jobs/rl.ts), nothing sets it in normal use; unset, each
// write point costs one comparison.
import { basename } from 'node:path'

export type KillPhase = 'partial' | 'rename' | 'swap'

interface KillSpec {
  point: string
  nth: number
}

export const KILL_AT_VARIABLE = 'PRIME_WORKBENCH_KILL_AT'

function parseKillSpec(raw: string | undefined): KillSpec | null {
  if (raw === undefined || raw === '') return null
  const match = /^([^@:]+)@(partial|rename|swap)(?::([1-9]\d*))?$/.exec(raw)
  if (!match) throw new Error(`${KILL_AT_VARIABLE}=${raw}: expected <file>@<partial|rename|swap>[:<n>], e.g. latest.json@rename:2`)
  return { point: `${match[1]}@${match[2]}`, nth: Number(match[3] ?? 1) }
}

const spec = parseKillSpec(process.env[KILL_AT_VARIABLE])
let reached = 0

/** True when this process may be killed at `phase` of writing `path` (write helpers use it to split a write). */
export function killArmed(path: string, phase: KillPhase): boolean {
  return spec !== null && spec.point === `${basename(path)}@${phase}`
}

/** Kills this process (SIGKILL: no exit handlers, no flushing) when the hook names this point and occurrence. */
export function killPoint(path: string, phase: KillPhase): void {
  if (!killArmed(path, phase)) return
  reached += 1
  if (reached === spec?.nth) process.kill(process.pid, 'SIGKILL')
}
