// verl runs through the host's API, with real follower processes: an import listed, read and deleted like any run
// and read-only; a bad import leaving nothing behind; a followed folder growing into live metrics; and an export
// submitted to a Ray cluster — a loopback server implementing the Jobs REST API that replays a verl console log,
// behind the same client the real cluster uses — followed to its end, and stopped from the run's Stop.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ApiEvent } from '../../src-preload/contract/events'
import { LAPTOP_PRESET } from '../../src-preload/contract/rl-config'
import type { MetricsRow, RolloutRecord, RunSummary } from '../../src-preload/contract/schemas'
import { exportVerl } from '../verl/export/export-verl'
import { startFakeRayHead, type FakeRayHead } from '../verl/ray/test-support/fake-ray-head'
import { appendVerlStep, consoleLine, primeStepMetrics, rolloutDump, writeVerlRunFolder } from '../verl/test-support/verl-fixtures'
import type { Host } from './host'
import { call, settled, useTestHosts } from './test-hosts'

const makeHost = useTestHosts('prime-verl')
const temporary: string[] = []
let head: FakeRayHead | null = null
afterEach(async () => {
  await head?.close()
  head = null
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  temporary.push(dir)
  return dir
}

function until<T>(events: ApiEvent[], pick: (event: ApiEvent) => T | undefined, timeoutMs = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const look = () => {
      for (const event of events) {
        const found = pick(event)
        if (found !== undefined) return resolve(found)
      }
      if (Date.now() - started > timeoutMs) return reject(new Error('timed out waiting for an event'))
      setTimeout(look, 50)
    }
    look()
  })
}

const metricsOf = (events: ApiEvent[], id: string) => events.flatMap((e) => (e.type === 'run.metrics' && e.runId === id ? [e.row] : []))

describe('imported verl runs', () => {
  it('are listed, read, refused launching and deleted like any run', async () => {
    const { host, workspaceDir } = makeHost()
    const folder = tempDir('verl-out-')
    writeVerlRunFolder(folder, { steps: 6, validateEvery: 3, rolloutSteps: [3] })
    const run = await call<RunSummary>(host, 'runs.importVerl', { name: 'cluster prime', path: folder })
    expect(run).toMatchObject({ state: 'completed', progress: { step: 6, total: 12 }, config: { kind: 'verl', algorithm: 'prime', seed: 7 } })
    expect((await call<RunSummary[]>(host, 'runs.list', {})).map((r) => r.id)).toEqual([run.id])
    const rows = await call<MetricsRow[]>(host, 'runs.metrics', { id: run.id })
    expect(rows.map((r) => r.values['val/acc'])).toEqual([undefined, undefined, 0.23, undefined, undefined, 0.26])
    expect(await call<number[]>(host, 'runs.rolloutSteps', { id: run.id })).toEqual([3])
    expect((await call<RolloutRecord[]>(host, 'runs.rollouts', { id: run.id, step: 3 })).map((r) => r.acc)).toEqual([1, 0, 1, 0])
    await expect(call(host, 'runs.launch', { id: run.id })).rejects.toThrow(/read-only/)
    await call(host, 'runs.delete', { id: run.id })
    expect(readdirSync(join(workspaceDir, 'runs'))).toEqual([])
  })

  it('fails on a bad file naming file and line, and leaves nothing half-imported', async () => {
    const { host, workspaceDir } = makeHost()
    const folder = tempDir('verl-bad-')
    const metrics = writeVerlRunFolder(folder, { steps: 3, rolloutSteps: [1] })
    writeFileSync(join(folder, 'rollouts', '1.jsonl'), `${rolloutDump(1)}{"input": "q"}\n{"input": "q"}\n`)
    await expect(call(host, 'runs.importVerl', { name: 'bad', path: folder })).rejects.toThrow(`${join(folder, 'rollouts', '1.jsonl')}:5: field output`)
    writeFileSync(metrics, '{"step": 1, "data": {}}\n{"step": "two"}\n')
    await expect(call(host, 'runs.importVerl', { name: 'bad', path: folder })).rejects.toThrow(`${metrics}:2: field step: expected a whole number ≥ 0, got "two" [field request.path]`)
    expect(readdirSync(join(workspaceDir, 'runs'))).toEqual([])
  })

  it('follows a folder as it grows: new steps stream live, stopping leaves it completed, and it can be followed again', async () => {
    const { host, events, workspaceDir } = makeHost()
    const folder = tempDir('verl-live-')
    const metrics = writeVerlRunFolder(folder, { steps: 2 })
    const run = await call<RunSummary>(host, 'runs.importVerl', { name: 'live', path: folder, follow: true })
    mkdirSync(join(folder, 'rollouts'))
    expect(run.state).toMatch(/queued|running/)
    await until(events, (e) => (e.type === 'run.status' && e.run.id === run.id && e.run.state === 'running' ? true : undefined))
    appendVerlStep(metrics, 3, 0)
    appendVerlStep(metrics, 4, 0)
    const fourth = await until(events, (e) => (e.type === 'run.metrics' && e.runId === run.id && e.row.step === 4 ? e.row : undefined))
    expect(fourth.values['rollout/acc_before_filter']).toBeCloseTo(primeStepMetrics(4).acc!)
    // Steps 1–2 were written at import; the follower wrote only the new ones.
    expect(metricsOf(events, run.id).map((r) => r.step)).toEqual([3, 4])
    // A rollout dump that appears while following is converted once it holds still.
    writeFileSync(join(folder, 'rollouts', '3.jsonl'), rolloutDump(3))
    await until(events, () => (existsSync(join(workspaceDir, 'runs', run.id, 'rollouts', '3.ndjson')) ? true : undefined))
    expect(await call<number[]>(host, 'runs.rolloutSteps', { id: run.id })).toEqual([3])
    await call(host, 'runs.cancel', { id: run.id })
    expect((await settled(host, run.id)).state).toBe('completed')
    const onDisk = readFileSync(join(workspaceDir, 'runs', run.id, 'metrics.ndjson'), 'utf8').trim().split('\n')
    expect(onDisk.map((line) => (JSON.parse(line) as MetricsRow).step)).toEqual([1, 2, 3, 4])
    appendVerlStep(metrics, 5, 0)
    await call(host, 'runs.launch', { id: run.id })
    await until(events, (e) => (e.type === 'run.metrics' && e.runId === run.id && e.row.step === 5 ? true : undefined))
    await call(host, 'runs.cancel', { id: run.id })
    expect((await settled(host, run.id)).state).toBe('completed')
  })
})

/** What a verl job prints: Ray's driver lines, the config dump, then one console metrics line per step. */
function jobLog(steps: number): string[] {
  return [
    '2026-08-01 10:00:00,000\tINFO job_manager.py:530 -- Runtime env is setting up.',
    "{'actor_rollout_ref': {'actor': {'optim': {'lr': 5e-07}}}, 'trainer': {'logger': ['console', 'file']}}",
    ...Array.from({ length: steps }, (_, i) => `(main_task pid=4242) ${consoleLine(i + 1, { ...primeStepMetrics(i + 1), 'actor/pg_loss': i === 2 ? Number.NaN : -0.01 })}`),
    '(main_task pid=4242) Final validation metrics: {...}',
  ]
}

async function exportComparison(): Promise<string> {
  const out = join(tempDir('verl-export-'), 'export')
  const base = { ...LAPTOP_PRESET, iterations: 6 }
  await exportVerl({
    out,
    runs: [1, 2].flatMap((seed) => (['prime', 'rloo'] as const).map((algorithm) => ({ name: `c · ${algorithm} · seed ${seed}`, config: { ...base, algorithm, seed }, sftCheckpoint: null }))),
    datasetsDir: out,
    model: 'Qwen/Qwen2.5-0.5B-Instruct',
    exportedBy: 'test',
  })
  return out
}

async function submit(host: Host, exportDir: string, address: string, scripts?: string[]): Promise<RunSummary[]> {
  return call<RunSummary[]>(host, 'runs.submitVerl', { exportDir, address, ...(scripts ? { scripts } : {}) })
}

describe('verl on a Ray cluster', () => {
  it('submits an export as one job per script, ships it once, and follows each job to its end', async () => {
    head = await startFakeRayHead({ log: jobLog(6), lineMs: 40 })
    const { host, events, workspaceDir } = makeHost()
    const exportDir = await exportComparison()
    const runs = await submit(host, exportDir, head.address)
    expect(runs.map((r) => r.config.kind === 'verl' && r.config.source.kind === 'ray' && r.config.source.script).sort()).toEqual([
      'run_prime_seed1.sh',
      'run_prime_seed2.sh',
      'run_rloo_seed1.sh',
      'run_rloo_seed2.sh',
    ])
    expect(head.requests.filter((r) => r.startsWith('PUT /api/packages/gcs/_ray_pkg_'))).toHaveLength(1)
    const job = [...head.jobs.values()][0]!
    expect(job.files).toEqual(expect.arrayContaining(['manifest.json', 'data/train.parquet', 'run_prime_seed1.sh']))
    expect(job.runtimeEnv.working_dir).toMatch(/^gcs:\/\/_ray_pkg_[0-9a-f]{32}\.zip$/)
    for (const run of runs) expect((await settled(host, run.id)).state).toBe('completed')
    const prime = runs.find((r) => r.config.kind === 'verl' && r.config.algorithm === 'prime')!
    const rows = await call<MetricsRow[]>(host, 'runs.metrics', { id: prime.id })
    expect(rows.map((r) => r.step)).toEqual([1, 2, 3, 4, 5, 6])
    expect(rows[2]!.values['actor/pg_loss']).toBeUndefined()
    expect(rows[5]!.values['rollout/acc_before_filter']).toBeCloseTo(primeStepMetrics(6).acc!)
    expect(rows[5]!.values['train/wall_time']).toBe(120)
    expect(metricsOf(events, prime.id).map((r) => r.step)).toEqual([1, 2, 3, 4, 5, 6])
    const log = readFileSync(join(workspaceDir, 'runs', prime.id, 'job.log'), 'utf8')
    expect(log).toContain('Final validation metrics')
    expect(existsSync(join(workspaceDir, 'runs', prime.id, 'run.json'))).toBe(true)
  })

  it('stops the job from the run\'s Stop, and records the run as cancelled', async () => {
    head = await startFakeRayHead({ log: jobLog(200), lineMs: 200 })
    const { host, events } = makeHost()
    const exportDir = await exportComparison()
    const [run] = await submit(host, exportDir, head.address, ['run_prime_seed1.sh'])
    await until(events, (e) => (e.type === 'run.metrics' && e.runId === run!.id ? true : undefined))
    await call(host, 'runs.cancel', { id: run!.id })
    expect((await settled(host, run!.id)).state).toBe('cancelled')
    expect([...head.jobs.values()][0]!.status).toBe('STOPPED')
    expect(head.requests).toContain(`POST /api/jobs/${[...head.jobs.keys()][0]}/stop`)
  })

  it('records a job that fails on the cluster as failed, with its message, keeping the steps it logged', async () => {
    head = await startFakeRayHead({ log: jobLog(6), lineMs: 20, failAfterLines: 4 })
    const { host } = makeHost()
    const exportDir = await exportComparison()
    const [run] = await submit(host, exportDir, head.address, ['run_rloo_seed1.sh'])
    const done = await settled(host, run!.id)
    expect(done.state).toBe('failed')
    expect(done.failure?.message).toMatch(/the Ray job failed: Job entrypoint command failed with exit code 1/)
    expect((await call<MetricsRow[]>(host, 'runs.metrics', { id: run!.id })).map((r) => r.step)).toEqual([1, 2])
  })

  it('refuses an address that is not a Ray dashboard, naming it, and records nothing', async () => {
    const { host, workspaceDir } = makeHost()
    const exportDir = await exportComparison()
    await expect(submit(host, exportDir, 'http://127.0.0.1:9')).rejects.toThrow(/cannot reach the Ray dashboard at http:\/\/127\.0\.0\.1:9.*\[field request\.address\]/)
    expect(readdirSync(join(workspaceDir, 'runs'))).toEqual([])
  })
})
