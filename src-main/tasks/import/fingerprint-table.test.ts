import { describe, expect, it } from 'vitest'
import { FingerprintTable, fingerprintOf } from './fingerprint-table'

describe('FingerprintTable', () => {
  it('stores the first value per string and returns it for repeats, across many resizes', () => {
    const table = new FingerprintTable(16)
    for (let i = 0; i < 50_000; i++) expect(table.getOrInsert(fingerprintOf(`item ${i}`), i)).toBeUndefined()
    expect(table.size).toBe(50_000)
    for (let i = 0; i < 50_000; i += 997) expect(table.getOrInsert(fingerprintOf(`item ${i}`), 123)).toBe(i)
    expect(table.getOrInsert(fingerprintOf('item 50000'), 7)).toBeUndefined()
    expect(table.size).toBe(50_001)
  })

  it('tells apart strings that differ in one character and keeps a value of 0', () => {
    const table = new FingerprintTable()
    expect(table.getOrInsert(fingerprintOf('x'), 0)).toBeUndefined()
    expect(table.getOrInsert(fingerprintOf('X'), 1)).toBeUndefined()
    expect(table.getOrInsert(fingerprintOf('x'), 5)).toBe(0)
    expect(table.getOrInsert(fingerprintOf('X'), 5)).toBe(1)
  })
})
