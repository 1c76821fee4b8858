import { describe, expect, it } from 'vitest'
import { LAPTOP_PRESET, PAPER_PRESET } from '../../../../src-preload/contract/rl-config'
import { checkConfig, closestPreset, differences, flattenConfig, getPath, issuesByField, unflattenConfig, withPath } from './config-form'

describe('flattenConfig / unflattenConfig', () => {
  it('flattens nested sections to dotted paths and back without loss', () => {
    const flat = flattenConfig(PAPER_PRESET)
    expect(flat['rollout.topP']).toBe(1)
    expect(flat['model.kind']).toBe('preset')
    expect(flat['filter.enabled']).toBe(true)
    expect(flat.kind).toBe('rl')
    expect(Object.keys(flat)).not.toContain('rollout')
    expect(unflattenConfig(flat)).toEqual(PAPER_PRESET)
  })

  it('names the field holding a value it cannot edit', () => {
    expect(() => flattenConfig({ a: { b: [1, 2] } })).toThrow(/a\.b.*array/)
  })

  it('refuses a path that is both a value and a section', () => {
    expect(() => unflattenConfig({ a: 1, 'a.b': 2 })).toThrow(/a\.b/)
  })
})

describe('withPath / getPath', () => {
  it('sets one nested value on a copy and leaves the original and other sections untouched', () => {
    const next = withPath(LAPTOP_PRESET, 'rollout.temperature', 0.7)
    expect(next.rollout.temperature).toBe(0.7)
    expect(LAPTOP_PRESET.rollout.temperature).toBe(1)
    expect(next.policy).toBe(LAPTOP_PRESET.policy)
    expect(getPath(next, 'rollout.temperature')).toBe(0.7)
    expect(getPath(next, 'rollout.nope')).toBeUndefined()
  })

  it('refuses to descend into a value', () => {
    expect(() => withPath(LAPTOP_PRESET, 'iterations.x', 1)).toThrow(/iterations is not a section/)
  })
})

describe('checkConfig and issuesByField', () => {
  it('accepts both presets', () => {
    expect(checkConfig(PAPER_PRESET).ok).toBe(true)
    expect(checkConfig(LAPTOP_PRESET).ok).toBe(true)
  })

  it('puts every issue under the dotted path of its field, in plain words', () => {
    let config = withPath(LAPTOP_PRESET, 'rollout.topP', 0)
    config = withPath(config, 'sft.lr', Number.NaN)
    config = withPath(config, 'task.level', 2.5)
    config = withPath(config, 'iterations', 0)
    const check = checkConfig(config)
    expect(check.ok).toBe(false)
    expect(check.errors['rollout.topP']).toEqual(['must be > 0'])
    expect(check.errors['sft.lr']).toEqual(['enter a number'])
    expect(check.errors['task.level']).toEqual(['enter a whole number'])
    expect(check.errors.iterations).toEqual(['must be ≥ 1'])
  })

  it('maps the cross-field rules to the field they name', () => {
    const swapped = withPath(withPath(LAPTOP_PRESET, 'filter.accuracyLower', 0.9), 'filter.accuracyUpper', 0.1)
    expect(checkConfig(swapped).errors['filter.accuracyLower']).toEqual(['accuracyLower must not exceed accuracyUpper'])
    // 7 prompts × 4 samples = 28 responses cannot be split into 5 mini-batches.
    const uneven = withPath(withPath(LAPTOP_PRESET, 'rollout.promptsPerIteration', 7), 'policy.miniBatches', 5)
    expect(checkConfig(uneven).errors['policy.miniBatches']?.[0]).toMatch(/multiple of policy.miniBatches/)
  })

  it('reports a cross-field rule while another field is still invalid, given the preset to fall back on', () => {
    const config = withPath(withPath(withPath(LAPTOP_PRESET, 'rollout.promptsPerIteration', 7), 'policy.miniBatches', 5), 'policy.lr', Number.NaN)
    // Zod alone skips the rule until every field parses…
    expect(Object.keys(checkConfig(config).errors)).toEqual(['policy.lr'])
    // …the fallback pass finds it.
    const errors = checkConfig(config, LAPTOP_PRESET).errors
    expect(errors['policy.lr']).toEqual(['enter a number'])
    expect(errors['policy.miniBatches']?.[0]).toMatch(/multiple of policy.miniBatches/)
  })

  it('groups issues without a path under the empty field', () => {
    expect(issuesByField([{ path: [], message: 'whole config is wrong' }, { path: ['a', 0, 'b'], message: 'x' }])).toEqual({
      '': ['whole config is wrong'],
      'a.0.b': ['x'],
    })
  })
})

describe('differences', () => {
  it('lists exactly the settings that differ from the preset', () => {
    expect(differences(LAPTOP_PRESET, LAPTOP_PRESET)).toEqual([])
    const changed = withPath(withPath(LAPTOP_PRESET, 'iterations', 12), 'prm.beta', 0.1)
    expect(differences(changed, LAPTOP_PRESET)).toEqual([
      { path: 'iterations', preset: 40, value: 12 },
      { path: 'prm.beta', preset: 0.05, value: 0.1 },
    ])
  })

  it('sees the laptop preset as the paper preset with smaller settings', () => {
    const paths = differences(LAPTOP_PRESET, PAPER_PRESET).map((d) => d.path)
    expect(paths).toContain('model.preset')
    expect(paths).toContain('policy.lr')
    expect(paths).not.toContain('prm.beta')
  })
})

describe('closestPreset', () => {
  it('names the preset with the fewest differences, ignoring algorithm and seed', () => {
    const run = { ...withPath(LAPTOP_PRESET, 'iterations', 12), algorithm: 'rloo', seed: 3 }
    expect(closestPreset(run, { paper: PAPER_PRESET, laptop: LAPTOP_PRESET })).toEqual({
      name: 'laptop',
      differences: [{ path: 'iterations', preset: 40, value: 12 }],
    })
    expect(closestPreset(PAPER_PRESET, { paper: PAPER_PRESET, laptop: LAPTOP_PRESET })?.name).toBe('paper')
    expect(closestPreset(PAPER_PRESET, {})).toBeNull()
  })
})
