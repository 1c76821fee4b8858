// Lock files that name the process holding them: {pid, hostname, processStart, since}. A trainer holds one in its
// run folder (a second writer is refused); every host holds one in the workspace (host/host-presence.ts). A lock
// whose process is gone is stale and is taken over: on this machine a lock is stale when its pid is not running,
// or is running but started at another time than the holder did (the pid was reused). A lock written on another
// machine (a workspace on a network drive) cannot be checked from here and counts as held.
import { execFileSync } from 'node:child_process'
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { fileError, tempPath } from './atomic-file'

export interface LockHolder {
  pid: number
  hostname: string
  /** When the process started, as the OS reports it (to tell a reused pid); null where it cannot be read. */
  processStart: string | null
  /** When the lock was taken (ISO time). */
  since: string
}

export type LockStatus =
  | { state: 'free' }
  | { state: 'held'; holder: LockHolder; sameMachine: boolean }
  | { state: 'stale'; holder: LockHolder | null; reason: string }

export class LockHeldError extends Error {
  constructor(
    readonly path: string,
    readonly holder: LockHolder,
  ) {
    super(`${path} is held by ${describeHolder(holder)}`)
    this.name = 'LockHeldError'
  }
}

export function describeHolder(holder: LockHolder): string {
  const where = holder.hostname === hostname() ? '' : ` on ${holder.hostname}`
  return `process ${holder.pid}${where} (since ${holder.since})`
}

/**
 * When process `pid` started: on Linux the start time in clock ticks since boot (/proc/<pid>/stat, field 22), on
 * macOS and other Unixes what `ps -o lstart=` prints; null when the process does not exist or the OS cannot say.
 */
export function processStartTime(pid: number): string | null {
  try {
    if (process.platform === 'linux') {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      // The command name (field 2) is in parentheses and may hold spaces; the fields after it start at field 3.
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null
    }
    if (process.platform === 'win32') return null
    return execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8' }).trim() || null
  } catch {
    return null
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

let ownStart: string | null | undefined

/** This process as a lock holder. */
export function currentHolder(): LockHolder {
  ownStart ??= processStartTime(process.pid)
  return { pid: process.pid, hostname: hostname(), processStart: ownStart, since: new Date().toISOString() }
}

function parseHolder(text: string): LockHolder | null {
  try {
    const raw = JSON.parse(text) as Partial<LockHolder>
    if (!Number.isSafeInteger(raw.pid) || typeof raw.hostname !== 'string' || typeof raw.since !== 'string') return null
    return { pid: raw.pid!, hostname: raw.hostname, processStart: typeof raw.processStart === 'string' ? raw.processStart : null, since: raw.since }
  } catch {
    return null
  }
}

function readLockText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw fileError(path, error)
  }
}

function statusOf(text: string | null): LockStatus {
  if (text === null) return { state: 'free' }
  const holder = parseHolder(text)
  if (!holder) return { state: 'stale', holder: null, reason: 'the lock file is unreadable' }
  if (holder.hostname !== hostname()) return { state: 'held', holder, sameMachine: false }
  if (holder.pid === process.pid) return { state: 'held', holder, sameMachine: true }
  if (!isProcessAlive(holder.pid)) return { state: 'stale', holder, reason: `process ${holder.pid} is not running` }
  const started = holder.processStart === null ? null : processStartTime(holder.pid)
  if (started !== null && started !== holder.processStart) {
    return { state: 'stale', holder, reason: `process ${holder.pid} is another process than the one that took the lock (the pid was reused)` }
  }
  return { state: 'held', holder, sameMachine: true }
}

export function inspectLock(path: string): LockStatus {
  return statusOf(readLockText(path))
}

/** Writes the lock file complete before it appears (a hard link to a synced temporary file), or fails if it exists. */
function createLockFile(path: string, text: string): boolean {
  const temp = tempPath(path)
  const fd = openSync(temp, 'wx')
  try {
    writeSync(fd, text)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  try {
    linkSync(temp, path)
    return true
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return false
    // Filesystems without hard links (FAT, some network drives): exclusive create, then write.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS') {
      try {
        writeFileSync(path, text, { flag: 'wx' })
        return true
      } catch (fallbackError) {
        if ((fallbackError as NodeJS.ErrnoException).code === 'EEXIST') return false
        throw fileError(path, fallbackError)
      }
    }
    throw fileError(path, error)
  } finally {
    rmSync(temp, { force: true })
  }
}

/** How long acquireLock keeps trying while other processes take a stale lock over, and how long it waits between tries. */
const TAKEOVER_PATIENCE_MS = 2000
const TAKEOVER_WAIT_MS = 5

/** The file whose creator may replace a stale lock at `path`: one process at a time. */
function takeoverGuardPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.takeover`)
}

/** Sleeps without returning to the event loop: acquireLock is synchronous (the trainer takes its lock before anything else). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/**
 * Removes a takeover guard left by a process that died holding it: moved aside, and put back if it turns out to be
 * a fresh guard (another process cleared the dead one and took the guard in between).
 */
function clearStaleGuard(guard: string): void {
  const found = readLockText(guard)
  if (found === null || statusOf(found).state !== 'stale') return
  const aside = tempPath(guard, 'old')
  try {
    renameSync(guard, aside)
  } catch {
    return
  }
  if (readLockText(aside) !== found) {
    try {
      linkSync(aside, guard)
    } catch {
      // A guard was taken in between; it stays.
    }
  }
  rmSync(aside, { force: true })
}

/**
 * Takes the lock for this process, taking over a stale one (and reporting it through `onStale`). Throws
 * LockHeldError when a live process holds it.
 *
 * A stale lock is removed only by the process that holds the takeover guard, after reading it again: moving it
 * aside to check it (as this did before) could move aside a fresh lock another process had just taken, and while it
 * was put back a third process found the lock free — two processes took it over at the same instant
 * (process-lock.reliability.test.ts). Under the guard the stale lock cannot change: its holder is dead, a new lock
 * is only made where none is, and no other process removes it.
 */
export function acquireLock(path: string, onStale: (reason: string, holder: LockHolder | null) => void = () => {}): LockHolder {
  const holder = currentHolder()
  const text = `${JSON.stringify(holder)}\n`
  const guard = takeoverGuardPath(path)
  const deadline = Date.now() + TAKEOVER_PATIENCE_MS
  while (Date.now() < deadline) {
    if (createLockFile(path, text)) return holder
    const found = readLockText(path)
    const status = statusOf(found)
    if (status.state === 'held') throw new LockHeldError(path, status.holder)
    if (status.state === 'free') continue
    if (!createLockFile(guard, text)) {
      // Another process is taking it over (or died doing so): wait, then look again.
      clearStaleGuard(guard)
      sleepSync(TAKEOVER_WAIT_MS)
      continue
    }
    try {
      if (readLockText(path) === found) {
        rmSync(path, { force: true })
        onStale(status.reason, status.holder)
      }
    } finally {
      rmSync(guard, { force: true })
    }
  }
  throw new Error(`${path}: could not take the lock (other processes keep taking it over)`)
}

/** Removes the lock if this process holds it. */
export function releaseLock(path: string): void {
  const holder = parseHolder(readLockText(path) ?? '')
  if (holder?.pid !== process.pid || holder.hostname !== hostname()) return
  try {
    unlinkSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw fileError(path, error)
  }
}
