// Long runs log tens of thousands of iterations; an SVG path with every point would make a report of many
// megabytes with no visible gain. Keeping each bucket's lowest and highest point (in their original order) draws
// the same envelope — noise and spikes stay visible, unlike a bucket mean — from at most `maxPoints` points.
export function downsampleMinMax(points: readonly [number, number][], maxPoints = 800): [number, number][] {
  if (maxPoints < 4) throw new RangeError(`downsampleMinMax: maxPoints must be at least 4, got ${maxPoints}`)
  if (points.length <= maxPoints) return [...points]
  // Two points per bucket, plus the first and last points so the line spans the same range.
  const buckets = Math.floor((maxPoints - 2) / 2)
  const kept = new Set<number>([0, points.length - 1])
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * points.length) / buckets)
    const end = Math.floor(((b + 1) * points.length) / buckets)
    let lo = start
    let hi = start
    for (let i = start; i < end; i++) {
      const value = (points[i] as [number, number])[1]
      if (value < (points[lo] as [number, number])[1]) lo = i
      if (value > (points[hi] as [number, number])[1]) hi = i
    }
    kept.add(lo).add(hi)
  }
  return [...kept].sort((a, b) => a - b).map((i) => points[i] as [number, number])
}
