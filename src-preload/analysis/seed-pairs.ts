// Pairing runs by seed: runs with equal `config.seed` saw the same prompts in the same order and drew the same
// sampling seeds (runs.createComparison), so the difference within a pair is the algorithm's, not the luck of the
// draw. Every paired statistic in this folder (ratios today, paired intervals later) starts from these pairs.

export interface Seeded<T> {
  seed: number | null
  value: T
}

export interface SeedPair<T> {
  seed: number
  a: T
  b: T
}

export interface SeedPairing<T> {
  /** In seed order. */
  pairs: SeedPair<T>[]
  /** Seeds found on one side only, repeats of a seed already paired, and runs without a seed (null). */
  unpaired: { a: (number | null)[]; b: (number | null)[] }
}

/** The first entry of each seed on either side counts; a repeated seed cannot pair twice and is listed unpaired. */
export function pairBySeed<T>(a: readonly Seeded<T>[], b: readonly Seeded<T>[]): SeedPairing<T> {
  const unpaired: SeedPairing<T>['unpaired'] = { a: [], b: [] }
  const firstBySeed = (side: readonly Seeded<T>[], extra: (number | null)[]) => {
    const bySeed = new Map<number, T>()
    for (const entry of side) {
      if (entry.seed === null || bySeed.has(entry.seed)) extra.push(entry.seed)
      else bySeed.set(entry.seed, entry.value)
    }
    return bySeed
  }
  const aBySeed = firstBySeed(a, unpaired.a)
  const bBySeed = firstBySeed(b, unpaired.b)
  for (const seed of aBySeed.keys()) if (!bBySeed.has(seed)) unpaired.a.push(seed)
  for (const seed of bBySeed.keys()) if (!aBySeed.has(seed)) unpaired.b.push(seed)
  const pairs = [...aBySeed.entries()]
    .filter(([seed]) => bBySeed.has(seed))
    .sort(([x], [y]) => x - y)
    .map(([seed, value]) => ({ seed, a: value, b: bBySeed.get(seed) as T }))
  return { pairs, unpaired }
}
