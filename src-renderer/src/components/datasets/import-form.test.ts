import { describe, expect, it } from 'vitest'
import { buildMapping, buildSplits, EMPTY_MAPPING, extraMappingKeys, formatBytes, FormError, mappingFields, nameFromFile, stepLabelSummary, type MappingFields } from './import-form'

function formError(f: () => unknown): FormError {
  try {
    f()
  } catch (error) {
    if (error instanceof FormError) return error
    throw error
  }
  throw new Error('no error')
}

describe('buildMapping', () => {
  const fields = (f: Partial<MappingFields>): MappingFields => ({ ...EMPTY_MAPPING, ...f })

  it('is undefined when nothing is filled in, and trims the names', () => {
    expect(buildMapping(fields({ prompt: ' ' }))).toBeUndefined()
    expect(buildMapping(fields({ prompt: ' q.text ', answer: 'a' }))).toEqual({ prompt: 'q.text', answer: 'a' })
    expect(buildMapping(fields({ prompt: 'q', solution: 'sol' }))).toEqual({ prompt: 'q', solution: 'sol' })
    expect(buildMapping(fields({ prompt: 'text', tests: 'test_list' }))).toEqual({ prompt: 'text', tests: 'test_list' })
    expect(buildMapping(fields({ prompt: 'q', answer: 'a', steps: 'steps', stepLabels: 'label' }))).toEqual({ prompt: 'q', answer: 'a', steps: 'steps', label: 'label' })
    expect(buildMapping(fields({ prompt: 'q', answer: 'a', steps: 's', stepLabels: 'r', stepLabelKind: 'labels' }))).toEqual({ prompt: 'q', answer: 'a', steps: 's', labels: 'r' })
  })

  it('names the form field at fault', () => {
    expect(formError(() => buildMapping(fields({ answer: 'a' }))).field).toBe('prompt')
    expect(formError(() => buildMapping(fields({ prompt: 'q' }))).field).toBe('answer')
    expect(formError(() => buildMapping(fields({ prompt: 'q', answer: 'a', solution: 's' }))).field).toBe('solution')
    expect(formError(() => buildMapping(fields({ prompt: 'q', answer: 'a', steps: 's' }))).field).toBe('stepLabels')
  })

  it('fills the form from a proposed mapping and keeps the keys it has no field for', () => {
    const proposal = { prompt: 'text', tests: 'test_list', testSetup: 'test_setup_code', id: 'task_id' }
    expect(mappingFields(proposal)).toEqual(fields({ prompt: 'text', tests: 'test_list' }))
    expect(extraMappingKeys(proposal)).toEqual({ testSetup: 'test_setup_code', id: 'task_id' })
    expect(mappingFields({ prompt: 'p', answer: 'a', steps: 's', labels: 'l' })).toMatchObject({ steps: 's', stepLabels: 'l', stepLabelKind: 'labels' })
  })

  it('summarises a row\'s step labels', () => {
    expect(stepLabelSummary({ stepLabels: { steps: ['a', 'b', 'c'], correct: [true, false, null] } })).toBe('3 steps: 1 right, 1 wrong')
    expect(stepLabelSummary({ prompt: 'x' })).toBeNull()
  })
})

describe('buildSplits', () => {
  it('turns percentages into fractions, and no split into undefined', () => {
    expect(buildSplits({ validationPercent: 5, testPercent: 10, seed: 3 })).toEqual({ validation: 0.05, test: 0.1, seed: 3 })
    expect(buildSplits({ validationPercent: 0, testPercent: 0, seed: 0 })).toBeUndefined()
  })

  it('refuses impossible fractions and seeds, naming the field', () => {
    expect(formError(() => buildSplits({ validationPercent: 60, testPercent: 50, seed: 0 })).field).toBe('testPercent')
    expect(formError(() => buildSplits({ validationPercent: -1, testPercent: 0, seed: 0 })).field).toBe('validationPercent')
    expect(formError(() => buildSplits({ validationPercent: Number.NaN, testPercent: 0, seed: 0 })).field).toBe('validationPercent')
    expect(formError(() => buildSplits({ validationPercent: 5, testPercent: 0, seed: 1.5 })).field).toBe('seed')
  })
})

describe('names and sizes', () => {
  it('derives a dataset name from a file name', () => {
    expect(nameFromFile('C:\\data\\gsm8k-train.parquet')).toBe('gsm8k-train')
    expect(nameFromFile('/tmp/math.v2.jsonl')).toBe('math.v2')
    expect(nameFromFile('notes')).toBe('notes')
  })

  it('formats byte counts', () => {
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(354 * 1024 * 1024)).toBe('354 MB')
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GB')
  })
})
