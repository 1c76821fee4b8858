// The trainer protocol over a real forked child process (the trainer's TypeScript source run through tsx).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { TrainerToHost } from '../trainer/protocol'
import { TrainerClient } from './trainer-client'
import { forkSourceTrainer } from './source-trainer'

const dirs: string[] = []
const clients: TrainerClient[] = []
afterEach(() => {
  for (const client of clients.splice(0)) client.kill()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function startTrainer(): { client: TrainerClient; messages: TrainerToHost[]; runDir: string } {
  const runDir = mkdtempSync(join(tmpdir(), 'prime-trainer-'))
  dirs.push(runDir)
  const client = new TrainerClient(forkSourceTrainer())
  clients.push(client)
  const messages: TrainerToHost[] = []
  client.onMessage((m) => messages.push(m))
  return { client, messages, runDir }
}

const smoke = (steps: number, stepDelayMs = 0) => ({ kind: 'engine-smoke' as const, steps, matrixSize: 16, stepDelayMs })

describe('trainer process', () => {
  it('runs start → progress → metrics → exit and writes the run directory', async () => {
    const { client, messages, runDir } = startTrainer()
    const ready = await client.next('ready')
    expect(ready.pid).toBe(client.pid)
    client.send({ type: 'start', runId: 'run-a', runDir, config: smoke(5), intraOpThreads: 1 })
    const end = await client.ended
    expect(end).toMatchObject({ reason: 'completed', exitCode: 0, signal: null })

    const progress = messages.filter((m) => m.type === 'progress')
    expect(progress.map((m) => m.step)).toEqual([0, 1, 2, 3, 4, 5])
    expect(progress.at(-1)).toMatchObject({ total: 5, etaSeconds: 0 })
    const metrics = messages.flatMap((m) => (m.type === 'metrics' ? [m.row] : []))
    expect(metrics).toHaveLength(5)
    for (const row of metrics) expect(row.values.step_ms).toBeGreaterThan(0)
    expect(messages.at(-1)).toMatchObject({ type: 'exit', reason: 'completed', code: 0 })

    const lines = readFileSync(join(runDir, 'metrics.ndjson'), 'utf8').trim().split('\n')
    expect(lines.map((l) => JSON.parse(l).step)).toEqual([1, 2, 3, 4, 5])
    const events = readFileSync(join(runDir, 'events.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).event)
    expect(events[0]).toBe('started')
    expect(events.at(-1)).toBe('completed')
  })

  it('answers heartbeats and describes its ONNX Runtime', async () => {
    const { client } = startTrainer()
    await client.next('ready')
    client.send({ type: 'heartbeat', time: 1 })
    expect((await client.next('heartbeat')).time).toBeGreaterThan(0)
    client.send({ type: 'describe-runtime' })
    const { info } = await client.next('runtime')
    const pkg = JSON.parse(readFileSync('node_modules/onnxruntime-node/package.json', 'utf8')) as { version: string }
    expect(info.ortVersion).toBe(pkg.version)
    expect(info.executionProviders.find((ep) => ep.name === 'cpu')).toMatchObject({ available: true })
    const cuda = info.executionProviders.find((ep) => ep.name === 'cuda')
    expect(cuda).toBeDefined()
    if (!cuda?.available) expect(cuda?.reason).toBeTruthy()
  })

  it('pauses, resumes and cancels between steps', async () => {
    const { client, messages, runDir } = startTrainer()
    await client.next('ready')
    client.send({ type: 'start', runId: 'run-b', runDir, config: smoke(10_000, 5), intraOpThreads: 1 })
    await client.next('metrics')
    client.send({ type: 'pause' })
    expect((await client.next('state')).state).toBe('paused')
    const stepsAtPause = messages.filter((m) => m.type === 'metrics').length
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(messages.filter((m) => m.type === 'metrics').length).toBe(stepsAtPause)
    client.send({ type: 'resume' })
    await client.next('metrics')
    client.send({ type: 'cancel' })
    expect(await client.ended).toMatchObject({ reason: 'cancelled', exitCode: 0 })
  })

  it('reports a trainer killed mid-run as crashed, with its signal and last log lines', async () => {
    const { client, runDir } = startTrainer()
    await client.next('ready')
    client.send({ type: 'start', runId: 'run-c', runDir, config: smoke(10_000, 5), intraOpThreads: 1 })
    await client.next('metrics')
    process.kill(client.pid ?? 0, 'SIGKILL')
    const end = await client.ended
    expect(end.reason).toBe('crashed')
    expect(end.signal).toBe('SIGKILL')
    expect(end.lastLogLines.join('\n')).toMatch(/opening an ONNX Runtime session/)
  })

  it('reports a failing job as failed, with the error it raised', async () => {
    const { client, runDir } = startTrainer()
    await client.next('ready')
    // A run directory that is a file: the trainer cannot write its events there and must fail cleanly.
    const blocker = join(runDir, 'not-a-dir')
    rmSync(blocker, { force: true })
    await import('node:fs').then((fs) => fs.writeFileSync(blocker, 'x'))
    client.send({ type: 'start', runId: 'run-d', runDir: blocker, config: smoke(3), intraOpThreads: 1 })
    const end = await client.ended
    expect(end.reason).toBe('failed')
    expect(end.exitCode).toBe(1)
    expect(end.error).toMatch(/EEXIST|ENOTDIR|not-a-dir/)
  })

  it('rejects a message of unknown type and stays alive', async () => {
    const { client } = startTrainer()
    await client.next('ready')
    client.process.send({ v: 1, type: 'format-disk' } as never)
    expect((await client.next('error')).message).toMatch(/message\.type/)
    client.send({ type: 'heartbeat', time: 2 })
    await client.next('heartbeat')
  })
})
