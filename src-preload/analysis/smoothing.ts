// Smoothing, one definition for every curve a comparison draws, averages or tests against a level. Two kinds:
// none, or the exponential moving average TensorBoard's scalar dashboard computes — `weight` is the share of the
// previous smoothed value kept at each point (0 = no smoothing), and the result is debiased by 1 − weight^k so the
// first points are not dragged towards zero. Non-finite points pass through unchanged and do not enter the average,
// as in TensorBoard, so a single NaN does not poison the rest of the curve.
//
// Why EMA rather than a trailing mean: it is what the Compare view has always drawn (a reader sees the curve the
// numbers are read from), it reacts to every point with no window edge, and weight 0.6 averages over about
// (1 + w) / (1 − w) = 4 points — close to the trailing mean of 5 the report once used.
import type { Smoothing } from '../contract/schemas'

/** The EMA weight every readout uses unless told otherwise (the Compare view's default). */
export const DEFAULT_EMA_WEIGHT = 0.6
export const DEFAULT_SMOOTHING: Smoothing = { kind: 'ema', weight: DEFAULT_EMA_WEIGHT }

export function ema(values: ArrayLike<number>, weight: number): Float64Array {
  if (!(weight >= 0 && weight < 1)) throw new RangeError(`ema: weight must be in [0, 1), got ${weight}`)
  const smoothed = new Float64Array(values.length)
  let last = 0
  let decay = 1 // weight^k after k finite points, kept as a running product rather than a power per point
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number
    if (!Number.isFinite(value)) {
      smoothed[i] = value
      continue
    }
    last = last * weight + (1 - weight) * value
    decay *= weight
    smoothed[i] = last / (1 - decay)
  }
  return smoothed
}

/** `values` (in step order) smoothed as `smoothing` says; a new array either way. */
export function smooth(values: ArrayLike<number>, smoothing: Smoothing): Float64Array {
  return smoothing.kind === 'ema' ? ema(values, smoothing.weight) : Float64Array.from(values)
}

/** The smoothing as every readout names it: "EMA, weight 0.60" or "no smoothing". */
export function describeSmoothing(smoothing: Smoothing): string {
  return smoothing.kind === 'ema' ? `EMA, weight ${smoothing.weight.toFixed(2)}` : 'no smoothing'
}

/** The CLI's `--smoothing` text: `none`, `ema` (weight 0.6) or `ema:W` with W in [0, 0.99]. */
export function parseSmoothing(text: string): Smoothing {
  const [kind, weightText, ...rest] = text.trim().split(':')
  if (kind === 'none' && weightText === undefined) return { kind: 'none' }
  if (kind === 'ema' && rest.length === 0) {
    if (weightText === undefined) return DEFAULT_SMOOTHING
    const weight = Number(weightText)
    if (weightText.trim() !== '' && weight >= 0 && weight <= 0.99) return { kind: 'ema', weight }
  }
  throw new RangeError(`smoothing "${text}": expected none, ema or ema:W with a weight W from 0 to 0.99 (e.g. ema:0.6)`)
}
