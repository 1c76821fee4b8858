import { describe, expect, it } from 'vitest'
import { LAPTOP_PRESET } from '../../../../src-preload/contract/rl-config'
import type { RunState, RunSummary } from '../../../../src-preload/contract/schemas'
import { queuePositions, resumePoint, runActions, runAlgorithm } from './run-list'

function summary(id: string, state: RunState, updatedAt: string, kind: 'rl' | 'engine-smoke' = 'rl'): RunSummary {
  return {
    id,
    name: id,
    state,
    config: kind === 'rl' ? LAPTOP_PRESET : { kind: 'engine-smoke', steps: 5, matrixSize: 8, stepDelayMs: 0 },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt,
    progress: { step: 0, total: 5, etaSeconds: null },
    failure: null,
    pid: null,
    trainedElsewhere: null,
    warnings: [],
    sweep: null,
  }
}

describe('queuePositions', () => {
  it('numbers queued runs in the order they entered the queue, ignoring the others', () => {
    const runs = [
      summary('late', 'queued', '2026-01-01T00:00:03.000Z'),
      summary('running', 'running', '2026-01-01T00:00:00.000Z'),
      summary('early', 'queued', '2026-01-01T00:00:01.000Z'),
    ]
    expect([...queuePositions(runs)]).toEqual([['early', 1], ['late', 2]])
  })
})

describe('runActions', () => {
  it('offers what the host accepts in each state', () => {
    expect(runActions(summary('a', 'created', ''))).toEqual(['launch', 'delete'])
    expect(runActions(summary('a', 'queued', ''))).toEqual(['cancel'])
    expect(runActions(summary('a', 'running', ''))).toEqual(['pause', 'cancel'])
    expect(runActions(summary('a', 'paused', ''))).toEqual(['resume', 'cancel'])
    expect(runActions(summary('a', 'completed', ''))).toEqual(['delete'])
  })

  it('offers nothing for a run another process trains: it is controlled there', () => {
    const elsewhere = { pid: 4242, hostname: 'here', since: '2026-01-01T00:00:00.000Z' }
    expect(runActions({ ...summary('a', 'running', ''), trainedElsewhere: elsewhere })).toEqual([])
    expect(runActions({ ...summary('a', 'paused', ''), trainedElsewhere: elsewhere })).toEqual([])
  })

  it('resumes stopped RL runs from their checkpoint, but not engine checks', () => {
    for (const state of ['crashed', 'failed', 'cancelled'] as const) {
      expect(runActions(summary('a', state, ''))).toEqual(['resume-from-checkpoint', 'delete'])
      expect(runActions(summary('a', state, '', 'engine-smoke'))).toEqual(['delete'])
    }
  })
})

describe('runAlgorithm', () => {
  it('names the algorithm of RL runs', () => {
    expect(runAlgorithm(summary('a', 'created', ''))).toBe('PRIME')
    expect(runAlgorithm(summary('a', 'created', '', 'engine-smoke'))).toBe('engine check')
  })
})

describe('resumePoint', () => {
  const at = (step: number) => ({ ...summary('a', 'crashed', ''), progress: { step, total: 40, etaSeconds: null } })

  it('is the last multiple of checkpointEvery reached, or null before the first checkpoint', () => {
    // The laptop preset checkpoints every 5 iterations.
    expect(resumePoint(at(7))).toBe(5)
    expect(resumePoint(at(10))).toBe(10)
    expect(resumePoint(at(4))).toBeNull()
    expect(resumePoint(at(0))).toBeNull()
    expect(resumePoint(summary('a', 'crashed', '', 'engine-smoke'))).toBeNull()
  })
})
