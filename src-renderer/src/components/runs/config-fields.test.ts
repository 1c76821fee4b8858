import { describe, expect, it } from 'vitest'
import { flattenConfig } from './config-form'
import { FIELDS, MODE_PATHS, SECTIONS, VARIANTS, VARIANT_EXAMPLES, fieldFor, formatInput, parseInput, variantSection } from './config-fields'

describe('the launch form covers the whole RlConfig', () => {
  const flatExamples = VARIANT_EXAMPLES.map((config) => flattenConfig(config))
  const settingPaths = [...new Set(flatExamples.flatMap((flat) => Object.keys(flat)))].filter((p) => !(MODE_PATHS as readonly string[]).includes(p))

  it('has exactly one field per setting, and no field for a setting that does not exist', () => {
    const fieldPaths = FIELDS.map((f) => f.path)
    expect(new Set(fieldPaths).size).toBe(fieldPaths.length)
    expect([...fieldPaths].sort()).toEqual([...settingPaths].sort())
  })

  it('gives each field the kind of its value in every union member that has it', () => {
    for (const field of FIELDS) for (const flat of flatExamples) {
      if (!(field.path in flat)) continue
      const value = flat[field.path]
      if (field.kind === 'boolean') expect(typeof value, field.path).toBe('boolean')
      if (field.kind === 'int' || field.kind === 'number') expect(typeof value, field.path).toBe('number')
      if (field.kind === 'enum') expect(field.options, field.path).toContain(value)
      if (field.kind === 'optional-text') expect(value === null || typeof value === 'string', field.path).toBe(true)
      if (field.kind === 'text' || field.kind === 'multiline' || field.kind === 'dataset') expect(typeof value, field.path).toBe('string')
    }
  })

  it('every union member’s defaults are a member the form can switch to by its kind field', () => {
    for (const [section, members] of Object.entries(VARIANTS)) {
      expect(variantSection(`${section}.kind`)).toBe(section)
      expect(fieldFor(`${section}.kind`)?.options).toEqual(Object.keys(members))
      for (const [kind, defaults] of Object.entries(members)) expect(defaults().kind).toBe(kind)
    }
    expect(variantSection('rollout.topP')).toBeNull()
  })

  it('marks only the PRM section as PRM-only', () => {
    expect(SECTIONS.filter((s) => s.prmOnly).map((s) => s.id)).toEqual(['prm'])
    expect(SECTIONS.find((s) => s.id === 'prm')?.fields.every((f) => f.path.startsWith('prm.'))).toBe(true)
  })
})

describe('parseInput / formatInput', () => {
  const num = fieldFor('policy.lr')!
  const text = fieldFor('task.prompt.systemMessage')!
  const template = fieldFor('task.prompt.template')!
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

  it('turns an empty optional text into null, keeps a template as typed, and reads booleans', () => {
    expect(parseInput(text, '  ')).toBeNull()
    expect(parseInput(text, ' Be brief. ')).toBe('Be brief.')
    expect(parseInput(template, 'Q: {question}\nA: ')).toBe('Q: {question}\nA: ')
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
