import { describe, expect, it } from 'vitest'
import { buildMapping, buildSplits, formatBytes, FormError, nameFromFile } from './import-form'

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
  it('is undefined when nothing is filled in, and trims the names', () => {
    expect(buildMapping({ prompt: ' ', answer: '', solution: '' })).toBeUndefined()
    expect(buildMapping({ prompt: ' q.text ', answer: 'a', solution: '' })).toEqual({ prompt: 'q.text', answer: 'a' })
    expect(buildMapping({ prompt: 'q', answer: '', solution: 'sol' })).toEqual({ prompt: 'q', solution: 'sol' })
  })

  it('names the form field at fault', () => {
    expect(formError(() => buildMapping({ prompt: '', answer: 'a', solution: '' })).field).toBe('prompt')
    expect(formError(() => buildMapping({ prompt: 'q', answer: '', solution: '' })).field).toBe('answer')
    expect(formError(() => buildMapping({ prompt: 'q', answer: 'a', solution: 's' })).field).toBe('solution')
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
