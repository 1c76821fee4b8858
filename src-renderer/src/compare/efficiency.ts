// PRIME's sample efficiency against a baseline, as the paper reports it (the baseline's iterations to a reward
// level over PRIME's): a ratio above 1 means PRIME got there in fewer iterations (or less wall time). Seeds are
// paired by `config.seed`, so each ratio compares runs that saw the same data order and initialisation; the spread
// of the per-seed ratios (median, min, max) is the honest error bar with a handful of seeds.
import type { ReachPoint } from './reach'

export interface SeedReach {
  seed: number | null
  reach: ReachPoint | null
}

export interface Spread {
  median: number
  min: number
  max: number
  n: number
}

export interface SeedRatio {
  seed: number
  /** baseline ÷ PRIME; null where either run has not reached the level (or PRIME reached it at x = 0). */
  iterations: number | null
  wallTime: number | null
}

export interface EfficiencyResult {
  iterations: Spread | null
  wallTime: Spread | null
  pairs: SeedRatio[]
  /** Seeds present on one side only (or runs without a seed, as null). */
  unpaired: { prime: (number | null)[]; baseline: (number | null)[] }
}

export function spread(values: readonly number[]): Spread | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  const median = sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number, n: sorted.length }
}

function ratio(baseline: number | undefined, prime: number | undefined): number | null {
  if (baseline === undefined || prime === undefined || !(prime > 0) || !Number.isFinite(baseline)) return null
  return baseline / prime
}

export function efficiencyRatio(prime: readonly SeedReach[], baseline: readonly SeedReach[]): EfficiencyResult {
  // The first run of each seed counts; a repeated seed on one side cannot be paired twice and is listed unpaired.
  const firstBySeed = (side: readonly SeedReach[], extra: (number | null)[]) => {
    const bySeed = new Map<number, SeedReach>()
    for (const entry of side) {
      if (entry.seed === null || bySeed.has(entry.seed)) extra.push(entry.seed)
      else bySeed.set(entry.seed, entry)
    }
    return bySeed
  }
  const unpaired: EfficiencyResult['unpaired'] = { prime: [], baseline: [] }
  const primeBySeed = firstBySeed(prime, unpaired.prime)
  const baselineBySeed = firstBySeed(baseline, unpaired.baseline)
  for (const seed of primeBySeed.keys()) if (!baselineBySeed.has(seed)) unpaired.prime.push(seed)
  for (const seed of baselineBySeed.keys()) if (!primeBySeed.has(seed)) unpaired.baseline.push(seed)

  const pairs: SeedRatio[] = [...primeBySeed.entries()]
    .filter(([seed]) => baselineBySeed.has(seed))
    .sort(([a], [b]) => a - b)
    .map(([seed, p]) => {
      const b = baselineBySeed.get(seed)
      return {
        seed,
        iterations: ratio(b?.reach?.iteration, p.reach?.iteration),
        wallTime: ratio(b?.reach?.wallTime, p.reach?.wallTime),
      }
    })
  const known = (key: 'iterations' | 'wallTime') => pairs.map((p) => p[key]).filter((r): r is number => r !== null)
  return { iterations: spread(known('iterations')), wallTime: spread(known('wallTime')), pairs, unpaired }
}
