// What a chart lists under the crosshair: each line's point nearest the pointer's x, found by bisection (every
// curve's x only grows: iterations, or wall time), on the hovered chart only — where ECharts' axis tooltip searched
// every point of every series of every chart of a group (crosshair.ts).
import type { ChartLine } from './chartTypes'

export interface LineValue {
  id: string
  name: string
  color: string
  /** The point's x and y (y is NaN where the line has a gap). */
  x: number
  y: number
  /** Runs averaged into the point (a group's mean line). */
  n?: number
}

/** The index of the point of `xs` (ascending) nearest to `x`; the earlier one on a tie; -1 when there is none. */
export function nearestIndex(xs: ArrayLike<number>, x: number): number {
  if (xs.length === 0) return -1
  let lo = 0
  let hi = xs.length - 1
  // The first index whose x is at least `x` (or the last).
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((xs[mid] as number) < x) lo = mid + 1
    else hi = mid
  }
  if (lo > 0 && x - (xs[lo - 1] as number) <= Math.abs((xs[lo] as number) - x)) return lo - 1
  return lo
}

/** Each line's point nearest to `x`, in the lines' order; lines without points are left out. */
export function valuesAt(lines: readonly ChartLine[], x: number): LineValue[] {
  return lines.flatMap((line) => {
    const i = nearestIndex(line.xs, x)
    if (i < 0) return []
    const n = line.n?.[i]
    return [{ id: line.id, name: line.name, color: line.color, x: line.xs[i] as number, y: line.ys[i] as number, ...(n !== undefined ? { n } : {}) }]
  })
}
