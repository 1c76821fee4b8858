// Sample efficiency: how long a run took to reach a reward level. The caller chooses the curve: the view passes
// the curve as displayed (EMA-smoothed when smoothing is on, raw otherwise) and says which next to the numbers —
// on a raw curve one lucky batch can cross the line long before the run holds that level.

export interface ReachPoint {
  /** The first iteration (step) at which the curve reached the threshold. */
  iteration: number
  /** Wall time (s) at that iteration. */
  wallTime: number
}

export interface ReachInput {
  steps: readonly number[]
  wallTimes: readonly number[]
  /** The curve to test, aligned with steps. */
  values: readonly number[]
}

/** The first point at or beyond `threshold` (≥ when higher is better, ≤ otherwise); null if never reached. */
export function reachTime(series: ReachInput, threshold: number, higherIsBetter = true): ReachPoint | null {
  if (!Number.isFinite(threshold)) throw new RangeError(`reachTime: threshold must be a finite number, got ${threshold}`)
  for (let i = 0; i < series.values.length; i++) {
    const value = series.values[i] as number
    if (higherIsBetter ? value >= threshold : value <= threshold) {
      return { iteration: series.steps[i] as number, wallTime: series.wallTimes[i] as number }
    }
  }
  return null
}

/**
 * A threshold every given curve reaches: the lowest of their peaks (highest of their troughs when lower is
 * better). Offered as the default so the readout has numbers for every run before the user picks a level.
 */
export function commonThreshold(curves: readonly (readonly number[])[], higherIsBetter = true): number | null {
  const peaks = curves
    .map((values) => values.filter(Number.isFinite))
    .filter((values) => values.length > 0)
    .map((values) => values.reduce((a, b) => (higherIsBetter ? Math.max(a, b) : Math.min(a, b))))
  if (peaks.length === 0) return null
  return higherIsBetter ? Math.min(...peaks) : Math.max(...peaks)
}
