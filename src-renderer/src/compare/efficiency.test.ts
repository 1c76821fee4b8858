import { describe, expect, it } from 'vitest'
import { efficiencyRatio, spread } from './efficiency'

const at = (seed: number | null, iteration: number | null, wallTime = iteration === null ? 0 : iteration * 2) => ({
  seed,
  reach: iteration === null ? null : { iteration, wallTime },
})

describe('efficiencyRatio', () => {
  it('pairs seeds and reports the median and range of baseline ÷ PRIME', () => {
    const result = efficiencyRatio([at(1, 10), at(2, 20), at(3, 10)], [at(3, 40), at(1, 25), at(2, 30)])
    expect(result.pairs.map((p) => [p.seed, p.iterations])).toEqual([[1, 2.5], [2, 1.5], [3, 4]])
    expect(result.iterations).toEqual({ median: 2.5, min: 1.5, max: 4, n: 3 })
    expect(result.wallTime).toEqual({ median: 2.5, min: 1.5, max: 4, n: 3 })
  })

  it('uses wall time independently of iterations', () => {
    const result = efficiencyRatio([{ seed: 1, reach: { iteration: 10, wallTime: 100 } }], [{ seed: 1, reach: { iteration: 30, wallTime: 150 } }])
    expect(result.iterations?.median).toBe(3)
    expect(result.wallTime?.median).toBe(1.5)
  })

  it('leaves out seeds that did not reach the level and lists unpaired seeds', () => {
    const result = efficiencyRatio([at(1, 10), at(2, null), at(5, 10), at(null, 3)], [at(1, 20), at(2, 50), at(7, 9)])
    expect(result.pairs).toEqual([
      { seed: 1, iterations: 2, wallTime: 2 },
      { seed: 2, iterations: null, wallTime: null },
    ])
    expect(result.iterations).toEqual({ median: 2, min: 2, max: 2, n: 1 })
    expect(result.unpaired).toEqual({ prime: [null, 5], baseline: [7] })
  })

  it('has no ratio when no seed is shared', () => {
    const result = efficiencyRatio([at(1, 10)], [at(2, 10)])
    expect(result.iterations).toBeNull()
    expect(result.pairs).toEqual([])
  })

  it('computes a median over an even count', () => {
    expect(spread([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, n: 4 })
    expect(spread([])).toBeNull()
  })
})
