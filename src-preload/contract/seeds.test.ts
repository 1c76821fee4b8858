import { describe, expect, it } from 'vitest'
import { parseSeeds, seedRange } from './seeds'

describe('parseSeeds', () => {
  it('reads commas, spaces and ranges, keeping the order given', () => {
    expect(parseSeeds('1,2,3')).toEqual({ ok: true, seeds: [1, 2, 3] })
    expect(parseSeeds(' 7 3, 5 ')).toEqual({ ok: true, seeds: [7, 3, 5] })
    expect(parseSeeds('1-4, 9')).toEqual({ ok: true, seeds: [1, 2, 3, 4, 9] })
    expect(parseSeeds('0')).toEqual({ ok: true, seeds: [0] })
  })

  it('says what is wrong with a bad list', () => {
    expect(parseSeeds('')).toEqual({ ok: false, error: 'list at least one seed, e.g. 1,2,3' })
    expect(parseSeeds('1,x')).toMatchObject({ ok: false, error: expect.stringContaining('"x" is not a seed') })
    expect(parseSeeds('-1')).toMatchObject({ ok: false, error: expect.stringContaining('"-1" is not a seed') })
    expect(parseSeeds('1.5')).toMatchObject({ ok: false })
    expect(parseSeeds('1,1')).toEqual({ ok: false, error: 'each seed may appear only once' })
    expect(parseSeeds('5-2')).toEqual({ ok: false, error: 'range 5-2 runs backwards' })
    expect(parseSeeds('1-17')).toMatchObject({ ok: false, error: expect.stringContaining('more than 16') })
    expect(parseSeeds('1-10,11-17')).toEqual({ ok: false, error: 'at most 16 seeds' })
    expect(parseSeeds('2147483648')).toMatchObject({ ok: false, error: expect.stringContaining('larger than') })
  })
})

describe('seedRange', () => {
  it('counts seeds up from the first one', () => {
    expect(seedRange(1, 3)).toEqual({ ok: true, seeds: [1, 2, 3] })
    expect(seedRange(0, 1)).toEqual({ ok: true, seeds: [0] })
  })

  it('says what is wrong with a count or a first seed', () => {
    expect(seedRange(1, 0)).toEqual({ ok: false, error: 'run at least one seed' })
    expect(seedRange(-1, 2)).toEqual({ ok: false, error: 'the first seed is a whole number ≥ 0' })
    expect(seedRange(1, 17)).toEqual({ ok: false, error: 'at most 16 seeds' })
    expect(seedRange(2 ** 31 - 2, 3)).toMatchObject({ ok: false, error: expect.stringContaining('larger than') })
  })
})
