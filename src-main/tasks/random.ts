// A tiny seedable PRNG (mulberry32: 32-bit state, period 2^32) for the task generators and samplers, so every problem
// set and sample is reproducible from its seed. Not for cryptography.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number
  /** Uniform integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number
  /** A uniformly chosen element. */
  pick<T>(items: readonly T[]): T
}

export function mulberry32(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new TypeError(`mulberry32: seed must be an integer, got ${seed}`)
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int(lo, hi) {
      if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo) throw new RangeError(`Rng.int: bad range [${lo}, ${hi}]`)
      return lo + Math.floor(next() * (hi - lo + 1))
    },
    pick(items) {
      if (items.length === 0) throw new RangeError('Rng.pick: empty list')
      return items[Math.floor(next() * items.length)]!
    },
  }
}

/**
 * A 32-bit hash of a string (FNV-1a over UTF-16 code units, then murmur3's fmix32 to spread FNV's weak low bits):
 * stable across platforms and versions, for bucketing and sampling decisions that must not depend on any seed.
 */
export function hashString(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0
  return (h ^ (h >>> 16)) >>> 0
}
