// Which x range a chart's lines are reduced over, for the range on screen (zoomed in, or all of it). Reducing to
// the window itself would mean a new reduction for every pixel a pan moves; instead each zoom level L (the window
// spans about 1/2^L of the extent) has fixed tiles twice the level's width, starting every level-width, so a
// window always fits in one tile and a pan recomputes only when it leaves its tile. The series worker caches the
// reduced lines per tile, so panning back and forth, or zooming out and in again, reuses them.

export type Range = readonly [number, number]

export interface Tile {
  /** 0: the whole extent. */
  level: number
  range: Range
  /**
   * Buckets for the tile: the window on screen gets between a quarter and half the chart's width of them, two points
   * each (a bucket's extremes, so a one-iteration spike stays visible), about one point per pixel column at any zoom.
   * Two points per column looked the same and cost the chart twice the work at every redraw (a smoothing change
   * redraws every panel; measured by bench:ui).
   */
  buckets: number
}

/** Pixel columns per bucket. */
const COLUMNS_PER_BUCKET = 2

/** Deeper than this, a window is narrower than a millionth of the extent: the last level's tiles serve it. */
const MAX_LEVEL = 20

export function tileFor(extent: Range, window: Range | null, width: number): Tile {
  const [a, b] = extent
  const whole = b - a
  const pixels = Math.max(1, Math.round(width / COLUMNS_PER_BUCKET))
  const span = window ? window[1] - window[0] : whole
  if (!window || !(whole > 0) || !(span > 0) || span >= whole) return { level: 0, range: extent, buckets: pixels }
  const level = Math.min(MAX_LEVEL, Math.floor(Math.log2(whole / span)))
  if (level === 0) return { level: 0, range: extent, buckets: pixels }
  const step = whole / 2 ** level
  const k = Math.max(0, Math.floor((window[0] - a) / step))
  const start = a + k * step
  const end = Math.min(b, start + 2 * step)
  return { level, range: [start, end], buckets: Math.max(1, Math.ceil((pixels * (end - start)) / step)) }
}

export function sameTile(a: Tile | null, b: Tile): boolean {
  return a !== null && a.level === b.level && a.range[0] === b.range[0] && a.range[1] === b.range[1] && a.buckets === b.buckets
}

/** Whether the tile holds the window (so the chart can show it from the tile's points). */
export function tileCovers(tile: Tile, window: Range | null, extent: Range): boolean {
  const [from, to] = window ?? extent
  return tile.range[0] <= from && to <= tile.range[1]
}
