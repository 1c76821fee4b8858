// The honest error bar with a handful of seeds: the median of the per-seed values and their full range, with how
// many there were. (Paired-seed intervals and tests join this folder as files of their own.)

export interface Spread {
  median: number
  min: number
  max: number
  n: number
}

export function median(values: readonly number[]): number | null {
  return spread(values)?.median ?? null
}

export function spread(values: readonly number[]): Spread | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  const median = sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number, n: sorted.length }
}
