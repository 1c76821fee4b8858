import { describe, expect, it } from 'vitest'
import { pairBySeed } from './seed-pairs'
import { median, spread } from './summary'

describe('pairBySeed', () => {
  it('pairs the first run of each seed, in seed order, and lists the rest unpaired', () => {
    const a = [
      { seed: 3, value: 'a3' },
      { seed: 1, value: 'a1' },
      { seed: 1, value: 'a1-again' },
      { seed: null, value: 'a-none' },
      { seed: 5, value: 'a5' },
    ]
    const b = [
      { seed: 1, value: 'b1' },
      { seed: 3, value: 'b3' },
      { seed: 7, value: 'b7' },
    ]
    expect(pairBySeed(a, b)).toEqual({
      pairs: [
        { seed: 1, a: 'a1', b: 'b1' },
        { seed: 3, a: 'a3', b: 'b3' },
      ],
      unpaired: { a: [1, null, 5], b: [7] },
    })
    expect(pairBySeed([{ seed: 1, value: 0 }], [{ seed: 2, value: 0 }]).pairs).toEqual([])
  })
})

describe('spread over seeds', () => {
  it('takes the median of an odd and an even count with the range', () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, n: 3 })
    expect(spread([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, n: 4 })
    expect(median([])).toBeNull()
    expect(spread([])).toBeNull()
  })
})
