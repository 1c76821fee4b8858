// The mean of several runs (seeds of one config) and the spread around it, on one x grid. Runs log at their own
// x values (wall time, samples seen), so each run is linearly interpolated onto the grid, never extrapolated: at a
// grid point only the runs whose range covers it count, and `n` says how many did, so a seed that stopped early
// (or is still streaming) narrows the count rather than pulling the mean towards a made-up value.

export interface XYSeries {
  /** Ascending. */
  xs: readonly number[]
  ys: readonly number[]
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
function finitePoints(series: XYSeries): { xs: readonly number[]; ys: readonly number[] } {
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

/** Two ascending arrays merged into one ascending array without repeats. */
function mergeAscending(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    const x = j >= b.length || (i < a.length && (a[i] as number) <= (b[j] as number)) ? (a[i++] as number) : (b[j++] as number)
    if (out.length === 0 || x !== out[out.length - 1]) out.push(x)
  }
  return out
}

/** The union of ascending x arrays, merged pairwise (a few ms for 8 × 20,000 points). */
function unionOfAscending(lists: readonly (readonly number[])[]): number[] {
  const first = lists[0]
  if (!first) return []
  // Seeds logged at the same iterations (the usual case on the iteration axis) need no merging.
  if (lists.every((xs) => xs === first || (xs.length === first.length && xs.every((x, i) => x === first[i])))) return mergeAscending(first, [])
  let level = lists
  while (level.length > 1) {
    const merged: number[][] = []
    for (let k = 0; k < level.length; k += 2) merged.push(mergeAscending(level[k]!, level[k + 1] ?? []))
    level = merged
  }
  return mergeAscending(level[0]!, [])
}

/** The sorted union of every series' finite x values: aligned runs (iterations) keep their exact points. */
export function unionGrid(seriesList: readonly XYSeries[]): number[] {
  return unionOfAscending(seriesList.map((s) => [...finitePoints(s).xs].sort((a, b) => a - b)))
}

export function meanBand(seriesList: readonly XYSeries[], xGrid?: readonly number[]): MeanBand {
  const clean = seriesList.map((s, index) => {
    if (s.xs.length !== s.ys.length) throw new RangeError(`meanBand: series ${index} has ${s.xs.length} x and ${s.ys.length} y values`)
    return finitePoints(s)
  })
  // Series are ascending (the contract of XYSeries), so their finite points are too: no sort needed here.
  const grid = xGrid ?? unionOfAscending(clean.map((c) => c.xs))
  const out: MeanBand = { x: [], mean: [], min: [], max: [], std: [], n: [] }
  // One cursor per series walks forward with the grid: O(grid × series + points) overall, no allocation per point.
  const k = clean.length
  const xsOf = clean.map((c) => c.xs)
  const ysOf = clean.map((c) => c.ys)
  const cursor = new Int32Array(k)
  const values = new Float64Array(k)
  for (const x of grid) {
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
    for (let v = 0; v < count; v++) squares += (values[v]! - mean) ** 2
    out.x.push(x)
    out.mean.push(mean)
    out.min.push(lo)
    out.max.push(hi)
    out.std.push(Math.sqrt(squares / count))
    out.n.push(count)
  }
  return out
}
