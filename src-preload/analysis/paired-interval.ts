// A mean over seed pairs with its paired t-interval: the per-pair differences (or log ratios) d_1..d_n, their mean,
// the sample standard deviation s (n − 1 in the denominator), the standard error s/√n, and the interval
// mean ± t_{(1+c)/2, n−1} · s/√n with Student's t quantile for n − 1 degrees of freedom (student-t.ts). Pairing
// by seed removes what the two arms share (the prompts, the SFT start), so the interval is about the algorithm.
// One pair gives a mean but no interval; the readouts then say there is none rather than draw a zero-width one.
import { studentTQuantile } from './student-t'

export interface PairedInterval {
  n: number
  mean: number
  /** Sample standard deviation (n − 1); null with one pair. */
  sd: number | null
  /** Standard error of the mean, sd/√n; null with one pair. */
  se: number | null
  /** The t quantile used, t_{(1+confidence)/2, n−1}; null with one pair. */
  t: number | null
  confidence: number
  /** The interval's ends; null with one pair. */
  lo: number | null
  hi: number | null
}

export const DEFAULT_CONFIDENCE = 0.95

/** Null when there is no value at all. */
export function pairedInterval(values: readonly number[], confidence = DEFAULT_CONFIDENCE): PairedInterval | null {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`pairedInterval: confidence must be in (0, 1), got ${confidence}`)
  const bad = values.find((v) => !Number.isFinite(v))
  if (bad !== undefined) throw new RangeError(`pairedInterval: every value must be a finite number, got ${bad}`)
  const n = values.length
  if (n === 0) return null
  const mean = values.reduce((sum, v) => sum + v, 0) / n
  if (n === 1) return { n, mean, sd: null, se: null, t: null, confidence, lo: null, hi: null }
  const sd = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1))
  const se = sd / Math.sqrt(n)
  const t = studentTQuantile((1 + confidence) / 2, n - 1)
  return { n, mean, sd, se, t, confidence, lo: mean - t * se, hi: mean + t * se }
}
