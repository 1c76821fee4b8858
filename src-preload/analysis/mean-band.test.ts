import { describe, expect, it } from 'vitest'
import { MAX_GRID_POINTS, commonGrid, groupCurve, meanBand } from './mean-band'

describe('meanBand', () => {
  it('averages aligned seeds point by point, with a min–max or a ±1 std band', () => {
    const seeds = [
      { xs: [1, 2, 3], ys: [0, 2, 4] },
      { xs: [1, 2, 3], ys: [2, 4, 8] },
      { xs: [1, 2, 3], ys: [1, 0, 0] },
    ]
    const band = meanBand(seeds)
    expect([...band.x]).toEqual([1, 2, 3])
    expect([...band.mean]).toEqual([1, 2, 4])
    expect([...band.lo]).toEqual([0, 0, 0])
    expect([...band.hi]).toEqual([2, 4, 8])
    expect([...band.n]).toEqual([3, 3, 3])
    // Population std at x = 3: values 4, 8, 0 around 4 → √(32 / 3).
    const std = meanBand(seeds, 'std')
    expect(std.hi[2]! - 4).toBeCloseTo(Math.sqrt(32 / 3), 12)
    expect(4 - std.lo[2]!).toBeCloseTo(Math.sqrt(32 / 3), 12)
  })

  it('interpolates runs logged at different x onto an even grid, and never extrapolates', () => {
    const band = meanBand([
      { xs: [0, 10], ys: [0, 10] },
      { xs: [5, 15], ys: [100, 200] },
    ])
    // Each run spans 10 of the 15 units with 2 points: the grid holds 3 evenly spaced points over 0–15.
    expect([...band.x]).toEqual([0, 7.5, 15])
    // x = 0: only run A; x = 7.5: A = 7.5 and B interpolated to 125; x = 15: only B.
    expect([...band.mean]).toEqual([0, 66.25, 200])
    expect([...band.n]).toEqual([1, 2, 1])
  })

  it('uses a given grid and skips grid points no run covers', () => {
    const band = meanBand([{ xs: [2, 4], ys: [1, 3] }], 'minmax', [0, 3, 4, 9])
    expect([...band.x]).toEqual([3, 4])
    expect([...band.mean]).toEqual([2, 3])
  })

  it('ignores NaN points instead of spreading them', () => {
    const band = meanBand([
      { xs: [1, 2, 3], ys: [1, Number.NaN, 3] },
      { xs: [1, 2, 3], ys: [1, 2, 3] },
    ])
    expect([...band.mean]).toEqual([1, 2, 3])
  })

  it('names the series whose arrays do not match', () => {
    expect(() => meanBand([{ xs: [1], ys: [1] }, { xs: [1, 2], ys: [1] }])).toThrow(/series 1 has 2 x and 1 y/)
  })

})

describe('commonGrid', () => {
  it('keeps the steps of seeds logged at the same iterations, a seed still training included', () => {
    expect([...commonGrid([{ xs: [1, 2, 3, 4], ys: [0, 0, 0, 0] }, { xs: [1, 2], ys: [0, 0] }, { xs: [], ys: [] }])]).toEqual([1, 2, 3, 4])
    expect([...commonGrid([{ xs: [2, 4, Number.NaN], ys: [0, 0, 0] }, { xs: [2, 4, 6], ys: [0, 0, 0] }])]).toEqual([2, 4, 6])
    expect(commonGrid([])).toHaveLength(0)
  })

  it('reads seeds on the grid’s own steps by index, as interpolating them would, and walks a grid with repeated x', () => {
    // Two seeds on the grid's own steps (typed, as run curves are; one still training), a third interpolated onto it.
    const steps = Float64Array.of(1, 2, 3, 4)
    const band = meanBand([
      { xs: steps, ys: Float64Array.of(0, 2, 4, 6) },
      { xs: steps.subarray(0, 2), ys: Float64Array.of(2, 6) },
      { xs: Float64Array.of(1, 2.5, 4), ys: Float64Array.of(4, 4, 10) },
    ])
    expect([...band.x]).toEqual([1, 2, 3, 4])
    expect([...band.n]).toEqual([3, 3, 2, 2])
    expect([...band.mean]).toEqual([2, 4, 5, 8])
    // A grid with a repeated x (rows of one iteration) takes the last of a seed's points at that x, on any path.
    const repeated = Float64Array.of(0, 0, 1)
    expect([...meanBand([{ xs: repeated, ys: Float64Array.of(1, 3, 5) }, { xs: repeated, ys: Float64Array.of(3, 5, 7) }]).mean]).toEqual([4, 4, 6])
  })

  it('spaces the grid evenly over every seed’s range on a wall-time axis, as dense as the densest seed', () => {
    // Seed A: 11 points over 0–100 s; seed B: 11 points over 3–123 s (slower, offset): neither holds the other's x.
    const a = { xs: Array.from({ length: 11 }, (_, i) => 10 * i), ys: new Array<number>(11).fill(0) }
    const b = { xs: Array.from({ length: 11 }, (_, i) => 3 + 12 * i), ys: new Array<number>(11).fill(0) }
    const grid = commonGrid([a, b])
    expect(grid[0]).toBe(0)
    expect(grid.at(-1)).toBe(123)
    // A's spacing of 10 s over the 123 s span: ceil(10 · 123 / 100) + 1 = 14 points, not the 22 of the union.
    expect(grid).toHaveLength(14)
    const steps = [...grid.slice(1)].map((x, i) => x - grid[i]!)
    for (const step of steps) expect(step).toBeCloseTo(123 / 13, 9)
  })

  it('caps the grid when one seed is logged far more densely than the others span', () => {
    const dense = { xs: Array.from({ length: 1000 }, (_, i) => i / 1000), ys: new Array<number>(1000).fill(0) }
    expect(commonGrid([dense, { xs: [0, 1e6], ys: [0, 0] }])).toHaveLength(MAX_GRID_POINTS)
  })
})

describe('groupCurve', () => {
  const a = { xs: [1, 2], ys: [0, 2] }
  const b = { xs: [1, 2], ys: [2, 4] }

  const f64 = (...values: number[]) => Float64Array.from(values)

  it('is a lone run’s own curve, or the mean with a min–max or ±1 std band', () => {
    expect(groupCurve([a, { xs: [], ys: [] }], 'minmax')).toEqual({ xs: f64(1, 2), ys: f64(0, 2), n: null, band: null })
    expect(groupCurve([a, b], 'minmax')).toEqual({ xs: f64(1, 2), ys: f64(1, 3), n: f64(2, 2), band: { lo: f64(0, 2), hi: f64(2, 4) } })
    expect(groupCurve([a, b], 'std')?.band).toEqual({ lo: f64(0, 2), hi: f64(2, 4) })
    expect(groupCurve([{ xs: [1], ys: [0] }, { xs: [1], ys: [4] }, { xs: [1], ys: [2] }], 'std')?.band?.hi[0]).toBeCloseTo(2 + Math.sqrt(8 / 3), 12)
    expect(groupCurve([], 'minmax')).toBeNull()
  })
})
