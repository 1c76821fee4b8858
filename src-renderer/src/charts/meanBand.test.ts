import { describe, expect, it } from 'vitest'
import { meanBand, unionGrid } from './meanBand'

describe('meanBand', () => {
  it('averages aligned seeds point by point, with min/max and std', () => {
    const band = meanBand([
      { xs: [1, 2, 3], ys: [0, 2, 4] },
      { xs: [1, 2, 3], ys: [2, 4, 8] },
    ])
    expect(band.x).toEqual([1, 2, 3])
    expect(band.mean).toEqual([1, 3, 6])
    expect(band.min).toEqual([0, 2, 4])
    expect(band.max).toEqual([2, 4, 8])
    expect(band.std).toEqual([1, 1, 2])
    expect(band.n).toEqual([2, 2, 2])
  })

  it('interpolates runs logged at different x, and never extrapolates', () => {
    const band = meanBand([
      { xs: [0, 10], ys: [0, 10] },
      { xs: [5, 15], ys: [100, 200] },
    ])
    expect(band.x).toEqual([0, 5, 10, 15])
    // x = 0: only run A; x = 5: A interpolated to 5 and B = 100; x = 10: A = 10, B interpolated = 150; x = 15: only B.
    expect(band.mean).toEqual([0, 52.5, 80, 200])
    expect(band.n).toEqual([1, 2, 2, 1])
  })

  it('uses a given grid and skips grid points no run covers', () => {
    const band = meanBand([{ xs: [2, 4], ys: [1, 3] }], [0, 3, 4, 9])
    expect(band.x).toEqual([3, 4])
    expect(band.mean).toEqual([2, 3])
  })

  it('ignores NaN points instead of spreading them', () => {
    const band = meanBand([
      { xs: [1, 2, 3], ys: [1, Number.NaN, 3] },
      { xs: [1, 2, 3], ys: [1, 2, 3] },
    ])
    expect(band.mean).toEqual([1, 2, 3])
  })

  it('names the series whose arrays do not match', () => {
    expect(() => meanBand([{ xs: [1], ys: [1] }, { xs: [1, 2], ys: [1] }])).toThrow(/series 1 has 2 x and 1 y/)
  })

  it('builds a sorted, de-duplicated union grid', () => {
    expect(unionGrid([{ xs: [3, 1], ys: [0, 0] }, { xs: [2, 3, Number.NaN], ys: [0, 0, 0] }])).toEqual([1, 2, 3])
  })
})
