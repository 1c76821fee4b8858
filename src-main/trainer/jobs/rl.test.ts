// Real RL runs end to end: the host launches real trainer processes on a tiny configuration and the tests read the
// run folders they write. Covers a PRIME run and an RLOO run, kill -9 and resume (reproducing the uninterrupted
// run's metrics with one thread), and a diverging run stopping on NaN while keeping its last good checkpoint.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { LAPTOP_PRESET, type RlConfig } from '../../../src-preload/contract/rl-config'
import { RolloutRecord, type MetricsRow, type RunSummary } from '../../../src-preload/contract/schemas'
import { createHost, type Host } from '../../host/host'
import { TRAINER_SOURCE, forkSourceTrainer } from '../../host/source-trainer'
import { call, settled } from '../../host/test-hosts'
import { forkTrainerProcess, type SpawnTrainer } from '../../host/trainer-process'

const workspace = mkdtempSync(join(tmpdir(), 'prime-rl-'))
const hosts: Host[] = []
afterAll(() => {
  for (const host of hosts) host.dispose()
  rmSync(workspace, { recursive: true, force: true })
})

function tinyConfig(overrides: Partial<RlConfig> = {}): RlConfig {
  return {
    ...LAPTOP_PRESET,
    iterations: 4,
    task: { kind: 'builtin', name: 'arith-chain', level: 1, validationSize: 16, testSize: 16, misconception: 0 },
    sft: { seed: 3, steps: 40, batchSize: 16, lr: 3e-3 },
    rollout: { ...LAPTOP_PRESET.rollout, promptsPerIteration: 4, samplesPerPrompt: 4, maxResponseTokens: 40 },
    prm: { ...LAPTOP_PRESET.prm, lr: 1e-3 },
    policy: { ...LAPTOP_PRESET.policy, miniBatches: 2 },
    logging: { validateEvery: 2, checkpointEvery: 2, rolloutSamples: 8, heldOutPrmPrompts: 4 },
    ...overrides,
  }
}

function openHost(spawnTrainer: SpawnTrainer = forkSourceTrainer): Host {
  const host = createHost({
    workspaceDir: workspace,
    spawnTrainer,
    appInfo: { name: 'prime-workbench', version: 'test', mode: 'cli', versions: { node: process.versions.node, electron: null, chrome: null } },
  })
  hosts.push(host)
  return host
}

async function runToEnd(host: Host, name: string, config: RlConfig): Promise<{ run: RunSummary; metrics: MetricsRow[]; dir: string }> {
  const created = await call<RunSummary>(host, 'runs.create', { name, config })
  await call(host, 'runs.launch', { id: created.id })
  const run = await settled(host, created.id)
  const metrics = await call<MetricsRow[]>(host, 'runs.metrics', { id: created.id, sinceStep: 1 })
  return { run, metrics, dir: join(workspace, 'runs', created.id) }
}

/** Metrics that depend only on the computation (not on timing or memory). */
function learned(rows: MetricsRow[]): Record<string, number>[] {
  return rows.map((row) => Object.fromEntries(Object.entries(row.values).filter(([k]) => !/^(timing|perf)\/|wall_time/.test(k))))
}

describe('RL runs', { timeout: 240_000 }, () => {
  it('a PRIME run writes a complete run folder and its PRM loss falls from ln 2', async () => {
    await call(openHost(), 'settings.update', { intraOpThreads: 1 })
    const { run, metrics, dir } = await runToEnd(openHost(), 'prime tiny', tinyConfig())
    expect(run.state).toBe('completed')
    expect(metrics.map((m) => m.step)).toEqual([1, 2, 3, 4])
    for (const name of ['critic/score/mean', 'reward_model/loss', 'reward_model/dpo_acc', 'actor/pg_loss', 'actor/pg_clipfrac', 'actor/ppo_kl', 'response_length/mean', 'timing/rollout', 'train/samples_seen', 'perf/rss_mb', 'perf/peak_rss_mb', 'perf/cpu_percent', 'perf/tokens_per_s']) {
      expect(metrics[0]!.values[name], name).toBeTypeOf('number')
    }
    expect(metrics[1]!.values['val/acc']).toBeGreaterThanOrEqual(0)
    for (const row of metrics) {
      expect(row.values['perf/rss_mb']).toBeGreaterThan(10)
      expect(row.values['perf/peak_rss_mb']).toBeGreaterThanOrEqual(row.values['perf/rss_mb']!)
      expect(row.values['perf/cpu_percent']).toBeGreaterThan(0)
    }
    const prmLoss = metrics.map((m) => m.values['reward_model/loss']!)
    // The PRM starts as a copy of the reference, so q = 0 on the first mini-batch and its loss is exactly ln 2;
    // the iteration mean is already a little lower, and training moves it further down.
    expect(prmLoss[0]).toBeGreaterThan(0.6)
    expect(prmLoss[0]).toBeLessThan(0.7)
    expect(Math.min(...prmLoss.slice(1))).toBeLessThan(prmLoss[0]!)

    for (const file of ['run.json', 'metrics.ndjson', 'events.ndjson', 'checkpoints/latest.json', 'checkpoints/sft/model.safetensors', 'checkpoints/iter-000004/policy/model.safetensors', 'checkpoints/iter-000004/prm/optimizer.safetensors', 'checkpoints/iter-000004/state.json']) {
      expect(existsSync(join(dir, file)), file).toBe(true)
    }
    const rollouts = readFileSync(join(dir, 'rollouts', '4.ndjson'), 'utf8').trim().split('\n').map((line) => RolloutRecord.parse(JSON.parse(line)))
    expect(rollouts).toHaveLength(8)
    for (const record of rollouts) {
      expect(record.q).toHaveLength(record.tokens.length)
      expect(record.processReward).toHaveLength(record.tokens.length)
      expect(record.tokenSpans).toHaveLength(record.tokens.length)
      expect(record.steps.every((s) => s.reward !== null && s.truth !== null)).toBe(true)
    }
  })

  it('an RLOO run trains on the same prompts without a PRM', async () => {
    const { run, metrics, dir } = await runToEnd(openHost(), 'rloo tiny', tinyConfig({ algorithm: 'rloo', iterations: 2 }))
    expect(run.state).toBe('completed')
    expect(metrics).toHaveLength(2)
    expect(metrics[0]!.values['reward_model/loss']).toBeUndefined()
    expect(metrics[0]!.values['actor/pg_loss']).toBeTypeOf('number')
    expect(existsSync(join(dir, 'checkpoints/iter-000002/prm'))).toBe(false)
    const record = RolloutRecord.parse(JSON.parse(readFileSync(join(dir, 'rollouts', '1.ndjson'), 'utf8').split('\n')[0]!))
    expect(record.q).toBeNull()
    // Same SFT weights and same first prompts as the PRIME run above (the comparison's shared start).
    const prime = readdirSync(join(workspace, 'runs')).map((id) => join(workspace, 'runs', id)).find((d) => d !== dir && readFileSync(join(d, 'run.json'), 'utf8').includes('prime tiny'))!
    expect(readFileSync(join(dir, 'checkpoints/sft/model.safetensors'))).toEqual(readFileSync(join(prime, 'checkpoints/sft/model.safetensors')))
    const primeFirst = RolloutRecord.parse(JSON.parse(readFileSync(join(prime, 'rollouts', '1.ndjson'), 'utf8').split('\n')[0]!))
    expect(record.prompt).toBe(primeFirst.prompt)
  })

  it('resumes after kill -9 with nothing lost but the iterations since the checkpoint, reproducing the metrics', async () => {
    const host = openHost()
    const config = tinyConfig({ iterations: 5, seed: 11 })
    const reference = await runToEnd(host, 'uninterrupted', config)

    const created = await call<RunSummary>(host, 'runs.create', { name: 'killed', config })
    await call(host, 'runs.launch', { id: created.id })
    // Kill it during iteration 3, after the checkpoint of iteration 2 is written.
    await new Promise<void>((resolve) =>
      host.bus.subscribe(({ event }) => event.type === 'run.metrics' && event.runId === created.id && event.row.step === 2 && resolve()),
    )
    await new Promise((resolve) => setTimeout(resolve, 300))
    process.kill(host.runs.get(created.id).pid!, 'SIGKILL')
    expect((await settled(host, created.id)).state).toBe('crashed')

    await call(host, 'runs.launch', { id: created.id })
    expect((await settled(host, created.id)).state).toBe('completed')
    const resumed = await call<MetricsRow[]>(host, 'runs.metrics', { id: created.id, sinceStep: 1 })
    expect(resumed.map((m) => m.step)).toEqual([1, 2, 3, 4, 5])
    expect(learned(resumed)).toEqual(learned(reference.metrics))
  })

  it('stops a diverging run with a clear error and keeps the last good checkpoint', async () => {
    const host = openHost(() =>
      forkTrainerProcess({ entry: TRAINER_SOURCE, execArgv: ['--import', 'tsx'], env: { ...process.env, PRIME_WORKBENCH_INJECT_NAN_AT: '3' } }),
    )
    const { run, metrics, dir } = await runToEnd(host, 'diverging', tinyConfig({ iterations: 4 }))
    expect(run.state).toBe('failed')
    expect(run.failure?.message).toMatch(/the policy weights hold NaN or Inf at iteration 3: training diverged, stopping\. The last good checkpoint is .*iter-000002/)
    expect(metrics.map((m) => m.step)).toEqual([1, 2])
    expect(JSON.parse(readFileSync(join(dir, 'checkpoints/latest.json'), 'utf8'))).toMatchObject({ iteration: 2 })
  })
})
