// Run folders written before tasks and models became unions (issue 11) open as the same runs: fixtures/ holds two
// run.json files exactly as RunService wrote them then — a laptop run, and a run started from model.initCheckpoint.
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LAPTOP_PRESET } from '../../src-preload/contract/rl-config'
import { call, useTestHosts } from './test-hosts'
import type { RunSummary } from '../../src-preload/contract/schemas'

const newHost = useTestHosts('prime-migration')

describe('old run.json files', () => {
  it('load as a built-in task on a preset model, and a run from initCheckpoint as a checkpoint model without SFT', async () => {
    const { workspaceDir } = newHost()
    for (const [id, file] of [['run-old', 'v1-run.json'], ['run-old-init', 'v1-run-init-checkpoint.json']]) {
      mkdirSync(join(workspaceDir, 'runs', id!), { recursive: true })
      copyFileSync(join(import.meta.dirname, 'fixtures', file!), join(workspaceDir, 'runs', id!, 'run.json'))
    }
    const { host } = newHost(workspaceDir)
    expect(host.runs.unreadable).toEqual([])
    const runs = await call<RunSummary[]>(host, 'runs.list', {})
    const old = runs.find((r) => r.id === 'run-old')!
    // The laptop preset of that version: 64 validation prompts and token-mean aggregation; settings added since take
    // their defaults, and prm.miniBatches the policy's, as the PRM then used.
    const thenLaptop = { ...LAPTOP_PRESET, task: { ...LAPTOP_PRESET.task, validationSize: 64 }, policy: { ...LAPTOP_PRESET.policy, lossAggregation: 'token-mean' } }
    expect(old.config).toEqual(thenLaptop)
    const init = runs.find((r) => r.id === 'run-old-init')!
    expect(init.config.kind === 'rl' && init.config.model).toEqual({ kind: 'checkpoint', path: '/data/checkpoints/xs-sft', sftWarmStart: false })
    expect(init.config.kind === 'rl' && init.config.task).toEqual(thenLaptop.task)
  })
})
