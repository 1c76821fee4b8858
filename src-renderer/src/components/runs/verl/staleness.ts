// Whether a followed verl run's data has stopped arriving: its metrics file (or the Ray job's log) has not grown for
// much longer than the run's own pace. Rows of a followed run are stamped when they arrive, so the gaps between
// their times are the pace; a run is stale when the last arrival is older than three of its usual gaps, and never
// before two minutes (a verl step with validation can take that long).
export const MIN_STALE_SECONDS = 120
const RECENT_GAPS = 10

export interface Staleness {
  stale: boolean
  /** Seconds since the last row arrived, or null before the first. */
  secondsSinceData: number | null
  /** The threshold used, seconds. */
  after: number
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** `times`: when each row arrived; `since`: when following started (Unix seconds), for a run that has no rows yet. */
export function staleness(rowTimes: readonly number[], now: number, since: number): Staleness {
  const times = [...rowTimes].sort((a, b) => a - b)
  const gaps = times.slice(-RECENT_GAPS - 1).flatMap((t, i, all) => (i === 0 ? [] : [t - (all[i - 1] as number)]))
  const after = Math.max(MIN_STALE_SECONDS, gaps.length ? 3 * median(gaps) : 0)
  const last = times.at(-1)
  const waited = now - (last ?? since)
  return { stale: waited > after, secondsSinceData: last === undefined ? null : Math.max(0, now - last), after }
}
