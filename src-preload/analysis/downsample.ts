// Downsampling that keeps spikes, for every chart of a long run (the app's canvas charts at their pixel width, the
// report's SVG charts at a fixed width). A chart `buckets` pixels wide cannot show more than one column of ink per pixel,
// and in each column a line's ink spans exactly from the smallest to the largest value in it. Keeping, per bucket
// of the x range, the points holding the minimum and the maximum (in x order), plus the first and the last point,
// therefore draws the same picture as the full series while bounding the points to 2·buckets + 2 per y array —
// unlike LTTB, which picks one point per bucket by triangle area and can drop a one-point spike.

/**
 * Indices of the points to keep. Several y arrays sharing one x array (a mean and its band) are reduced together,
 * so they keep a common x: per bucket, the extremes of every array. `xs` must be ascending for the bound to hold
 * (every series here is ordered by step); non-finite y values are never chosen as extremes. `from` and `to` reduce
 * only the points [from, to) — a zoomed chart's range — without copying the arrays; indices are into the arrays.
 */
export function downsampleIndices(xs: ArrayLike<number>, ysList: readonly ArrayLike<number>[], buckets: number, from = 0, to = xs.length): number[] {
  if (!Number.isInteger(buckets) || buckets < 1) throw new RangeError(`downsample: buckets must be a positive integer, got ${buckets}`)
  for (const ys of ysList) {
    if (ys.length !== xs.length) throw new RangeError(`downsample: a y array has ${ys.length} values for ${xs.length} x values`)
  }
  if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= xs.length)) {
    throw new RangeError(`downsample: points [${from}, ${to}) are not within the ${xs.length} given`)
  }
  const n = to - from
  if (n <= 2 * buckets * Math.max(1, ysList.length) + 2) return Array.from({ length: n }, (_, i) => from + i)

  const first = xs[from] as number
  const span = (xs[to - 1] as number) - first
  // Equal (or unordered) end points give no x range to divide: fall back to buckets of equal point counts.
  const byIndex = !(span > 0)
  const scale = byIndex ? buckets / n : buckets / span
  const arrays = ysList.length
  const minAt = new Int32Array(arrays).fill(-1)
  const maxAt = new Int32Array(arrays).fill(-1)
  const minValue = new Float64Array(arrays)
  const maxValue = new Float64Array(arrays)
  const kept: number[] = [from]
  const picked: number[] = []
  const flush = () => {
    picked.length = 0
    for (let k = 0; k < arrays; k++) {
      if (minAt[k]! >= 0) picked.push(minAt[k]!)
      if (maxAt[k]! >= 0 && maxAt[k] !== minAt[k]) picked.push(maxAt[k]!)
      minAt[k] = -1
      maxAt[k] = -1
    }
    if (picked.length > 1) picked.sort((a, b) => a - b)
    for (const index of picked) if (index > kept[kept.length - 1]!) kept.push(index)
  }

  // The hot loop (160k points per panel for 8 long runs): plain locals, no per-point closures or allocations.
  let bucket = -1
  for (let i = from; i < to; i++) {
    let b = Math.floor(byIndex ? (i - from) * scale : ((xs[i] as number) - first) * scale)
    b = b < 0 ? 0 : b >= buckets ? buckets - 1 : b
    if (b !== bucket) {
      if (bucket >= 0) flush()
      bucket = b
    }
    for (let k = 0; k < arrays; k++) {
      const y = (ysList[k] as ArrayLike<number>)[i] as number
      if (!(y - y === 0)) continue // NaN or ±Infinity
      if (minAt[k]! < 0 || y < minValue[k]!) {
        minAt[k] = i
        minValue[k] = y
      }
      if (maxAt[k]! < 0 || y > maxValue[k]!) {
        maxAt[k] = i
        maxValue[k] = y
      }
    }
  }
  flush()
  if (kept[kept.length - 1] !== to - 1) kept.push(to - 1)
  return kept
}

/** One series reduced to at most 2·buckets + 2 points, spikes kept. */
export function downsampleMinMax(xs: ArrayLike<number>, ys: ArrayLike<number>, buckets: number): { xs: number[]; ys: number[] } {
  const indices = downsampleIndices(xs, [ys], buckets)
  return { xs: indices.map((i) => xs[i] as number), ys: indices.map((i) => ys[i] as number) }
}
