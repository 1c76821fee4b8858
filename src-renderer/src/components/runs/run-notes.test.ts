import { describe, expect, it } from 'vitest'
import { parseTags } from './run-notes'

describe('parseTags', () => {
  it('splits on commas, trims, lower-cases, collapses spaces and drops empties and repeats', () => {
    expect(parseTags(' PRIME, seed  1,,prime , baseline ')).toEqual(['prime', 'seed 1', 'baseline'])
    expect(parseTags('')).toEqual([])
    expect(parseTags('x'.repeat(41))).toEqual([])
  })
})
