// For tests: hosts over throwaway workspaces with real (source) trainers, cleaned up after each test, and a typed
// way to call the API through the same dispatch gate the transports use.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import type { ApiEvent } from '../../src-preload/contract/events'
import { isFinishedRunState, type RunSummary } from '../../src-preload/contract/schemas'
import { createHost, type Host } from './host'
import { forkSourceTrainer } from './source-trainer'

export interface TestHost {
  host: Host
  /** Every event the host emitted, in order. */
  events: ApiEvent[]
  workspaceDir: string
}

/** Call in a test file's top level: returns a factory whose hosts are disposed (and workspaces removed) after each test. */
export function useTestHosts(prefix: string): (workspaceDir?: string) => TestHost {
  const cleanups: (() => void)[] = []
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup()
  })
  return (workspaceDir = mkdtempSync(join(tmpdir(), `${prefix}-`))) => {
    const host = createHost({
      workspaceDir,
      spawnTrainer: forkSourceTrainer,
      appInfo: { name: 'prime-workbench', version: '0.0.0-test', mode: 'browser', versions: { node: process.versions.node, electron: null, chrome: null } },
    })
    const events: ApiEvent[] = []
    host.bus.subscribe(({ event }) => events.push(event))
    cleanups.push(() => {
      host.dispose()
      rmSync(workspaceDir, { recursive: true, force: true })
    })
    return { host, events, workspaceDir }
  }
}

/** Calls `method`, throwing the host's error (with the field it names) instead of returning it. */
export async function call<T>(host: Host, method: string, request: unknown): Promise<T> {
  const reply = await host.dispatch(method, request)
  if (!reply.ok) throw new Error(`${reply.error.message}${reply.error.field ? ` [field ${reply.error.field}]` : ''}`)
  return reply.result as T
}

/** Resolves with the run's summary once it has finished (completed, failed, crashed or cancelled). */
export function settled(host: Host, id: string): Promise<RunSummary> {
  const done = (run: RunSummary) => isFinishedRunState(run.state)
  return new Promise((resolve) => {
    if (done(host.runs.get(id))) return resolve(host.runs.get(id))
    host.bus.subscribe(({ event }) => event.type === 'run.status' && event.run.id === id && done(event.run) && resolve(event.run))
  })
}
