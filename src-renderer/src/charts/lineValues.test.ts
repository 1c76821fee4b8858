import { describe, expect, it } from 'vitest'
import { nearestIndex, valuesAt } from './lineValues'

describe('the values under the crosshair', () => {
  it('finds the nearest point of an ascending x, the earlier one on a tie, and clamps at the ends', () => {
    const xs = [0, 10, 20, 30]
    expect([-5, 0, 4, 5, 6, 14, 26, 30, 99].map((x) => nearestIndex(xs, x))).toEqual([0, 0, 0, 0, 1, 1, 3, 3, 3])
    expect(nearestIndex([], 3)).toBe(-1)
    expect(nearestIndex([7], -1e9)).toBe(0)
  })

  it('agrees with a scan of every point on uneven x with repeats', () => {
    const xs = [1, 1.5, 1.5, 4, 9, 9.25, 30, 31, 31, 100]
    const scan = (x: number) => xs.reduce((best, v, i) => (Math.abs(v - x) < Math.abs((xs[best] as number) - x) ? i : best), 0)
    for (let x = -3; x <= 104; x += 0.125) expect(xs[nearestIndex(xs, x)]).toBe(xs[scan(x)])
  })

  it('lists each line’s nearest point with its runs averaged, in the lines’ order, leaving out empty lines', () => {
    const lines = [
      { id: 'p', name: 'prime', color: 'red', dash: 'solid' as const, xs: Float64Array.of(0, 10, 20), ys: Float64Array.of(0.1, 0.2, Number.NaN), n: Float64Array.of(2, 2, 1) },
      { id: 'e', name: 'empty', color: 'blue', dash: 'solid' as const, xs: [], ys: [] },
      { id: 'r', name: 'rloo', color: 'green', dash: 'dashed' as const, xs: [0, 5, 25], ys: [1, 2, 3] },
    ]
    expect(valuesAt(lines, 18)).toEqual([
      { id: 'p', name: 'prime', color: 'red', x: 20, y: Number.NaN, n: 1 },
      { id: 'r', name: 'rloo', color: 'green', x: 25, y: 3 },
    ])
    expect(valuesAt(lines, 4).map((v) => [v.x, v.y])).toEqual([
      [0, 0.1],
      [5, 2],
    ])
  })
})
