import { describe, expect, it } from 'vitest'
import { LAPTOP_PRESET, PAPER_PRESET } from '../../../../src-preload/contract/rl-config'
import { flattenConfig } from './config-form'
import { FIELDS, MODE_PATHS, SECTIONS, fieldFor, formatInput, parseInput } from './config-fields'

describe('the launch form covers the whole RlConfig', () => {
  const settingPaths = Object.keys(flattenConfig(PAPER_PRESET)).filter((p) => !(MODE_PATHS as readonly string[]).includes(p))

  it('has exactly one field per setting, and no field for a setting that does not exist', () => {
    const fieldPaths = FIELDS.map((f) => f.path)
    expect(new Set(fieldPaths).size).toBe(fieldPaths.length)
    expect([...fieldPaths].sort()).toEqual([...settingPaths].sort())
  })

  it('gives each field the kind of its preset value', () => {
    for (const field of FIELDS) {
      const value = flattenConfig(LAPTOP_PRESET)[field.path]
      if (field.kind === 'boolean') expect(typeof value, field.path).toBe('boolean')
      if (field.kind === 'int' || field.kind === 'number') expect(typeof value, field.path).toBe('number')
      if (field.kind === 'enum') expect(field.options, field.path).toContain(value)
      if (field.kind === 'optional-text') expect(value === null || typeof value === 'string', field.path).toBe(true)
    }
  })

  it('marks only the PRM section as PRM-only', () => {
    expect(SECTIONS.filter((s) => s.prmOnly).map((s) => s.id)).toEqual(['prm'])
    expect(SECTIONS.find((s) => s.id === 'prm')?.fields.every((f) => f.path.startsWith('prm.'))).toBe(true)
  })
})

describe('parseInput / formatInput', () => {
  const num = fieldFor('policy.lr')!
  const text = fieldFor('model.initCheckpoint')!
  const flag = fieldFor('filter.enabled')!

  it('reads decimal and scientific numbers and nothing else', () => {
    expect(parseInput(num, '5e-7')).toBe(5e-7)
    expect(parseInput(num, ' 0.25 ')).toBe(0.25)
    expect(parseInput(num, '.5')).toBe(0.5)
    expect(parseInput(num, '')).toBeNaN()
    expect(parseInput(num, '0x10')).toBeNaN()
    expect(parseInput(num, 'Infinity')).toBeNaN()
    expect(parseInput(num, '1e')).toBeNaN()
  })

  it('turns an empty checkpoint path into null and reads booleans', () => {
    expect(parseInput(text, '  ')).toBeNull()
    expect(parseInput(text, ' /ckpt ')).toBe('/ckpt')
    expect(parseInput(flag, true)).toBe(true)
    expect(parseInput(flag, false)).toBe(false)
  })

  it('shows values as the user would type them', () => {
    expect(formatInput(5e-7)).toBe('5e-7')
    expect(formatInput(null)).toBe('')
    expect(formatInput(Number.NaN)).toBe('')
    expect(formatInput('token')).toBe('token')
  })

  it('returns undefined for a path no field edits', () => {
    expect(fieldFor('seed')).toBeUndefined()
  })
})
