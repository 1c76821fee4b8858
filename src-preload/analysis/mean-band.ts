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

/** The band around a group's mean: the lowest and highest seed, or the mean ± one (population) standard deviation. */
export type BandKind = 'minmax' | 'std'

/**
 * Typed arrays throughout, and no more of them than a chart draws: a comparison averages 48 groups of
 * 20,000-point curves when it opens, V8 reads and writes float64 arrays several times faster than plain arrays
 * of numbers (1.3 vs 7 ms per 4 × 20,000), and filling memory new to the process costs more than the averaging.
 */
export interface MeanBand {
  /** The grid points some run covers (the grid itself when every point is covered). */
  x: Float64Array
  mean: Float64Array
  /** The band's edges: the lowest and highest run (minmax), or the mean ∓ one population std over the runs (std). */
  lo: Float64Array
  hi: Float64Array
  /** How many runs cover each point. */
  n: Float64Array
}

/** Only the finite points, so a NaN never enters an interpolation (the arrays themselves when all are finite). */
function finitePoints(series: XYSeries): { xs: Float64Array; ys: Float64Array } {
  let allFinite = true
  for (let i = 0; i < series.xs.length && allFinite; i++) allFinite = Number.isFinite(series.xs[i]) && Number.isFinite(series.ys[i])
  if (allFinite) return { xs: float64(series.xs), ys: float64(series.ys) }
  const xs = new Float64Array(series.xs.length)
  const ys = new Float64Array(series.xs.length)
  let kept = 0
  for (let i = 0; i < series.xs.length; i++) {
    const x = series.xs[i] as number
    const y = series.ys[i] as number
    if (Number.isFinite(x) && Number.isFinite(y)) {
      xs[kept] = x
      ys[kept++] = y
    }
  }
  return { xs: xs.subarray(0, kept), ys: ys.subarray(0, kept) }
}

/** The values as a float64 array: themselves when they are one (run curves are), else a copy. */
function float64(values: ArrayLike<number>): Float64Array {
  return values instanceof Float64Array ? values : Float64Array.from(values)
}

function isPrefixOf(xs: ArrayLike<number>, of: ArrayLike<number>): boolean {
  if (xs === of) return true
  if (xs.length > of.length) return false
  for (let i = 0; i < xs.length; i++) if (xs[i] !== of[i]) return false
  return true
}

function isStrictlyAscending(xs: Float64Array): boolean {
  for (let i = 1; i < xs.length; i++) if (!((xs[i] as number) > (xs[i - 1] as number))) return false
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
export function commonGrid(seriesList: readonly XYSeries[]): Float64Array {
  const clean = seriesList.map(finitePoints).filter((s) => s.xs.length > 0)
  const longest = clean.reduce<XYSeries | null>((a, b) => (a === null || b.xs.length > a.xs.length ? b : a), null)
  if (longest === null) return new Float64Array(0)
  if (clean.every((s) => isPrefixOf(s.xs, longest.xs))) return float64(longest.xs)
  let start = Infinity
  let end = -Infinity
  for (const { xs } of clean) {
    start = Math.min(start, xs[0] as number)
    end = Math.max(end, xs[xs.length - 1] as number)
  }
  if (!(end > start)) return Float64Array.of(start)
  let count = 2
  for (const { xs } of clean) {
    const span = (xs[xs.length - 1] as number) - (xs[0] as number)
    if (span > 0) count = Math.max(count, Math.ceil(((xs.length - 1) * (end - start)) / span) + 1)
  }
  count = Math.min(count, MAX_GRID_POINTS)
  const grid = new Float64Array(count)
  for (let i = 0; i < count; i++) grid[i] = i === count - 1 ? end : start + (i * (end - start)) / (count - 1)
  return grid
}

export function meanBand(seriesList: readonly XYSeries[], band: BandKind = 'minmax', xGrid?: ArrayLike<number>): MeanBand {
  const clean = seriesList.map((s, index) => {
    if (s.xs.length !== s.ys.length) throw new RangeError(`meanBand: series ${index} has ${s.xs.length} x and ${s.ys.length} y values`)
    return finitePoints(s)
  })
  const grid = xGrid ? float64(xGrid) : commonGrid(clean)
  // Written by index into arrays sized for the whole grid and cut to the points some run covers at the end; x is
  // the grid's own array until a grid point is found uncovered.
  const size = grid.length
  const out = { mean: new Float64Array(size), lo: new Float64Array(size), hi: new Float64Array(size), n: new Float64Array(size) }
  let x: Float64Array | null = null
  let kept = 0
  // One cursor per series walks forward with the grid: O(grid × series + points) overall, no allocation per point.
  const k = clean.length
  const xsOf = clean.map((c) => c.xs)
  const ysOf = clean.map((c) => c.ys)
  const cursor = new Int32Array(k)
  const values = new Float64Array(k)
  // A series logged at the grid's own first points (seeds on the iteration axis) is read by index: on a strictly
  // ascending grid the walk below would find each point at its own index and take its value as it is.
  const ascending = isStrictlyAscending(grid)
  const onGrid = xsOf.map((xs) => ascending && isPrefixOf(xs, grid))
  for (let g = 0; g < size; g++) {
    const at = grid[g] as number
    let count = 0
    for (let s = 0; s < k; s++) {
      const xs = xsOf[s]!
      const ys = ysOf[s]!
      if (onGrid[s]) {
        if (g < xs.length) values[count++] = ys[g] as number
        continue
      }
      const last = xs.length - 1
      if (last < 0 || at < (xs[0] as number) || at > (xs[last] as number)) continue
      let i = cursor[s]!
      while (i < last && (xs[i + 1] as number) <= at) i++
      cursor[s] = i
      const x0 = xs[i] as number
      const y0 = ys[i] as number
      values[count++] = x0 === at || i === last ? y0 : y0 + (((ys[i + 1] as number) - y0) * (at - x0)) / ((xs[i + 1] as number) - x0)
    }
    if (count === 0) {
      x ??= copyPrefix(grid, kept, size)
      continue
    }
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
    if (band === 'std') {
      let squares = 0
      for (let v = 0; v < count; v++) {
        const d = values[v]! - mean
        squares += d * d
      }
      const std = Math.sqrt(squares / count)
      lo = mean - std
      hi = mean + std
    }
    if (x) x[kept] = at
    out.mean[kept] = mean
    out.lo[kept] = lo
    out.hi[kept] = hi
    out.n[kept++] = count
  }
  if (!x) return { x: grid, ...out }
  return { x: x.subarray(0, kept), mean: out.mean.subarray(0, kept), lo: out.lo.subarray(0, kept), hi: out.hi.subarray(0, kept), n: out.n.subarray(0, kept) }
}

/** An array of `size` holding the first `length` values of `grid`: the x values kept once a point was not. */
function copyPrefix(grid: Float64Array, length: number, size: number): Float64Array {
  const x = new Float64Array(size)
  x.set(grid.subarray(0, length))
  return x
}

/** What a chart draws for one group of runs: its one run's curve, or the mean over its seeds with a band. */
export interface GroupCurve {
  xs: Float64Array
  ys: Float64Array
  /** Runs averaged into each point; null for a group of one. */
  n: Float64Array | null
  band: { lo: Float64Array; hi: Float64Array } | null
}

/** The group's curve from its runs' curves (those without points left out); null when no run has a point. */
export function groupCurve(curves: readonly XYSeries[], band: BandKind): GroupCurve | null {
  const drawn = curves.filter((c) => c.xs.length > 0)
  const only = drawn.length === 1 ? drawn[0] : undefined
  if (only) return { xs: float64(only.xs), ys: float64(only.ys), n: null, band: null }
  if (drawn.length === 0) return null
  const m = meanBand(drawn, band)
  return { xs: m.x, ys: m.mean, n: m.n, band: { lo: m.lo, hi: m.hi } }
}
