// Every host on a workspace (the app, a browser-mode server, each CLI command) holds a lock file in
// <workspace>/.hosts/ while it runs. A host starting up reads them to know whether another one is at work, and so
// whether what looks abandoned (an import's staging folder, an upload) may be someone's work in progress.
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { parseTempName } from '../storage/atomic-file'
import { acquireLock, inspectLock, releaseLock } from '../storage/process-lock'

export const HOSTS_DIR = '.hosts'

export class HostPresence {
  private readonly path: string

  constructor(workspaceRoot: string) {
    const dir = join(workspaceRoot, HOSTS_DIR)
    mkdirSync(dir, { recursive: true })
    // Named per host, not per process: tests run several hosts in one process.
    this.path = join(dir, `host-${process.pid}-${randomBytes(4).toString('hex')}.lock`)
    acquireLock(this.path)
  }

  /** True when another live host holds a lock here; stale locks (their host is gone) are removed on the way. */
  othersAlive(): boolean {
    const dir = join(this.path, '..')
    let alive = false
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (path === this.path || parseTempName(name)) continue
      const status = inspectLock(path)
      if (status.state === 'held') alive = true
      else if (status.state === 'stale') rmSync(path, { force: true })
    }
    return alive
  }

  dispose(): void {
    releaseLock(this.path)
  }
}
