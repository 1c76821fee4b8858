// Seed means and bands: the mean of several runs (seeds of one config) and the spread around it, on one common x
// grid (commonGrid). Runs log at their own x values (wall time, samples seen), so each run is linearly interpolated
// onto the grid, never extrapolated: at a grid point only the runs whose range covers it count, and `n` says how
// many did, so a seed that stopped early (or is still streaming) narrows the count rather than pulling the mean
// towards a made-up value. Curves are smoothed per run before they get here (run-curve.ts), so a group's mean is
// the mean of the curves a reader sees for its seeds.

/** Plain or typed arrays (run curves are typed: runCurve). */
export interface XYSeries {
  /** Ascending. */
  xs: ArrayLike<number>
  ys: ArrayLike<number>
}

export interface MeanBand {
  x: number[]
  mean: number[]
  min: number[]
  max: number[]
  /** Population standard deviation over the runs covering each point (0 where only one does). */
  std: number[]
  /** How many runs cover each point. */
  n: number[]
}

/** Only the finite points, so a NaN never enters an interpolation (the arrays themselves when all are finite). */
function finitePoints(series: XYSeries): XYSeries {
  let allFinite = true
  for (let i = 0; i < series.xs.length && allFinite; i++) allFinite = Number.isFinite(series.xs[i]) && Number.isFinite(series.ys[i])
  if (allFinite) return series
  const xs: number[] = []
  const ys: number[] = []
  for (let i = 0; i < series.xs.length; i++) {
    const x = series.xs[i] as number
    const y = series.ys[i] as number
    if (Number.isFinite(x) && Number.isFinite(y)) {
      xs.push(x)
      ys.push(y)
    }
  }
  return { xs, ys }
}

/** The first `length` values as a plain array (Array.from on a typed array walks an iterator: several times slower). */
function toArray(values: ArrayLike<number>, length: number): number[] {
  const out = new Array<number>(length)
  for (let i = 0; i < length; i++) out[i] = values[i] as number
  return out
}

function isPrefixOf(xs: ArrayLike<number>, of: ArrayLike<number>): boolean {
  if (xs === of) return true
  if (xs.length > of.length) return false
  for (let i = 0; i < xs.length; i++) if (xs[i] !== of[i]) return false
  return true
}

/** Bounds the grid when one seed is logged far more densely than the span of the others. */
export const MAX_GRID_POINTS = 100_000

/**
 * The x values a group's mean and band are computed at. Seeds logged at the same x values (the iteration axis,
 * where a seed still training holds a prefix of another's steps) keep exactly those points. Otherwise (wall time,
 * samples seen) the grid is evenly spaced from the first x of any seed to the last, as dense as the densest seed,
 * and every seed is interpolated onto it: averaging at the union of the seeds' own x values instead would put each
 * seed's raw point next to the others' interpolations, point after point, and draw a jagged mean with triangular
 * bands.
 */
export function commonGrid(seriesList: readonly XYSeries[]): number[] {
  const clean = seriesList.map(finitePoints).filter((s) => s.xs.length > 0)
  const longest = clean.reduce<XYSeries | null>((a, b) => (a === null || b.xs.length > a.xs.length ? b : a), null)
  if (longest === null) return []
  if (clean.every((s) => isPrefixOf(s.xs, longest.xs))) return toArray(longest.xs, longest.xs.length)
  let start = Infinity
  let end = -Infinity
  for (const { xs } of clean) {
    start = Math.min(start, xs[0] as number)
    end = Math.max(end, xs[xs.length - 1] as number)
  }
  if (!(end > start)) return [start]
  let count = 2
  for (const { xs } of clean) {
    const span = (xs[xs.length - 1] as number) - (xs[0] as number)
    if (span > 0) count = Math.max(count, Math.ceil(((xs.length - 1) * (end - start)) / span) + 1)
  }
  count = Math.min(count, MAX_GRID_POINTS)
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? end : start + (i * (end - start)) / (count - 1)))
}

export function meanBand(seriesList: readonly XYSeries[], xGrid?: readonly number[]): MeanBand {
  const clean = seriesList.map((s, index) => {
    if (s.xs.length !== s.ys.length) throw new RangeError(`meanBand: series ${index} has ${s.xs.length} x and ${s.ys.length} y values`)
    return finitePoints(s)
  })
  const grid = xGrid ?? commonGrid(clean)
  // Written by index into arrays sized for the whole grid and cut to the points some run covers at the end:
  // pushing 20,000 points onto six growing arrays cost more than the averaging itself.
  const size = grid.length
  const out: MeanBand = { x: new Array<number>(size), mean: new Array<number>(size), min: new Array<number>(size), max: new Array<number>(size), std: new Array<number>(size), n: new Array<number>(size) }
  let kept = 0
  // One cursor per series walks forward with the grid: O(grid × series + points) overall, no allocation per point.
  const k = clean.length
  const xsOf = clean.map((c) => c.xs)
  const ysOf = clean.map((c) => c.ys)
  const cursor = new Int32Array(k)
  const values = new Float64Array(k)
  for (let g = 0; g < size; g++) {
    const x = grid[g] as number
    let count = 0
    for (let s = 0; s < k; s++) {
      const xs = xsOf[s]!
      const ys = ysOf[s]!
      const last = xs.length - 1
      if (last < 0 || x < (xs[0] as number) || x > (xs[last] as number)) continue
      let i = cursor[s]!
      while (i < last && (xs[i + 1] as number) <= x) i++
      cursor[s] = i
      const x0 = xs[i] as number
      const y0 = ys[i] as number
      values[count++] = x0 === x || i === last ? y0 : y0 + (((ys[i + 1] as number) - y0) * (x - x0)) / ((xs[i + 1] as number) - x0)
    }
    if (count === 0) continue
    let sum = 0
    let lo = Infinity
    let hi = -Infinity
    for (let v = 0; v < count; v++) {
      const value = values[v]!
      sum += value
      if (value < lo) lo = value
      if (value > hi) hi = value
    }
    const mean = sum / count
    let squares = 0
    for (let v = 0; v < count; v++) {
      const d = values[v]! - mean
      squares += d * d
    }
    out.x[kept] = x
    out.mean[kept] = mean
    out.min[kept] = lo
    out.max[kept] = hi
    out.std[kept] = Math.sqrt(squares / count)
    out.n[kept++] = count
  }
  for (const column of Object.values(out) as number[][]) column.length = kept
  return out
}

/** The band around a group's mean: the lowest and highest seed, or the mean ± one (population) standard deviation. */
export type BandKind = 'minmax' | 'std'

/** What a chart draws for one group of runs: its one run's curve, or the mean over its seeds with a band. */
export interface GroupCurve {
  xs: number[]
  ys: number[]
  /** Runs averaged into each point; null for a group of one. */
  n: number[] | null
  band: { lo: number[]; hi: number[] } | null
}

/** The group's curve from its runs' curves (those without points left out); null when no run has a point. */
export function groupCurve(curves: readonly XYSeries[], band: BandKind): GroupCurve | null {
  const drawn = curves.filter((c) => c.xs.length > 0)
  const only = drawn.length === 1 ? drawn[0] : undefined
  if (only) return { xs: toArray(only.xs, only.xs.length), ys: toArray(only.ys, only.ys.length), n: null, band: null }
  if (drawn.length === 0) return null
  const m = meanBand(drawn)
  const lo = band === 'std' ? m.mean.map((v, i) => v - (m.std[i] as number)) : m.min
  const hi = band === 'std' ? m.mean.map((v, i) => v + (m.std[i] as number)) : m.max
  return { xs: m.x, ys: m.mean, n: m.n, band: { lo, hi } }
}
