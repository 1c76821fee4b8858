import { describe, expect, it } from 'vitest'
import { LAPTOP_PRESET } from '../../../../src-preload/contract/rl-config'
import type { RunSummary } from '../../../../src-preload/contract/schemas'
import { noRolloutsReason, runLabel } from './run-availability'

const summary = (patch: Partial<RunSummary>): RunSummary => ({
  id: 'run-1',
  name: 'laptop prime',
  state: 'created',
  config: LAPTOP_PRESET,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
  progress: { step: 0, total: 40, etaSeconds: null },
  failure: null,
  pid: null,
  trainedElsewhere: null,
  warnings: [],
  sweep: null,
  ...patch,
})

describe('run availability', () => {
  it('labels runs by algorithm and task', () => {
    expect(runLabel(summary({}))).toBe('laptop prime · prime · seed 1 · arith-chain L1 · created')
    expect(runLabel(summary({ config: { kind: 'engine-smoke', steps: 3, matrixSize: 8, stepDelayMs: 0 } }))).toBe('laptop prime · engine smoke · created')
  })
  it('says why a run has no rollouts and what to do', () => {
    expect(noRolloutsReason(summary({ config: { kind: 'engine-smoke', steps: 3, matrixSize: 8, stepDelayMs: 0 } })).title).toMatch(/Engine smoke/)
    expect(noRolloutsReason(summary({ config: { ...LAPTOP_PRESET, logging: { ...LAPTOP_PRESET.logging, rolloutSamples: 0 } } })).text).toMatch(/rolloutSamples = 0/)
    expect(noRolloutsReason(summary({})).text).toMatch(/Launch the run from the Runs view/)
    expect(noRolloutsReason(summary({ state: 'running' })).text).toMatch(/end of every iteration/)
    expect(noRolloutsReason(summary({ state: 'failed' })).text).toMatch(/stopped \(failed\) without writing/)
  })
})
