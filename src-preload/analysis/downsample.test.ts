import { describe, expect, it } from 'vitest'
import { downsampleIndices, downsampleMinMax } from './downsample'

/** A noisy curve of `n` points with deterministic noise (no Math.random: failures must reproduce). */
function noisyCurve(n: number, seed: number): { xs: number[]; ys: number[] } {
  let state = seed
  const xs: number[] = []
  const ys: number[] = []
  for (let i = 0; i < n; i++) {
    state = (state * 1664525 + 1013904223) >>> 0
    xs.push(i)
    ys.push(Math.log1p(i) / 10 + (state / 2 ** 32 - 0.5) * 0.05)
  }
  return { xs, ys }
}

describe('downsampleMinMax', () => {
  it('returns short series unchanged', () => {
    expect(downsampleMinMax([1, 2, 3], [4, 5, 6], 10)).toEqual({ xs: [1, 2, 3], ys: [4, 5, 6] })
  })

  it('keeps a single spike among 20,000 points, and the first and last point', () => {
    const { xs, ys } = noisyCurve(20_000, 7)
    ys[12_345] = 50
    ys[4_321] = -50
    const out = downsampleMinMax(xs, ys, 500)
    expect(out.xs.length).toBeLessThanOrEqual(2 * 500 + 2)
    expect(out.ys).toContain(50)
    expect(out.ys).toContain(-50)
    expect(out.xs[out.xs.indexOf(12_345)]).toBe(12_345)
    expect(out.xs[0]).toBe(0)
    expect(out.xs.at(-1)).toBe(19_999)
  })

  it('keeps every bucket extreme, in x order', () => {
    const { xs, ys } = noisyCurve(10_000, 3)
    const buckets = 100
    const out = downsampleMinMax(xs, ys, buckets)
    for (let i = 1; i < out.xs.length; i++) expect(out.xs[i]!).toBeGreaterThan(out.xs[i - 1]!)
    // Per bucket the kept points must include the true min and max of that bucket.
    for (let b = 0; b < buckets; b++) {
      const lo = Math.ceil((b * 9_999) / buckets)
      const hi = Math.ceil(((b + 1) * 9_999) / buckets)
      const slice = ys.slice(lo, b === buckets - 1 ? 10_000 : hi)
      const keptInBucket = out.ys.filter((_, k) => out.xs[k]! >= lo && out.xs[k]! < (b === buckets - 1 ? 10_000 : hi))
      expect(keptInBucket).toContain(Math.min(...slice))
      expect(keptInBucket).toContain(Math.max(...slice))
    }
  })

  it('buckets by x, not by index: an uneven x keeps the lone point far to the right', () => {
    const xs = [...Array.from({ length: 5_000 }, (_, i) => i / 5_000), 100]
    const ys = [...Array.from({ length: 5_000 }, (_, i) => Math.sin(i)), 3]
    const out = downsampleMinMax(xs, ys, 50)
    expect(out.xs.length).toBeLessThanOrEqual(102)
    expect(out.xs.at(-1)).toBe(100)
  })

  it('never picks a NaN as an extreme', () => {
    const xs = Array.from({ length: 1_000 }, (_, i) => i)
    const ys = xs.map((x) => (x % 3 === 1 ? Number.NaN : x))
    const out = downsampleMinMax(xs, ys, 10)
    expect(out.ys.some((y) => Number.isNaN(y))).toBe(false)
  })

  it('rejects a bad bucket count and mismatched arrays', () => {
    expect(() => downsampleMinMax([1], [1], 0)).toThrow(/buckets/)
    expect(() => downsampleIndices([1, 2], [[1]], 5)).toThrow(/1 values for 2 x values/)
  })
})

describe('downsampleIndices over several arrays (a mean and its band)', () => {
  it('keeps the spikes of each array at a shared x', () => {
    const n = 20_000
    const xs = Array.from({ length: n }, (_, i) => i)
    const mean = xs.map((x) => Math.sin(x / 100))
    const lo = mean.map((m) => m - 0.1)
    const hi = mean.map((m) => m + 0.1)
    lo[777] = -9
    hi[15_000] = 9
    const kept = downsampleIndices(xs, [mean, lo, hi], 300)
    expect(kept.length).toBeLessThanOrEqual(2 * 300 * 3 + 2)
    expect(kept).toContain(777)
    expect(kept).toContain(15_000)
  })
})

describe('downsampleIndices over a range', () => {
  it('reduces only the points [from, to), as the same slice reduced on its own, with indices into the arrays', () => {
    const { xs, ys } = noisyCurve(5_000, 7)
    ys[3_210] = 9
    const kept = downsampleIndices(xs, [ys], 40, 3_000, 4_000)
    const alone = downsampleIndices(xs.slice(3_000, 4_000), [ys.slice(3_000, 4_000)], 40)
    expect(kept).toEqual(alone.map((i) => i + 3_000))
    expect(kept[0]).toBe(3_000)
    expect(kept.at(-1)).toBe(3_999)
    expect(kept).toContain(3_210)
    expect(downsampleIndices(xs, [ys], 40, 10, 12)).toEqual([10, 11])
    expect(() => downsampleIndices(xs, [ys], 40, 10, 9_000)).toThrow(/points \[10, 9000\) are not within the 5000 given/)
  })
})

// How long this takes is bench:ui's business (timings belong in benchmarks, never in assertions).
describe('8 runs × 20,000 points', () => {
  it('reduces every series to a bounded size and keeps each run’s spike', () => {
    const runs = Array.from({ length: 8 }, (_, r) => noisyCurve(20_000, r + 1))
    runs.forEach((run, r) => (run.ys[1_000 + r * 2_000] = 100 + r))
    const buckets = 800
    const reduced = runs.map((run) => downsampleMinMax(run.xs, run.ys, buckets))
    reduced.forEach((out, r) => {
      expect(out.xs.length).toBeLessThanOrEqual(2 * buckets + 2)
      expect(out.ys).toContain(100 + r)
    })
  })
})
