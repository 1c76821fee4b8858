// One trainer per run, whoever starts it: the CLI (a real process, as a user runs it), the app's host (a host in
// this process) and a second host on the same workspace. Covers a trainer outliving a killed CLI (metrics
// 1,2,3,4,5,4,5 when it was resumed meanwhile), two hosts launching one run at once, the app and the CLI seeing
// each other's runs as running (not crashed) and refusing to start them again, and locks left by dead processes.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { LAPTOP_PRESET, type RlConfig } from '../../src-preload/contract/rl-config'
import type { MetricsRow, RunSummary } from '../../src-preload/contract/schemas'
import { isProcessAlive, processStartTime } from '../storage/process-lock'
import { createHost, type Host } from './host'
import { forkSourceTrainer } from './source-trainer'
import { call, settled } from './test-hosts'

const execFileAsync = promisify(execFile)
const CLI = resolve(import.meta.dirname, '../cli/main.ts')
const workspace = mkdtempSync(join(tmpdir(), 'prime-ownership-'))
const hosts: Host[] = []
const children: ChildProcess[] = []
const pids: number[] = []

afterEach(() => {
  for (const host of hosts.splice(0)) host.dispose()
  for (const child of children.splice(0)) child.kill('SIGKILL')
  for (const pid of pids.splice(0)) if (isProcessAlive(pid)) process.kill(pid, 'SIGKILL')
})
afterAll(() => rmSync(workspace, { recursive: true, force: true }))

function openHost(): Host {
  const host = createHost({
    workspaceDir: workspace,
    spawnTrainer: forkSourceTrainer,
    appInfo: { name: 'prime-workbench', version: 'test', mode: 'browser', versions: { node: process.versions.node, electron: null, chrome: null } },
  })
  hosts.push(host)
  return host
}

/** A CLI command to its end. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, ['--import', 'tsx', CLI, ...args, '--workspace', workspace], { timeout: 60_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

/** A long CLI command left running (e.g. `run`), for the test to kill. */
function startCli(...args: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args, '--workspace', workspace], { stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  return child
}

async function until<T>(what: string, probe: () => T | null | undefined | false, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** The processes whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return []
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid ? [Number(entry)] : []
    } catch {
      return []
    }
  })
}

const runsDir = join(workspace, 'runs')
mkdirSync(runsDir)
const newRunId = (before: string[]) => until('the run folder', () => readdirSync(runsDir).find((id) => !before.includes(id) && existsSync(join(runsDir, id, 'run.json'))))
const metricSteps = (id: string) =>
  existsSync(join(runsDir, id, 'metrics.ndjson'))
    ? readFileSync(join(runsDir, id, 'metrics.ndjson'), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as MetricsRow).step)
    : []
const events = (id: string) => readFileSync(join(runsDir, id, 'events.ndjson'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { event: string; message?: string })

const rl: RlConfig = {
  ...LAPTOP_PRESET,
  iterations: 5,
  task: { kind: 'builtin', name: 'arith-chain', level: 1, validationSize: 8, testSize: 8, misconception: 0 },
  sft: { seed: 3, steps: 20, batchSize: 8, lr: 3e-3 },
  rollout: { ...LAPTOP_PRESET.rollout, promptsPerIteration: 2, samplesPerPrompt: 4, maxResponseTokens: 40 },
  policy: { ...LAPTOP_PRESET.policy, miniBatches: 1 },
  logging: { validateEvery: 5, checkpointEvery: 2, rolloutSamples: 0, heldOutPrmPrompts: 4 },
}
const slowSmoke = { kind: 'engine-smoke', steps: 100_000, matrixSize: 8, stepDelayMs: 50 }

describe('one trainer per run', { timeout: 180_000 }, () => {
  it('a trainer stops when the CLI that started it is killed, and the run reads as crashed', async () => {
    const config = join(workspace, 'slow-smoke.json')
    writeFileSync(config, JSON.stringify(slowSmoke))
    const before = readdirSync(runsDir)
    const run = startCli('run', config, '--name', 'orphan')
    const id = await newRunId(before)
    await until('metrics', () => metricSteps(id).length > 0)
    const [trainer] = childrenOf(run.pid!)
    expect(trainer).toBeGreaterThan(0)
    pids.push(trainer!)
    run.kill('SIGKILL')
    await until('the trainer to stop', () => !isProcessAlive(trainer!), 15_000)
    expect(events(id).at(-1)).toMatchObject({ event: 'crashed', message: `stopped: the process that started this trainer (pid ${run.pid}) is gone` })
    expect((await cli('ls')).stdout).toMatch(new RegExp(`${id}\\s+orphan\\s+engine-smoke\\s+crashed`))
  })

  it('resuming a run whose CLI was killed never runs two trainers on it (no 1,2,3,4,5,4,5)', async () => {
    const config = join(workspace, 'rl.json')
    writeFileSync(config, JSON.stringify(rl))
    const before = readdirSync(runsDir)
    const run = startCli('run', config, '--name', 'resumed after kill')
    const id = await newRunId(before)
    await until('iteration 2', () => metricSteps(id).includes(2), 120_000)
    run.kill('SIGKILL')
    // At once, as a user would: refused while the old trainer is still finishing its step, then accepted.
    let resumed = await cli('resume', id)
    const refusals: string[] = []
    while (resumed.code === 2 && /is already being trained|being trained by process/.test(resumed.stderr)) {
      refusals.push(resumed.stderr)
      resumed = await cli('resume', id)
    }
    expect(resumed, resumed.stderr).toMatchObject({ code: 0 })
    // Two SFT progress rows and the starting model's validation (step 0), then each iteration once.
    expect(metricSteps(id)).toEqual([0, 0, 0, 1, 2, 3, 4, 5])
    expect(events(id).filter((e) => e.event === 'completed')).toHaveLength(1)
  })

  it('two hosts launching one run at once start one trainer; the other host shows it trained elsewhere', async () => {
    const a = openHost()
    const created = await call<RunSummary>(a, 'runs.create', { name: 'race', config: { ...slowSmoke, steps: 30, stepDelayMs: 20 } })
    const b = openHost()
    expect(b.runs.get(created.id).state).toBe('created')
    const launches = await Promise.all([a.dispatch('runs.launch', { id: created.id }), b.dispatch('runs.launch', { id: created.id })])
    expect(launches.filter((reply) => reply.ok).length).toBeGreaterThanOrEqual(1)
    await until('both hosts to see the run finish', () => [a, b].every((h) => h.runs.get(created.id).state === 'completed'), 60_000)
    expect(metricSteps(created.id)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1))
    expect(events(created.id).filter((e) => e.event === 'started')).toHaveLength(1)
  })

  it('while the app trains a run, the CLI lists it as running elsewhere and refuses to resume it', async () => {
    const app = openHost()
    const created = await call<RunSummary>(app, 'runs.create', { name: 'app run', config: { ...rl, iterations: 200 } })
    await call(app, 'runs.launch', { id: created.id })
    await until('iteration 1', () => metricSteps(created.id).includes(1), 120_000)
    const trainerPid = app.runs.get(created.id).pid!
    const ls = await cli('ls')
    expect(ls.stdout).toMatch(new RegExp(`${created.id}\\s+app run\\s+prime\\s+running \\(pid ${trainerPid}, elsewhere\\)`))
    expect((await cli('show', created.id)).stdout).toContain(`trained by process ${trainerPid} on ${hostname()}`)
    const resume = await cli('resume', created.id)
    expect(resume.code).toBe(2)
    expect(resume.stderr).toContain(`cannot launch run ${created.id}: it is being trained by process ${trainerPid}`)
    await call(app, 'runs.cancel', { id: created.id })
    expect((await settled(app, created.id)).state).toBe('cancelled')
    expect(events(created.id).filter((e) => e.event === 'started')).toHaveLength(1)
  })

  it('a lock left by a dead process, or by a pid now reused, is taken over; a live one is respected', async () => {
    const host = openHost()
    const created = await call<RunSummary>(host, 'runs.create', { name: 'locked', config: { ...slowSmoke, steps: 3, stepDelayMs: 0 } })
    const lock = join(runsDir, created.id, 'trainer.lock')
    const write = (pid: number, processStart: string | null) => writeFileSync(lock, JSON.stringify({ pid, hostname: hostname(), processStart, since: '2026-01-01T00:00:00.000Z' }))

    // Held by a live process: shown as trained there, and launching it is refused.
    const sleeper = spawn('sleep', ['60'])
    children.push(sleeper)
    await until('sleep to start', () => processStartTime(sleeper.pid!))
    write(sleeper.pid!, processStartTime(sleeper.pid!))
    const other = openHost()
    expect(other.runs.get(created.id)).toMatchObject({ state: 'running', trainedElsewhere: { pid: sleeper.pid } })
    expect(await other.dispatch('runs.launch', { id: created.id })).toMatchObject({ ok: false, error: { message: expect.stringContaining(`being trained by process ${sleeper.pid}`) } })

    // The same pid, but a process started at another time (the pid was reused): stale.
    write(sleeper.pid!, 'another start')
    expect(other.runs.get(created.id)).toMatchObject({ state: 'created', trainedElsewhere: null })

    // A pid that no longer runs: stale; the new trainer takes the lock over and says so.
    const gone = spawn(process.execPath, ['-e', '0'])
    await new Promise((r) => gone.on('exit', r))
    write(gone.pid!, null)
    expect((await cli('ls')).stdout).toMatch(new RegExp(`${created.id}\\s+locked\\s+engine-smoke\\s+created`))
    await call(other, 'runs.launch', { id: created.id })
    expect((await settled(other, created.id)).state).toBe('completed')
    expect(other.runs.logs(created.id, 100).join('\n')).toContain(`took over the run's lock from a trainer that is gone: process ${gone.pid} is not running`)
    expect(existsSync(lock)).toBe(false)
  })
})
