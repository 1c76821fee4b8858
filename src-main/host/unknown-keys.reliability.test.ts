// Misspelt keys reach the host three ways (issue 10): an API request (runs.create, runs.createComparison,
// settings.update), and settings.json in the workspace. Each used to be dropped without a word; each must be refused,
// naming the key's path and the nearest known key, and nothing may be created.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LAPTOP_PRESET } from '../../src-preload/contract/rl-config'
import { call, useTestHosts } from './test-hosts'

const testHost = useTestHosts('prime-unknown-keys')

describe('unknown keys at the host', () => {
  it('refuses runs.create with a misspelt config key, naming it, and creates nothing', async () => {
    const { host } = testHost()
    const reply = await host.dispatch('runs.create', { name: 'typo', config: { ...LAPTOP_PRESET, policy: { ...LAPTOP_PRESET.policy, lrr: 1e-3 } } })
    expect(reply).toEqual({
      ok: false,
      error: { message: 'runs.create: unknown key request.config.policy.lrr — did you mean request.config.policy.lr?', field: 'request.config.policy.lrr' },
    })
    const misspeltTop = await host.dispatch('runs.create', { name: 'typo', config: { ...LAPTOP_PRESET, iteratons: 3 } })
    expect(misspeltTop).toMatchObject({ ok: false, error: { message: expect.stringMatching(/unknown key request\.config\.iteratons — did you mean request\.config\.iterations\?/) } })
    expect(await call(host, 'runs.list', {})).toEqual([])
  })

  it('refuses a misspelt key in a comparison base and in a settings update', async () => {
    const { host } = testHost()
    const comparison = await host.dispatch('runs.createComparison', {
      name: 'c',
      base: { ...LAPTOP_PRESET, rollout: { ...LAPTOP_PRESET.rollout, temprature: 0.5 } },
      algorithms: ['prime'],
      seeds: [1],
      launch: false,
    })
    expect(comparison).toMatchObject({ ok: false, error: { message: expect.stringMatching(/unknown key request\.base\.rollout\.temprature — did you mean request\.base\.rollout\.temperature\?/) } })
    const update = await host.dispatch('settings.update', { maxConcurentRuns: 2 })
    expect(update).toMatchObject({ ok: false, error: { message: 'settings.update: unknown key request.maxConcurentRuns — did you mean request.maxConcurrentRuns?' } })
    expect(await call(host, 'runs.list', {})).toEqual([])
  })

  it('refuses to open a workspace whose settings.json has a misspelt key, naming the file and the key', () => {
    const workspaceDir = mkdtempSync(join(tmpdir(), 'prime-unknown-settings-'))
    try {
      const file = join(workspaceDir, 'settings.json')
      writeFileSync(file, JSON.stringify({ maxConcurrentRuns: 2, devcie: 'cuda' }))
      expect(() => testHost(workspaceDir)).toThrow(`${file}: unknown key settings.devcie — did you mean settings.device?`)
    } finally {
      rmSync(workspaceDir, { recursive: true, force: true })
    }
  })
})
