// A workspace as crashes, full disks and stray edits leave it, opened the way users open it (the CLI as a real
// process, hosts as the app builds them): a bad line in metrics.ndjson, an empty settings.json, a host killed while
// writing settings or creating a run, leftovers of writers that are gone (and of one that is not), a full disk,
// and `init` pointed at a folder that holds something.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { MetricsRow, RunSummary } from '../../src-preload/contract/schemas'
import { processStartTime } from '../storage/process-lock'
import { call, settled, useTestHosts } from './test-hosts'

const execFileAsync = promisify(execFile)
const CLI = resolve(import.meta.dirname, '../cli/main.ts')
const HOST = resolve(import.meta.dirname, 'host.ts')
const makeHost = useTestHosts('prime-damaged')
const scratch = mkdtempSync(join(tmpdir(), 'prime-damaged-scratch-'))
const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
})
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

interface Result {
  code: number
  signal: string | null
  stdout: string
  stderr: string
}

async function node(args: string[], env: NodeJS.ProcessEnv = process.env, prefix: string[] = []): Promise<Result> {
  const [file, ...rest] = prefix.length ? [...prefix, process.execPath] : [process.execPath]
  try {
    const { stdout, stderr } = await execFileAsync(file!, [...rest, '--import', 'tsx', ...args], { env, timeout: 60_000 })
    return { code: 0, signal: null, stdout, stderr }
  } catch (error) {
    const e = error as { code: number | null; signal: string | null; stdout: string; stderr: string }
    return { code: e.code ?? -1, signal: e.signal, stdout: e.stdout, stderr: e.stderr }
  }
}

const cli = (workspace: string, ...args: string[]) => node([CLI, ...args, '--workspace', workspace])

/** A host in its own process (as the app's main process is) that updates one setting and exits. */
function updateSettingsInAnotherProcess(workspace: string, patch: object, env: NodeJS.ProcessEnv = process.env): Promise<Result> {
  const script = `
    const { createHost } = await import(${JSON.stringify(HOST)})
    const host = createHost({ workspaceDir: ${JSON.stringify(workspace)}, spawnTrainer: () => { throw new Error('no trainers') },
      appInfo: { name: 'x', version: 'x', mode: 'browser', versions: { node: '', electron: null, chrome: null } } })
    const reply = await host.dispatch('settings.update', ${JSON.stringify(patch)})
    if (!reply.ok) throw new Error(reply.error.message)
    host.dispose()`
  return node(['--input-type=module', '-e', script], env)
}

/** A live process that is not a host or trainer, with its lock-file identity. */
async function liveProcess(): Promise<{ pid: number; processStart: string }> {
  const sleeper = spawn('sleep', ['60'])
  children.push(sleeper)
  for (;;) {
    const processStart = processStartTime(sleeper.pid!)
    if (processStart) return { pid: sleeper.pid!, processStart }
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** A pid that no longer runs. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'])
  await new Promise((r) => child.on('exit', r))
  return child.pid!
}

const smoke = (steps: number) => ({ kind: 'engine-smoke', steps, matrixSize: 8, stepDelayMs: 0 })

describe('a damaged workspace', { timeout: 120_000 }, () => {
  it('one bad line in metrics.ndjson is skipped and named; the run stays listed and shown', async () => {
    const { host, workspaceDir } = makeHost()
    const created = await call<RunSummary>(host, 'runs.create', { name: 'bad line', config: smoke(4) })
    await call(host, 'runs.launch', { id: created.id })
    expect((await settled(host, created.id)).state).toBe('completed')
    const metricsFile = join(workspaceDir, 'runs', created.id, 'metrics.ndjson')
    const lines = readFileSync(metricsFile, 'utf8').split('\n')
    lines.splice(2, 0, '{"step": 3, "time": 17000') // a line cut short in the middle of the file
    writeFileSync(metricsFile, lines.join('\n'))

    const reopened = makeHost(workspaceDir).host
    const run = reopened.runs.get(created.id)
    expect(run.state).toBe('completed')
    expect(run.warnings).toEqual([expect.stringMatching(new RegExp(`^${metricsFile}:3: not valid JSON .*; line skipped$`))])
    expect((await call<MetricsRow[]>(reopened, 'runs.metrics', { id: created.id, sinceStep: 0 })).map((r) => r.step)).toEqual([1, 2, 3, 4])
    const shown = await cli(workspaceDir, 'show', created.id)
    expect(shown.stdout).toMatch(/state: completed, 4\/4/)
    expect(shown.stdout).toContain(`warning: ${metricsFile}:3: not valid JSON`)
    expect((await cli(workspaceDir, 'ls')).stdout).toMatch(new RegExp(`${created.id}\\s+bad line\\s+engine-smoke\\s+completed`))
  })

  it('settings survive a host killed while writing them, and an unreadable settings.json is named', async () => {
    const workspace = join(scratch, 'settings')
    expect((await updateSettingsInAnotherProcess(workspace, { maxConcurrentRuns: 3 })).code).toBe(0)
    const killed = await updateSettingsInAnotherProcess(workspace, { maxConcurrentRuns: 5 }, { ...process.env, PRIME_WORKBENCH_KILL_AT: 'settings.json@partial' })
    expect(killed.signal).toBe('SIGKILL')
    expect(JSON.parse(readFileSync(join(workspace, 'settings.json'), 'utf8'))).toMatchObject({ maxConcurrentRuns: 3 })
    expect((await cli(workspace, 'ls')).code).toBe(0)

    writeFileSync(join(workspace, 'settings.json'), '')
    const failed = await cli(workspace, 'ls')
    expect(failed.code).toBe(2)
    expect(failed.stderr).toContain(`${join(workspace, 'settings.json')}: not valid JSON`)
  })

  it('cleans what gone writers left at the next start, says what it cleaned, and keeps what live ones hold', async () => {
    const workspace = join(scratch, 'leftovers')
    // A CLI killed while creating its run leaves a run folder without a complete run.json.
    const config = join(scratch, 'smoke.json')
    writeFileSync(config, JSON.stringify(smoke(2)))
    const killed = await node([CLI, 'run', config, '--workspace', workspace], { ...process.env, PRIME_WORKBENCH_KILL_AT: 'run.json@partial' })
    expect(killed.signal).toBe('SIGKILL')
    const [halfCreated] = readdirSync(join(workspace, 'runs'))
    // A run created on a full disk by an older version: an empty run.json and nothing else.
    const emptyRun = join(workspace, 'runs', 'run-empty')
    mkdirSync(emptyRun)
    writeFileSync(join(emptyRun, 'run.json'), '')
    // A complete run with the temporaries of a checkpoint write whose trainer died.
    const run = join(workspace, 'runs', 'run-kept')
    mkdirSync(join(run, 'checkpoints', `.iter-000002.tmp-${await deadPid()}-ab12`, 'policy'), { recursive: true })
    writeFileSync(join(run, 'run.json'), JSON.stringify({ id: 'run-kept', name: 'kept', config: smoke(2), createdAt: '2026-01-01T00:00:00.000Z' }))
    writeFileSync(join(run, 'checkpoints', `.latest.json.tmp-${await deadPid()}-cd34`), '{"checkpoi')
    // A checkpoint folder moved aside mid-swap: its replacement never arrived, so it is put back.
    mkdirSync(join(run, 'checkpoints', `.iter-000004.old-${await deadPid()}-ef56`))
    // A run whose trainer is alive: its temporaries are in use.
    const live = await liveProcess()
    const busyRun = join(workspace, 'runs', 'run-busy')
    mkdirSync(busyRun)
    writeFileSync(join(busyRun, 'run.json'), JSON.stringify({ id: 'run-busy', name: 'busy', config: smoke(2), createdAt: '2026-01-01T00:00:00.000Z' }))
    writeFileSync(join(busyRun, 'trainer.lock'), JSON.stringify({ pid: live.pid, hostname: hostname(), processStart: live.processStart, since: '2026-01-01T00:00:00.000Z' }))
    writeFileSync(join(busyRun, `.metrics.ndjson.tmp-${await deadPid()}-0011`), '')
    // Datasets: an import, a generation and an upload that did not finish.
    const datasets = join(workspace, 'datasets')
    for (const leftover of ['.importing-gsm8k-1a2b3c4d', '.generating-gen-1', '.uploads/up-1']) mkdirSync(join(datasets, leftover), { recursive: true })

    const listed = await cli(workspace, 'ls')
    expect(listed.code).toBe(0)
    expect(readdirSync(join(workspace, 'runs')).sort()).toEqual(['run-busy', 'run-kept'])
    expect(readdirSync(join(run, 'checkpoints'))).toEqual(['iter-000004'])
    expect(readdirSync(busyRun).map((name) => name.replace(/tmp-.*/, 'tmp-…')).sort()).toEqual(['.metrics.ndjson.tmp-…', 'run.json', 'trainer.lock'])
    expect(readdirSync(datasets)).toEqual([])
    for (const what of [halfCreated!, 'run-empty', '.iter-000002.tmp-', '.latest.json.tmp-', '.importing-gsm8k', '.generating-gen-1', '.uploads']) {
      expect(listed.stderr, what).toMatch(new RegExp(`cleaned up: removed \\S*${what.replace(/\./g, '\\.')}`))
    }
    expect(listed.stderr).toMatch(/cleaned up: restored \S*iter-000004 from \.iter-000004\.old-/)
    expect(listed.stdout).toMatch(/run-busy\s+busy\s+engine-smoke\s+running \(pid \d+, elsewhere\)/)
  })

  it('leaves unfinished dataset work alone while another host is alive on the workspace', async () => {
    const workspace = join(scratch, 'shared')
    const staging = join(workspace, 'datasets', '.importing-big-1a2b3c4d')
    mkdirSync(staging, { recursive: true })
    const live = await liveProcess()
    mkdirSync(join(workspace, '.hosts'))
    writeFileSync(join(workspace, '.hosts', `host-${live.pid}-aaaa.lock`), JSON.stringify({ pid: live.pid, hostname: hostname(), processStart: live.processStart, since: '2026-01-01T00:00:00.000Z' }))
    expect((await cli(workspace, 'ls')).code).toBe(0)
    expect(existsSync(staging)).toBe(true)
  })

  it('a full disk names the file that could not be written', async () => {
    const mount = mkdtempSync(join(scratch, 'tiny-'))
    // bubblewrap (already needed by the code sandbox) mounts a 64 KiB tmpfs over `mount` for this one command.
    const result = await node([CLI, 'init', '--preset', 'XS', '--out', join(mount, 'model')], process.env, ['bwrap', '--dev-bind', '/', '/', '--size', '65536', '--tmpfs', mount, '--'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`${join(mount, 'model', 'model.safetensors')}: ENOSPC: no space left on device`)
  })

  it('init refuses a folder that holds something, and keeps what it holds', async () => {
    const out = join(scratch, 'my-folder')
    mkdirSync(out)
    writeFileSync(join(out, 'notes.txt'), 'keep me')
    const result = await cli(scratch, 'init', '--preset', 'XS', '--out', out)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`init: ${out} is not empty`)
    expect(readdirSync(out)).toEqual(['notes.txt'])
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('keep me')
  })
})
