// The lock that keeps a run to one trainer, raced by real processes: several start at the same instant on a free
// lock, then on a stale one (its holder dead); exactly one may win each time. Losers learn who holds it.
import { execFile, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { acquireLock, inspectLock, releaseLock } from './process-lock'

const run = promisify(execFile)
const LOCK_MODULE = resolve(import.meta.dirname, 'process-lock.ts')
const dir = mkdtempSync(join(tmpdir(), 'prime-lock-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/**
 * `count` processes that each try to take `path` at the same instant (a process that starts late tries at once);
 * a winner holds the lock until every racer has tried.
 */
async function race(path: string, count: number): Promise<string[]> {
  const startAt = Date.now() + 3000
  const tried = `${path}.tried`
  const script = `
    const { appendFileSync, readFileSync } = await import('node:fs')
    const { acquireLock, LockHeldError } = await import(${JSON.stringify(LOCK_MODULE)})
    while (Date.now() < ${startAt}) {}
    let outcome
    try {
      acquireLock(${JSON.stringify(path)})
      outcome = 'won'
    } catch (error) {
      outcome = error instanceof LockHeldError ? 'refused' : 'error ' + error.message
    }
    appendFileSync(${JSON.stringify(tried)}, 'x')
    while (outcome === 'won' && readFileSync(${JSON.stringify(tried)}, 'utf8').length < ${count}) await new Promise((r) => setTimeout(r, 20))
    console.log(outcome)`
  const racers = Array.from({ length: count }, () => run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 30_000 }))
  return (await Promise.all(racers)).map((r) => r.stdout.trim())
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'])
  await new Promise((r) => child.on('exit', r))
  return child.pid!
}

describe('trainer lock', { timeout: 60_000 }, () => {
  it('lets exactly one of several processes take a free lock at the same instant', async () => {
    const path = join(dir, 'free.lock')
    const outcomes = await race(path, 6)
    expect(outcomes.filter((o) => o === 'won')).toHaveLength(1)
    expect(outcomes.filter((o) => o === 'refused')).toHaveLength(5)
  })

  it('lets exactly one of several processes take over a stale lock at the same instant', async () => {
    const path = join(dir, 'stale.lock')
    writeFileSync(path, JSON.stringify({ pid: await deadPid(), hostname: hostname(), processStart: null, since: '2026-01-01T00:00:00.000Z' }))
    const outcomes = await race(path, 6)
    expect(outcomes.filter((o) => o === 'won')).toHaveLength(1)
    expect(outcomes.filter((o) => o === 'refused')).toHaveLength(5)
  })

  it('tells a stale lock by its dead pid, a reused pid by its start time, and counts a lock from another machine as held', async () => {
    const path = join(dir, 'kinds.lock')
    const holder = { hostname: hostname(), since: '2026-01-01T00:00:00.000Z' }
    const dead = await deadPid()
    writeFileSync(path, JSON.stringify({ ...holder, pid: dead, processStart: null }))
    expect(inspectLock(path)).toMatchObject({ state: 'stale', reason: `process ${dead} is not running` })
    writeFileSync(path, JSON.stringify({ ...holder, pid: process.ppid, processStart: 'some other start' }))
    expect(inspectLock(path)).toMatchObject({ state: 'stale', reason: expect.stringMatching(/the pid was reused/) })
    writeFileSync(path, JSON.stringify({ ...holder, hostname: 'another-machine', pid: dead, processStart: null }))
    expect(inspectLock(path)).toMatchObject({ state: 'held', sameMachine: false })
    writeFileSync(path, '')
    expect(inspectLock(path)).toMatchObject({ state: 'stale', reason: 'the lock file is unreadable' })

    const reasons: string[] = []
    const taken = acquireLock(path, (reason) => reasons.push(reason))
    expect(reasons).toEqual(['the lock file is unreadable'])
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(taken)
    expect(taken.pid).toBe(process.pid)
    releaseLock(path)
    expect(inspectLock(path)).toEqual({ state: 'free' })
  })

  it('takes a stale lock over past a takeover guard its taker died holding, and waits for a live one', async () => {
    const path = join(dir, 'guarded.lock')
    const guard = join(dir, '.guarded.lock.takeover')
    const stale = (pid: number) => JSON.stringify({ pid, hostname: hostname(), processStart: null, since: '2026-01-01T00:00:00.000Z' })
    writeFileSync(path, stale(await deadPid()))
    writeFileSync(guard, stale(await deadPid()))
    const reasons: string[] = []
    expect(acquireLock(path, (reason) => reasons.push(reason)).pid).toBe(process.pid)
    expect(reasons).toEqual([expect.stringMatching(/is not running/)])
    expect(existsSync(guard)).toBe(false)
    releaseLock(path)

    // A live process is taking it over (the guard is its): the lock is not touched, and the caller gives up in time.
    writeFileSync(path, stale(await deadPid()))
    writeFileSync(guard, JSON.stringify({ pid: process.ppid, hostname: hostname(), processStart: null, since: '2026-01-01T00:00:00.000Z' }))
    expect(() => acquireLock(path)).toThrow(/could not take the lock/)
    expect(inspectLock(path)).toMatchObject({ state: 'stale' })
  })
})
