// Every chart draw leaves a User Timing mark (`chart:drawn`) saying what it drew, so `npm run bench:ui` can tell
// from the page's own timeline when a view was fully painted. Marks are cleared from the timeline at once —
// PerformanceObservers still receive them — so a long session does not accumulate them.
import type { ChartLine } from './chartTypes'

export const DRAWN_MARK = 'chart:drawn'

export interface DrawnDetail {
  /** The chart's accessible label (a compare panel's starts with its title and a colon). */
  label: string
  lines: number
  /** The smallest last x over the lines (how far every line reaches); null without lines. */
  lastX: number | null
  /** The fewest runs averaged into a line's last point (1 for a single run's line); null without lines. */
  lastN: number | null
}

export function markDrawn(label: string, lines: readonly ChartLine[]): void {
  let lastX: number | null = null
  let lastN: number | null = null
  for (const line of lines) {
    const x = line.xs[line.xs.length - 1] ?? Number.NaN
    const n = line.n?.[line.n.length - 1] ?? 1
    lastX = lastX === null ? x : Math.min(lastX, x)
    lastN = lastN === null ? n : Math.min(lastN, n)
  }
  const detail: DrawnDetail = { label, lines: lines.length, lastX, lastN }
  performance.mark(DRAWN_MARK, { detail })
  performance.clearMarks(DRAWN_MARK)
}
