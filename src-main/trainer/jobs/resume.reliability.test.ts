// Nothing lost when a trainer dies: real RL runs (one thread, so resumed runs must reproduce an uninterrupted
// run's metrics exactly) are killed and their folders damaged the ways a crash, a full disk or a bad disk leaves
// them, then resumed through a fresh host each time, as `prime-workbench resume` does.
//   - damaged folders: a restart without a checkpoint, an empty latest.json (a kill mid-write before atomic
//     writes), 64 weights of the newest checkpoint overwritten, the newest checkpoint's folder missing;
//   - kill points (PRIME_WORKBENCH_KILL_AT): the trainer SIGKILLs itself mid-append, mid-write and just before the
//     rename of each kind of file it writes, the resume's own rewrite of metrics.ndjson included.
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, truncateSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { LAPTOP_PRESET, type RlConfig } from '../../../src-preload/contract/rl-config'
import type { MetricsRow, RunSummary } from '../../../src-preload/contract/schemas'
import { createHost, type Host } from '../../host/host'
import { TRAINER_SOURCE } from '../../host/source-trainer'
import { call, settled } from '../../host/test-hosts'
import { forkTrainerProcess } from '../../host/trainer-process'
import { parseTempName } from '../../storage/atomic-file'

const workspace = mkdtempSync(join(tmpdir(), 'prime-resume-'))
const hosts: Host[] = []
afterAll(() => {
  for (const host of hosts) host.dispose()
  rmSync(workspace, { recursive: true, force: true })
})

const config: RlConfig = {
  ...LAPTOP_PRESET,
  iterations: 6,
  seed: 5,
  task: { kind: 'builtin', name: 'arith-chain', level: 1, validationSize: 8, testSize: 8, misconception: 0 },
  sft: { seed: 3, steps: 20, batchSize: 8, lr: 3e-3 },
  rollout: { ...LAPTOP_PRESET.rollout, promptsPerIteration: 2, samplesPerPrompt: 4, maxResponseTokens: 40 },
  policy: { ...LAPTOP_PRESET.policy, miniBatches: 1 },
  logging: { validateEvery: 3, checkpointEvery: 2, rolloutSamples: 2, heldOutPrmPrompts: 4 },
}

/** A new host on the workspace (as each CLI command opens one), whose trainers get `killAt` as their kill point. */
function openHost(killAt?: string): Host {
  for (const host of hosts.splice(0)) host.dispose()
  const env = killAt ? { ...process.env, PRIME_WORKBENCH_KILL_AT: killAt } : process.env
  const host = createHost({
    workspaceDir: workspace,
    spawnTrainer: () => forkTrainerProcess({ entry: TRAINER_SOURCE, execArgv: ['--import', 'tsx'], env }),
    appInfo: { name: 'prime-workbench', version: 'test', mode: 'cli', versions: { node: process.versions.node, electron: null, chrome: null } },
  })
  hosts.push(host)
  return host
}

/** Launches (or resumes) the run and SIGKILLs its trainer once it has reported metrics for `step`. */
async function launchAndKillAfter(id: string, step: number): Promise<RunSummary> {
  const host = openHost()
  const reached = new Promise<void>((resolve) =>
    host.bus.subscribe(({ event }) => event.type === 'run.metrics' && event.runId === id && event.row.step === step && resolve()),
  )
  await call(host, 'runs.launch', { id })
  const ended = settled(host, id)
  const early = await Promise.race([reached.then(() => null), ended])
  if (early) throw new Error(`the run ended (${early.state}: ${early.failure?.message}) before reporting step ${step}`)
  process.kill(host.runs.get(id).pid!, 'SIGKILL')
  return ended
}

async function launchToEnd(id: string, killAt?: string): Promise<{ run: RunSummary; host: Host }> {
  const host = openHost(killAt)
  await call(host, 'runs.launch', { id })
  return { run: await settled(host, id), host }
}

const steps = (rows: MetricsRow[]) => rows.map((r) => r.step)
/** Metrics that depend only on the computation (not on timing or memory). */
function learned(rows: MetricsRow[]): Record<string, number>[] {
  return rows.map((row) => Object.fromEntries(Object.entries(row.values).filter(([k]) => !/^(timing|perf)\/|wall_time/.test(k))))
}

function runDir(id: string): string {
  return join(workspace, 'runs', id)
}

function newestCheckpoint(id: string): string {
  return readdirSync(join(runDir(id), 'checkpoints')).filter((name) => /^iter-\d+$/.test(name)).sort().at(-1)!
}

function logLines(host: Host, id: string): string {
  return host.runs.logs(id, 10_000).join('\n')
}

/** Every leftover temporary (`.<name>.tmp-…`, `.<name>.old-…`) below `dir`. */
function temporaries(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => parseTempName(e.name) !== null)
    .map((e) => join(e.parentPath, e.name))
}

let reference: MetricsRow[] = []

describe('resuming RL runs', { timeout: 300_000 }, () => {
  it('an uninterrupted run (the reference every resumed run must reproduce)', async () => {
    const host = openHost()
    await call(host, 'settings.update', { intraOpThreads: 1 })
    const created = await call<RunSummary>(host, 'runs.create', { name: 'reference', config })
    const { run } = await launchToEnd(created.id)
    expect(run.state).toBe('completed')
    reference = await call<MetricsRow[]>(hosts[0]!, 'runs.metrics', { id: created.id, sinceStep: 1 })
    expect(steps(reference)).toEqual([1, 2, 3, 4, 5, 6])
  })

  describe('from damaged run folders', () => {
    let id = ''

    it('a restart without a checkpoint starts clean instead of keeping the old rows (1,2,1,2,3,…)', async () => {
      id = (await call<RunSummary>(openHost(), 'runs.create', { name: 'damaged', config })).id
      expect((await launchAndKillAfter(id, 1)).state).toBe('crashed')
      expect(existsSync(join(runDir(id), 'checkpoints', 'iter-000002'))).toBe(false)
      // Resumed: no checkpoint, so from the start; killed again after iteration 5 (checkpoints 2 and 4 written).
      expect((await launchAndKillAfter(id, 5)).state).toBe('crashed')
      const rows = await call<MetricsRow[]>(hosts[0]!, 'runs.metrics', { id, sinceStep: 1 })
      expect(steps(rows)).toEqual([1, 2, 3, 4, 5])
      expect(learned(rows)).toEqual(learned(reference.slice(0, 5)))
      expect(logLines(hosts[0]!, id)).toMatch(/no intact checkpoint to resume from: starting this run afresh/)
    })

    it('an empty latest.json (killed mid-write) falls back to the newest intact checkpoint', async () => {
      truncateSync(join(runDir(id), 'checkpoints', 'latest.json'), 0)
      expect((await launchAndKillAfter(id, 5)).state).toBe('crashed')
      const log = logLines(hosts[0]!, id)
      expect(log).toMatch(/latest\.json: not valid JSON.*looking for the newest intact checkpoint/)
      expect(log).toMatch(/resumed from .*iter-000004 at iteration 4/)
    })

    it('a checkpoint whose weights were overwritten is skipped for the one before, naming the file', async () => {
      const newest = newestCheckpoint(id)
      const weights = join(runDir(id), 'checkpoints', newest, 'policy', 'model.safetensors')
      // 64 float32 weights overwritten in place, well past the header: the file still parses.
      const fd = openSync(weights, 'r+')
      writeSync(fd, Buffer.alloc(64 * 4, 0x3f), 0, 64 * 4, 4096)
      closeSync(fd)
      expect((await launchAndKillAfter(id, 5)).state).toBe('crashed')
      const log = logLines(hosts[0]!, id)
      expect(log).toContain(`skipping checkpoint ${newest}: ${weights}: SHA-256`)
      expect(log).toMatch(/resumed from .*iter-000002 at iteration 2/)
    })

    it('latest.json naming a missing folder falls back to the one before, saying so, and the run ends exact', async () => {
      const newest = newestCheckpoint(id)
      rmSync(join(runDir(id), 'checkpoints', newest), { recursive: true })
      const { run, host } = await launchToEnd(id)
      expect(run.state).toBe('completed')
      const log = logLines(host, id)
      expect(log).toContain(`latest.json names ${newest}, which is missing`)
      expect(log).toMatch(/resumed from .*iter-000002 at iteration 2/)
      const rows = await call<MetricsRow[]>(host, 'runs.metrics', { id, sinceStep: 1 })
      expect(steps(rows)).toEqual([1, 2, 3, 4, 5, 6])
      expect(learned(rows)).toEqual(learned(reference))
    })
  })

  it('a trainer killed at each write, then resumed, ends with exactly the uninterrupted metrics', async () => {
    const id = (await call<RunSummary>(openHost(), 'runs.create', { name: 'killed at each write', config })).id
    // In order; each attempt resumes what the one before left. The first model.safetensors a resumed trainer
    // writes is its next checkpoint's policy (the starting policy is saved once, by the first attempt).
    const killPoints = [
      'metrics.ndjson@partial:2', // mid-append of iteration 2's row, before any checkpoint
      'metrics.ndjson@rename:1', // the resume's rewrite of metrics.ndjson, complete but not yet in place
      'iter-000002@rename', // checkpoint folder complete, not yet swapped in
      'latest.json@partial:1', // the pointer half written
      'model.safetensors@partial:1', // iteration 4's policy weights half written
      'latest.json@rename:1', // iteration 4 complete, the pointer still naming iteration 2
      'events.ndjson@partial:1', // the next attempt's "started" line cut short
    ]
    for (const killAt of killPoints) {
      const { run } = await launchToEnd(id, killAt)
      expect(run, killAt).toMatchObject({ state: 'crashed', failure: { signal: 'SIGKILL' } })
    }
    const { run, host } = await launchToEnd(id)
    expect(run.state).toBe('completed')
    const rows = await call<MetricsRow[]>(host, 'runs.metrics', { id, sinceStep: 1 })
    expect(steps(rows)).toEqual([1, 2, 3, 4, 5, 6])
    expect(learned(rows)).toEqual(learned(reference))
    // The one line a kill cut short is named, not fatal; nothing temporary is left.
    expect(host.runs.get(id).warnings).toEqual([expect.stringMatching(/events\.ndjson:\d+: not valid JSON .*line skipped/)])
    expect(temporaries(runDir(id))).toEqual([])
  })
})
