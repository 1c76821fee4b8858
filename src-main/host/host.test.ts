// The host's services through the one dispatch gate, with real trainer processes and a real workspace folder.
import { appendFileSync, mkdirSync, writeFileSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import type { RunSummary } from '../../src-preload/contract/schemas'
import { LAPTOP_PRESET } from '../../src-preload/contract/rl-config'
import { RunFiles } from '../trainer/run-files'
import type { Host } from './host'
import { MetricsReader } from './metrics-reader'
import { call, useTestHosts } from './test-hosts'

const makeHost = useTestHosts('prime-host')

function waitForState(host: Host, id: string, states: RunSummary['state'][]): Promise<RunSummary> {
  return new Promise((resolve) => {
    const check = (run: RunSummary) => states.includes(run.state) && (unsubscribe(), resolve(run))
    const unsubscribe = host.bus.subscribe(({ event }) => event.type === 'run.status' && event.run.id === id && check(event.run))
    check(host.runs.get(id))
  })
}

async function until<T>(probe: () => T | null | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

const smoke = (steps: number, stepDelayMs = 0) => ({ kind: 'engine-smoke', steps, matrixSize: 8, stepDelayMs })

describe('host API', () => {
  it('answers a bad call with an error naming the field, and an unknown method by name', async () => {
    const { host } = makeHost()
    expect(await host.dispatch('runs.create', { name: '', config: smoke(1) })).toMatchObject({
      ok: false,
      error: { field: 'request.name' },
    })
    expect(await host.dispatch('shell.exec', {})).toMatchObject({ ok: false, error: { field: 'method', message: expect.stringMatching(/shell\.exec/) } })
    expect(await host.dispatch('runs.get', { id: 'run-missing' })).toMatchObject({ ok: false, error: { message: 'no run with id run-missing' } })
  })

  it('creates, launches and completes a run, streaming progress and metrics, and keeps it across restarts', async () => {
    const { host, events, workspaceDir } = makeHost()
    const run = await call<RunSummary>(host, 'runs.create', { name: 'smoke', config: smoke(4) })
    expect(run.state).toBe('created')
    await call(host, 'runs.launch', { id: run.id })
    const done = await waitForState(host, run.id, ['completed', 'failed', 'crashed'])
    expect(done.state).toBe('completed')
    expect(events.filter((e) => e.type === 'run.metrics')).toHaveLength(4)
    expect(events.some((e) => e.type === 'run.progress' && e.step === 4 && e.total === 4)).toBe(true)
    const metrics = await call<{ step: number }[]>(host, 'runs.metrics', { id: run.id, sinceStep: 3 })
    expect(metrics.map((m) => m.step)).toEqual([3, 4])
    const some = await call<{ step: number }[]>(host, 'runs.metrics', { id: run.id, sinceStep: 2, untilStep: 3 })
    expect(some.map((m) => m.step)).toEqual([2, 3])

    host.dispose()
    const { host: reopened } = makeHost(workspaceDir)
    const again = await call<RunSummary>(reopened, 'runs.get', { id: run.id })
    expect(again).toMatchObject({ state: 'completed', progress: { step: 4, total: 4 } })
  })

  it('makes the metric columns of the runs it finds at start before any view asks, and stops when disposed', async () => {
    const { host, workspaceDir } = makeHost()
    const run = await call<RunSummary>(host, 'runs.create', { name: 'logged', config: smoke(2) })
    const files = new RunFiles(join(workspaceDir, 'runs', run.id))
    for (const step of [1, 2]) files.appendMetrics({ step, time: 100 + step, values: { step_ms: step } })
    host.dispose()
    const made = vi.spyOn(MetricsReader.prototype, 'iterations')
    try {
      makeHost(workspaceDir).host.dispose()
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(made).not.toHaveBeenCalled()
      makeHost(workspaceDir)
      await until(() => made.mock.calls.length > 0)
      expect(made.mock.calls).toEqual([[join(workspaceDir, 'runs', run.id, 'metrics.ndjson')]])
    } finally {
      made.mockRestore()
    }
  })

  it('lists the runs it finds at start from their metrics files’ last lines, and adds the lines a file had to skip once it is read', async () => {
    const { host, workspaceDir } = makeHost()
    const run = await call<RunSummary>(host, 'runs.create', { name: 'logged', config: smoke(3) })
    const files = new RunFiles(join(workspaceDir, 'runs', run.id))
    for (const step of [1, 2]) files.appendMetrics({ step, time: 100 + step, values: { step_ms: step } })
    appendFileSync(join(workspaceDir, 'runs', run.id, 'metrics.ndjson'), '{"step": 3, "ti\n')
    files.appendMetrics({ step: 3, time: 103, values: { step_ms: 3 } })
    host.dispose()
    const read = vi.spyOn(MetricsReader.prototype, 'read')
    try {
      const { host: reopened, events } = makeHost(workspaceDir)
      // Found, and summarised, without reading its metrics.
      expect(read).not.toHaveBeenCalled()
      expect(reopened.runs.list()).toEqual([expect.objectContaining({ id: run.id, progress: expect.objectContaining({ step: 3 }), warnings: [] })])
      // Read in the background: the skipped line reaches the summary, and every client hears of it.
      const told = await until(() => events.find((e) => e.type === 'run.status' && e.run.id === run.id && e.run.warnings.length > 0))
      const skipped = expect.stringMatching(/metrics\.ndjson:3: not valid JSON .*; line skipped$/)
      expect(told).toMatchObject({ run: { warnings: [skipped] } })
      expect(reopened.runs.get(run.id).warnings).toEqual([skipped])
    } finally {
      read.mockRestore()
    }
  })

  it('queues runs beyond the concurrency limit and starts them as others finish', async () => {
    const { host } = makeHost()
    await call(host, 'settings.update', { maxConcurrentRuns: 1 })
    const a = await call<RunSummary>(host, 'runs.create', { name: 'a', config: smoke(3) })
    const b = await call<RunSummary>(host, 'runs.create', { name: 'b', config: smoke(3) })
    await call(host, 'runs.launch', { id: a.id })
    const queued = await call<RunSummary>(host, 'runs.launch', { id: b.id })
    expect(queued.state).toBe('queued')
    expect((await waitForState(host, b.id, ['completed'])).state).toBe('completed')
    expect(host.runs.get(a.id).state).toBe('completed')
  })

  it('records a killed trainer as crashed, in the API and in the run folder', async () => {
    const { host, workspaceDir } = makeHost()
    const run = await call<RunSummary>(host, 'runs.create', { name: 'doomed', config: smoke(100_000, 5) })
    await call(host, 'runs.launch', { id: run.id })
    const running = await new Promise<RunSummary>((resolve) =>
      host.bus.subscribe(({ event }) => event.type === 'run.metrics' && resolve(host.runs.get(run.id))),
    )
    process.kill(running.pid ?? 0, 'SIGKILL')
    const crashed = await waitForState(host, run.id, ['crashed'])
    expect(crashed.failure).toMatchObject({ signal: 'SIGKILL', message: expect.stringMatching(/killed by SIGKILL/) })
    expect(crashed.failure?.lastLogLines.join('\n')).toMatch(/ONNX Runtime session/)
    const logs = await call<string[]>(host, 'runs.logs', { id: run.id, tail: 50 })
    expect(logs.join('\n')).toMatch(/crashed: the trainer process killed by SIGKILL/)
    const events = readFileSync(join(workspaceDir, 'runs', run.id, 'events.ndjson'), 'utf8')
    expect(events).toMatch(/"event":"crashed"/)
  })

  it('cancels a queued run at once and a running run within a step', async () => {
    const { host } = makeHost()
    await call(host, 'settings.update', { maxConcurrentRuns: 1 })
    const a = await call<RunSummary>(host, 'runs.create', { name: 'long', config: smoke(100_000, 5) })
    const b = await call<RunSummary>(host, 'runs.create', { name: 'waiting', config: smoke(3) })
    await call(host, 'runs.launch', { id: a.id })
    await call(host, 'runs.launch', { id: b.id })
    expect((await call<RunSummary>(host, 'runs.cancel', { id: b.id })).state).toBe('cancelled')
    await waitForState(host, a.id, ['running'])
    await new Promise((resolve) => host.bus.subscribe(({ event }) => event.type === 'run.metrics' && resolve(null)))
    await call(host, 'runs.cancel', { id: a.id })
    expect((await waitForState(host, a.id, ['cancelled'])).failure).toBeNull()
    expect(await host.dispatch('runs.pause', { id: a.id })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/cancelled/) } })
  })
})

describe('comparisons', () => {
  it('creates one run per algorithm and seed from one base config, differing only in those', async () => {
    const { host } = makeHost()
    const runs = await call<RunSummary[]>(host, 'runs.createComparison', {
      name: 'prime vs rloo',
      base: LAPTOP_PRESET,
      algorithms: ['prime', 'rloo'],
      seeds: [1, 2],
      launch: false,
    })
    expect(runs.map((r) => r.name)).toEqual(['prime vs rloo · prime · seed 1', 'prime vs rloo · rloo · seed 1', 'prime vs rloo · prime · seed 2', 'prime vs rloo · rloo · seed 2'])
    for (const run of runs) {
      if (run.config.kind !== 'rl') throw new Error('expected RL runs')
      expect({ ...run.config, algorithm: LAPTOP_PRESET.algorithm, seed: LAPTOP_PRESET.seed }).toEqual(LAPTOP_PRESET)
      expect(run.state).toBe('created')
    }
    expect(await host.dispatch('runs.createComparison', { name: 'x', base: LAPTOP_PRESET, algorithms: ['ppo'], seeds: [1] })).toMatchObject({
      ok: false,
      error: { field: 'request.algorithms[0]' },
    })
  })
})

describe('sweeps', () => {
  it('creates one run per cell of the grid and seed, each recording the sweep, named by its cell', async () => {
    const { host, workspaceDir } = makeHost()
    const runs = await call<RunSummary[]>(host, 'runs.createSweep', {
      name: 'beta × lr',
      base: LAPTOP_PRESET,
      axes: [
        { path: 'prm.beta', values: [0.05, 0.1] },
        { path: 'policy.lr', values: [0.0001, 0.0003] },
      ],
      seeds: [1, 2],
      launch: false,
    })
    expect(runs.map((r) => r.name)).toEqual([
      'beta × lr · prm.beta=0.05 · policy.lr=0.0001 · seed 1',
      'beta × lr · prm.beta=0.05 · policy.lr=0.0003 · seed 1',
      'beta × lr · prm.beta=0.1 · policy.lr=0.0001 · seed 1',
      'beta × lr · prm.beta=0.1 · policy.lr=0.0003 · seed 1',
      'beta × lr · prm.beta=0.05 · policy.lr=0.0001 · seed 2',
      'beta × lr · prm.beta=0.05 · policy.lr=0.0003 · seed 2',
      'beta × lr · prm.beta=0.1 · policy.lr=0.0001 · seed 2',
      'beta × lr · prm.beta=0.1 · policy.lr=0.0003 · seed 2',
    ])
    const sweepIds = new Set(runs.map((r) => r.sweep?.id))
    expect(sweepIds.size).toBe(1)
    expect(runs[0]!.sweep).toMatchObject({ name: 'beta × lr', settings: ['prm.beta', 'policy.lr'] })
    const third = runs[2]!.config
    if (third.kind !== 'rl') throw new Error('expected an RL run')
    expect({ beta: third.prm.beta, lr: third.policy.lr, seed: third.seed }).toEqual({ beta: 0.1, lr: 0.0001, seed: 1 })
    // The sweep survives a restart: it is in each run.json.
    host.dispose()
    const { host: reopened } = makeHost(workspaceDir)
    expect((await call<RunSummary>(reopened, 'runs.get', { id: runs[5]!.id })).sweep).toEqual(runs[5]!.sweep)
  })

  it('refuses a grid naming an unknown setting, or a cell the schema refuses, writing nothing', async () => {
    const { host, workspaceDir } = makeHost()
    const base = { name: 'bad', base: LAPTOP_PRESET, seeds: [1], launch: false }
    expect(await host.dispatch('runs.createSweep', { ...base, axes: [{ path: 'prm.betta', values: [0.1] }] })).toMatchObject({
      ok: false,
      error: { field: 'request.axes[0].path', message: 'unknown setting prm.betta — did you mean prm.beta?' },
    })
    expect(await host.dispatch('runs.createSweep', { ...base, axes: [{ path: 'policy.miniBatches', values: [2, 3] }] })).toMatchObject({
      ok: false,
      error: { field: 'request.axes[0].values[1]', message: expect.stringMatching(/policy\.miniBatches=3: policy\.miniBatches: .*multiple of policy\.miniBatches/) },
    })
    expect(await host.dispatch('runs.createSweep', { ...base, axes: [{ path: 'seed', values: [1, 2] }] })).toMatchObject({ ok: false, error: { field: 'request.axes[0].path' } })
    expect(readdirSync(join(workspaceDir, 'runs'))).toEqual([])
  })

  it('makes a repeated run name unique, so that run pickers never show two identical entries', async () => {
    const { host } = makeHost()
    const first = await call<RunSummary>(host, 'runs.create', { name: 'laptop prime seed 1', config: smoke(1) })
    const second = await call<RunSummary>(host, 'runs.create', { name: 'laptop prime seed 1', config: smoke(1) })
    const third = await call<RunSummary>(host, 'runs.create', { name: 'laptop prime seed 1', config: smoke(1) })
    expect([first.name, second.name, third.name]).toEqual(['laptop prime seed 1', 'laptop prime seed 1 (2)', 'laptop prime seed 1 (3)'])
  })

  it('gives every run’s figures of the metrics asked for, and the names of every metric logged', async () => {
    const { host } = makeHost()
    const run = await call<RunSummary>(host, 'runs.create', { name: 'smoke', config: smoke(3) })
    await call(host, 'runs.launch', { id: run.id })
    await waitForState(host, run.id, ['completed'])
    const names = await call<string[]>(host, 'runs.metricNames', {})
    expect(names).toContain('step_ms')
    const figures = await call<Record<string, Record<string, { final: number | null; finalIteration: number | null }>>>(host, 'runs.figures', { metrics: ['step_ms', 'val/acc'] })
    const rows = await call<{ step: number; values: Record<string, number> }[]>(host, 'runs.metrics', { id: run.id, sinceStep: 0 })
    expect(figures[run.id]!.step_ms).toMatchObject({ final: rows.at(-1)!.values.step_ms, finalIteration: 3 })
    expect(figures[run.id]!['val/acc']).toMatchObject({ final: null, finalIteration: null })
  })
})

describe('runs made elsewhere', () => {
  it('follows a run folder copied into the workspace file by file, without a restart', async () => {
    const { host, events, workspaceDir } = makeHost()
    const dir = join(workspaceDir, 'runs', 'run-copied')
    mkdirSync(dir)
    // The copy writes run.json first; the host must not freeze the run as it saw it then.
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ id: 'run-copied', name: 'copied', config: smoke(2), createdAt: '2026-01-01T00:00:00.000Z' }))
    const appeared = await until(() => host.runs.list().find((r) => r.id === 'run-copied'))
    expect(appeared.state).toBe('created')
    expect(events.some((e) => e.type === 'runs.changed')).toBe(true)
    const time = '2026-01-01T00:00:01.000Z'
    writeFileSync(join(dir, 'metrics.ndjson'), `${JSON.stringify({ step: 1, time: 1, values: { step_ms: 1 } })}\n${JSON.stringify({ step: 2, time: 2, values: { step_ms: 2 } })}\n`)
    writeFileSync(join(dir, 'events.ndjson'), `${JSON.stringify({ time, event: 'started' })}\n${JSON.stringify({ time, event: 'completed' })}\n`)
    const status = await until(() => events.find((e) => e.type === 'run.status' && e.run.id === 'run-copied' && e.run.state === 'completed'))
    expect(status).toMatchObject({ run: { progress: { step: 2, total: 2 } } })
  })
})

describe('datasets', () => {
  it('imports a GSM8K-style file with a seeded split, pages its rows and deletes it', async () => {
    const { host, workspaceDir, events } = makeHost()
    const file = join(workspaceDir, 'gsm8k.jsonl')
    const lines = Array.from({ length: 10 }, (_, i) => JSON.stringify({ question: `What is ${i} + ${i}?`, answer: `${i} + ${i} = ${2 * i}\n#### ${2 * i}` }))
    writeFileSync(file, [...lines, lines[0]].join('\n'))
    const ds = await call<{ id: string; rows: number; format: string; duplicatesRemoved: number; splits: Record<string, number> }>(host, 'datasets.import', {
      name: 'tiny',
      path: file,
      splits: { validation: 0.2, test: 0.1, seed: 1 },
    })
    expect(ds).toMatchObject({ rows: 10, format: 'gsm8k', duplicatesRemoved: 1, splits: { train: 7, validation: 2, test: 1 } })
    expect(events.some((e) => e.type === 'dataset.progress' && e.bytesRead === e.totalBytes)).toBe(true)
    const page = await call<{ total: number; rows: { prompt: string; reference: string; verifier: string }[] }>(host, 'datasets.rows', { id: ds.id, offset: 1, limit: 2 })
    expect(page.total).toBe(10)
    expect(page.rows[0]).toMatchObject({ prompt: 'What is 1 + 1?', reference: '2', verifier: 'math' })
    await call(host, 'datasets.delete', { id: ds.id })
    expect(await call<unknown[]>(host, 'datasets.list', {})).toEqual([])
  })

  it('rejects a malformed line naming file, line and field, leaving nothing behind', async () => {
    const { host, workspaceDir } = makeHost()
    const file = join(workspaceDir, 'bad.jsonl')
    writeFileSync(file, `${JSON.stringify({ question: 'q', answer: 'a #### 1' })}\n{"question":\n`)
    const reply = await host.dispatch('datasets.import', { name: 'bad', path: file })
    expect(reply).toMatchObject({ ok: false, error: { message: expect.stringMatching(/bad\.jsonl: line 2/) } })
    const mapped = await host.dispatch('datasets.import', { name: 'bad', path: file, mapping: { prompt: 'q' } })
    expect(mapped).toMatchObject({ ok: false, error: { field: 'request.mapping.answer' } })
    expect(readdirSync(join(workspaceDir, 'datasets'))).toEqual([])
  })
})

describe('reports', () => {
  it('exports metrics of a finished run as CSV with one column per metric', async () => {
    const { host } = makeHost()
    const run = await call<RunSummary>(host, 'runs.create', { name: 'for "report", please', config: smoke(2) })
    await call(host, 'runs.launch', { id: run.id })
    await waitForState(host, run.id, ['completed'])
    const report = await call<{ path: string; content: string }>(host, 'reports.export', { runIds: [run.id], format: 'csv' })
    const [header, ...rows] = report.content.trim().split('\n')
    expect(header).toBe('run_id,run_name,step,time,gflops,output_mean,step_ms')
    expect(rows).toHaveLength(2)
    expect(rows[0]).toContain(`${run.id},"for ""report"", please",1,`)
    expect(readFileSync(report.path, 'utf8')).toBe(report.content)
  })
})
