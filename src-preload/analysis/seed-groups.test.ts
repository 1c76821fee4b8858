import { describe, expect, it } from 'vitest'
import { LAPTOP_PRESET, type RlConfig } from '../contract/rl-config'
import { LOGGING_ONLY_SETTINGS, describeGrouping, isLoggingOnly, learningKey, parseGrouping, seedGroups, seedOf } from './seed-groups'

const run = (id: string, patch: Partial<RlConfig>) => ({ id, config: { ...LAPTOP_PRESET, ...patch } })

describe('seedGroups', () => {
  it('puts seeds of one config together and names groups by what differs', () => {
    const runs = [
      run('p1', { seed: 1 }),
      run('b1', { seed: 1, algorithm: 'rloo' }),
      run('p2', { seed: 2 }),
      run('b2', { seed: 2, algorithm: 'rloo' }),
      run('p3', { seed: 3 }),
    ]
    const groups = seedGroups(runs)
    expect(groups.map((g) => [g.label, g.runs.map((r) => r.id)])).toEqual([
      ['prime', ['p1', 'p2', 'p3']],
      ['rloo', ['b1', 'b2']],
    ])
  })

  it('labels by other fields as path=value and falls back to the algorithm when one group remains', () => {
    const groups = seedGroups([run('a', { seed: 1 }), run('b', { seed: 1, iterations: 80 })])
    expect(groups.map((g) => g.label)).toEqual(['iterations=40', 'iterations=80'])
    expect(seedGroups([run('a', { seed: 1 }), run('b', { seed: 9 })]).map((g) => g.label)).toEqual(['prime'])
  })

  it('groups any run kind, naming a lone group by its kind', () => {
    const smoke = (id: string, matrixSize: number) => ({ id, config: { kind: 'engine-smoke', steps: 10, matrixSize, stepDelayMs: 0 } })
    const groups = seedGroups([smoke('a', 32), smoke('b', 64), smoke('c', 32)])
    expect(groups.map((g) => [g.label, g.runs.map((r) => r.id)])).toEqual([
      ['matrixSize=32', ['a', 'c']],
      ['matrixSize=64', ['b']],
    ])
    expect(seedGroups([smoke('a', 32)])[0]?.label).toBe('engine-smoke')
  })

  it('reads a run’s seed, null for runs without one', () => {
    expect(seedOf({ ...LAPTOP_PRESET, seed: 4 })).toBe(4)
    expect(seedOf({ kind: 'engine-smoke' })).toBeNull()
  })

  it('ignores logging-only settings by default, and counts them when asked', () => {
    const runs = [run('a', { seed: 1 }), run('b', { seed: 2, logging: { ...LAPTOP_PRESET.logging, validateEvery: 10, rolloutSamples: 0 } }), run('c', { seed: 3, task: { ...LAPTOP_PRESET.task, testSize: 64 } as RlConfig['task'] })]
    expect(seedGroups(runs).map((g) => g.runs.map((r) => r.id))).toEqual([['a', 'b', 'c']])
    const exact = seedGroups(runs, { by: 'config', ignoreLoggingOnly: false })
    expect(exact.map((g) => [g.label, g.runs.map((r) => r.id)])).toEqual([
      ['task.testSize=512 · logging.validateEvery=5 · logging.rolloutSamples=32', ['a']],
      ['task.testSize=512 · logging.validateEvery=10 · logging.rolloutSamples=0', ['b']],
      ['task.testSize=64 · logging.validateEvery=5 · logging.rolloutSamples=32', ['c']],
    ])
  })

  it('groups by chosen settings, whatever else differs, naming each group by their values', () => {
    const runs = [
      run('p-a', { seed: 1, prm: { ...LAPTOP_PRESET.prm, beta: 0.05 } }),
      run('r-a', { seed: 1, algorithm: 'rloo', policy: { ...LAPTOP_PRESET.policy, lr: 1e-3 } }),
      run('p-b', { seed: 2, prm: { ...LAPTOP_PRESET.prm, beta: 0.1 } }),
      run('r-b', { seed: 2, algorithm: 'rloo' }),
    ]
    expect(seedGroups(runs, { by: 'keys', keys: ['algorithm'] }).map((g) => [g.label, g.runs.map((r) => r.id)])).toEqual([
      ['prime', ['p-a', 'p-b']],
      ['rloo', ['r-a', 'r-b']],
    ])
    expect(seedGroups(runs, { by: 'keys', keys: ['algorithm', 'prm.beta'] }).map((g) => [g.label, g.runs.map((r) => r.id)])).toEqual([
      ['prime · prm.beta=0.05', ['p-a']],
      ['rloo · prm.beta=0.05', ['r-a', 'r-b']],
      ['prime · prm.beta=0.1', ['p-b']],
    ])
    // A setting a run does not have is a value of its own ("—").
    const smoke = { id: 's', config: { kind: 'engine-smoke', steps: 10, matrixSize: 32, stepDelayMs: 0 } }
    expect(seedGroups([...runs.slice(0, 1), smoke], { by: 'keys', keys: ['algorithm'] }).map((g) => g.label)).toEqual(['prime', '—'])
  })
})

describe('learning settings', () => {
  it('lists the logging-only settings in one place', () => {
    expect(LOGGING_ONLY_SETTINGS).toEqual(['logging', 'task.testSize'])
    expect(['logging.validateEvery', 'logging.heldOutPrmPrompts', 'task.testSize'].every(isLoggingOnly)).toBe(true)
    expect(['task.validationSize', 'task.level', 'loggingX', 'iterations'].some(isLoggingOnly)).toBe(false)
  })

  it('keys configs by what can change a learning curve, leaving out the settings asked', () => {
    const prime = { ...LAPTOP_PRESET, algorithm: 'prime' as const, seed: 1 }
    const rloo = { ...LAPTOP_PRESET, algorithm: 'rloo' as const, seed: 2, logging: { ...LAPTOP_PRESET.logging, checkpointEvery: 99 } }
    expect(learningKey(prime, ['algorithm'])).toBe(learningKey(rloo, ['algorithm']))
    expect(learningKey(prime)).not.toBe(learningKey(rloo))
    expect(learningKey(prime, ['algorithm'], false)).not.toBe(learningKey(rloo, ['algorithm'], false))
    expect(learningKey(prime, ['algorithm'])).not.toBe(learningKey({ ...prime, policy: { ...prime.policy, lr: 1 } }, ['algorithm']))
  })

  it('reads the CLI’s --group-by and states every grouping', () => {
    expect(parseGrouping('config')).toEqual({ by: 'config', ignoreLoggingOnly: true })
    expect(parseGrouping('exact')).toEqual({ by: 'config', ignoreLoggingOnly: false })
    expect(parseGrouping(' algorithm, prm.beta ')).toEqual({ by: 'keys', keys: ['algorithm', 'prm.beta'] })
    expect(() => parseGrouping('algorithm,,x')).toThrow(/expected config, exact, or up to 8 settings/)
    expect(() => parseGrouping('prm..beta')).toThrow(/grouping "prm..beta"/)
    expect(describeGrouping({ by: 'keys', keys: ['algorithm', 'prm.beta'] })).toBe('runs grouped by algorithm × prm.beta')
    expect(describeGrouping(parseGrouping('config'))).toContain('logging, task.testSize')
  })
})
