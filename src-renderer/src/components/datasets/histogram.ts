// Shapes the importer's length statistics (README of src-main/tasks/import: buckets on edges 0, 1, 2, 4, …, 65536,
// bucket i = [edges[i], edges[i+1]), the last open) and its count tables into bars for the statistics panel.

export interface LengthHistogram {
  edges: number[]
  counts: number[]
}

export interface Bar {
  label: string
  /** A short axis label: the bucket's lower edge (1k = 1024), or the name for count tables. */
  tick: string
  count: number
  /** count / the largest count shown, for bar lengths in [0, 1]. */
  scale: number
  /** count / all rows, for tooltips. */
  share: number
}

function edgeTick(edge: number): string {
  return edge >= 1024 && edge % 1024 === 0 ? `${edge / 1024}k` : `${edge}`
}

function bucketLabel(edges: readonly number[], i: number): string {
  const from = edges[i] ?? 0
  const next = edges[i + 1]
  if (next === undefined) return `${from}+`
  return next - 1 <= from ? `${from}` : `${from}–${next - 1}`
}

/** One bar per bucket from the first to the last non-empty one (empty buckets between them stay, as gaps). */
export function histogramBars(histogram: LengthHistogram): Bar[] {
  const { edges, counts } = histogram
  if (edges.length !== counts.length) throw new Error(`histogram has ${edges.length} edges but ${counts.length} counts`)
  const firstUsed = counts.findIndex((c) => c > 0)
  if (firstUsed < 0) return []
  const lastUsed = counts.length - 1 - [...counts].reverse().findIndex((c) => c > 0)
  const total = counts.reduce((a, b) => a + b, 0)
  const shown = counts.slice(firstUsed, lastUsed + 1)
  const largest = Math.max(...shown)
  return shown.map((count, k) => ({
    label: bucketLabel(edges, firstUsed + k),
    tick: edgeTick(edges[firstUsed + k] ?? 0),
    count,
    scale: count / largest,
    share: count / total,
  }))
}

/** A count table as bars, largest first (ties by name), leaving out zero counts. */
export function countBars(counts: Readonly<Record<string, number>>): Bar[] {
  const entries = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
  const total = entries.reduce((sum, [, n]) => sum + n, 0)
  const largest = entries[0]?.[1] ?? 0
  return entries.map(([label, count]) => ({ label, tick: label, count, scale: count / largest, share: count / total }))
}
