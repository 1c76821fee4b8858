import { describe, expect, it } from 'vitest'
import { LAPTOP_PRESET } from './rl-config'
import { MAX_SWEEP_RUNS, SweepError, expandSweep } from './sweep'

const error = (fn: () => unknown): SweepError => {
  try {
    fn()
  } catch (caught) {
    if (caught instanceof SweepError) return caught
    throw caught
  }
  throw new Error('expected a SweepError')
}

describe('expandSweep', () => {
  it('crosses the axes (the last varying fastest) inside the seeds, naming each run by its cell', () => {
    const plans = expandSweep('s', LAPTOP_PRESET, [{ path: 'algorithm', values: ['prime', 'rloo'] }, { path: 'prm.beta', values: [0.05, 0.1] }], [3, 4])
    expect(plans.map((p) => p.name)).toEqual([
      's · prime · prm.beta=0.05 · seed 3',
      's · prime · prm.beta=0.1 · seed 3',
      's · rloo · prm.beta=0.05 · seed 3',
      's · rloo · prm.beta=0.1 · seed 3',
      's · prime · prm.beta=0.05 · seed 4',
      's · prime · prm.beta=0.1 · seed 4',
      's · rloo · prm.beta=0.05 · seed 4',
      's · rloo · prm.beta=0.1 · seed 4',
    ])
    expect(plans[3]!.config).toEqual({ ...LAPTOP_PRESET, algorithm: 'rloo', seed: 3, prm: { ...LAPTOP_PRESET.prm, beta: 0.1 } })
    expect(plans[3]!.values).toEqual(['rloo', 0.1])
    // The base is not changed.
    expect(LAPTOP_PRESET.prm.beta).toBe(0.05)
  })

  it('names the axis, value or seed list that is wrong', () => {
    expect(error(() => expandSweep('s', LAPTOP_PRESET, [{ path: 'rollout.temprature', values: [1] }], [1]))).toMatchObject({
      field: 'axes[0].path',
      message: 'unknown setting rollout.temprature — did you mean rollout.temperature?',
    })
    expect(error(() => expandSweep('s', LAPTOP_PRESET, [{ path: 'prm', values: [1] }], [1])).field).toBe('axes[0].path')
    expect(error(() => expandSweep('s', LAPTOP_PRESET, [{ path: 'prm.beta', values: [0.1, 0.1] }], [1]))).toMatchObject({ field: 'axes[0].values[1]', message: 'prm.beta lists 0.1 twice' })
    expect(error(() => expandSweep('s', LAPTOP_PRESET, [{ path: 'prm.beta', values: [0.1] }, { path: 'prm.beta', values: [0.2] }], [1])).message).toBe('prm.beta is swept twice')
    expect(error(() => expandSweep('s', LAPTOP_PRESET, [{ path: 'prm.beta', values: [0.1, -1] }], [1]))).toMatchObject({
      field: 'axes[0].values[1]',
      message: expect.stringMatching(/^prm\.beta=-1: prm\.beta: /),
    })
    expect(error(() => expandSweep('s', LAPTOP_PRESET, [{ path: 'rollout.temperature', values: ['hot'] }], [1])).message).toMatch(/rollout\.temperature=hot: rollout\.temperature: /)
    expect(error(() => expandSweep('s', LAPTOP_PRESET, [{ path: 'prm.beta', values: [0.1] }], [1, 1])).field).toBe('seeds')
    expect(error(() => expandSweep('s', LAPTOP_PRESET, [{ path: 'seed', values: [1, 2] }], [1])).message).toMatch(/seeds are given apart/)
  })

  it('refuses a grid larger than a sweep may be', () => {
    const values = Array.from({ length: 12 }, (_, i) => 0.01 * (i + 1))
    const axes = [{ path: 'prm.beta', values }, { path: 'policy.lr', values: values.map((v) => v / 100) }]
    expect(error(() => expandSweep('s', LAPTOP_PRESET, axes, [1])).message).toBe(`144 combinations × 1 seed = 144 runs; at most ${MAX_SWEEP_RUNS} per sweep`)
  })
})
