// Exponential moving average as TensorBoard's scalar dashboard computes it: `weight` is the share of the previous
// smoothed value kept at each point (0 = no smoothing), and the result is debiased by 1 − weight^k so the first
// points are not dragged towards zero. Non-finite points pass through unchanged and do not enter the average,
// as in TensorBoard, so a single NaN does not poison the rest of the curve.

export function ema(values: readonly number[], weight: number): number[] {
  if (!(weight >= 0 && weight < 1)) throw new RangeError(`ema: weight must be in [0, 1), got ${weight}`)
  const smoothed = new Array<number>(values.length)
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
