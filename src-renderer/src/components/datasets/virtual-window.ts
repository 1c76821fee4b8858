// Which rows of a long table to render for the current scroll position, for a table with a fixed row height.
//
// Browsers cap an element's height (Chromium at about 33.5 million pixels, Firefox lower), so a million-row table
// cannot simply be a million rows tall. The scrolled area is at most MAX_SCROLL_PX high and the scroll position maps
// linearly onto the full ("virtual") height; rendered rows are placed relative to the current scroll position, so
// each keeps exactly one row height whatever the compression.

export const MAX_SCROLL_PX = 10_000_000

export interface WindowInput {
  scrollTop: number
  viewportHeight: number
  rowHeight: number
  total: number
  /** Extra rows rendered above and below the visible ones, so fast scrolling shows no blank edge. */
  overscan: number
}

export interface VirtualWindow {
  /** First row to render (inclusive) and the row after the last (exclusive). */
  first: number
  end: number
  /** The rows actually in view: [firstVisible, endVisible). */
  firstVisible: number
  endVisible: number
  /** Height of the scrolled spacer element. */
  scrollHeight: number
  /** The pixel offset (inside the spacer) of row `index`, for the rows in [first, end). */
  top: (index: number) => number
}

export function virtualWindow({ scrollTop, viewportHeight, rowHeight, total, overscan }: WindowInput): VirtualWindow {
  const virtualHeight = total * rowHeight
  const scrollHeight = Math.min(virtualHeight, MAX_SCROLL_PX)
  const maxScroll = Math.max(0, scrollHeight - viewportHeight)
  const maxVirtualScroll = Math.max(0, virtualHeight - viewportHeight)
  const clamped = Math.min(Math.max(0, scrollTop), maxScroll)
  const virtualTop = maxScroll > 0 ? (clamped / maxScroll) * maxVirtualScroll : 0
  // The epsilon absorbs float error of the compressed mapping, so scrollTopForRow(i) puts exactly row i on top.
  const firstVisible = Math.floor(virtualTop / rowHeight + 1e-6)
  const lastVisible = Math.ceil((virtualTop + viewportHeight) / rowHeight)
  const first = Math.max(0, firstVisible - overscan)
  const end = Math.min(total, lastVisible + overscan)
  return {
    first,
    end,
    firstVisible: Math.min(firstVisible, total),
    endVisible: Math.min(lastVisible, total),
    scrollHeight,
    top: (index) => clamped + index * rowHeight - virtualTop,
  }
}

/** The scrollTop that brings row `index` to the top of the viewport (the inverse of the mapping above). */
export function scrollTopForRow(index: number, viewportHeight: number, rowHeight: number, total: number): number {
  const virtualHeight = total * rowHeight
  const scrollHeight = Math.min(virtualHeight, MAX_SCROLL_PX)
  const maxScroll = Math.max(0, scrollHeight - viewportHeight)
  const maxVirtualScroll = Math.max(0, virtualHeight - viewportHeight)
  const virtualTop = Math.min(index * rowHeight, maxVirtualScroll)
  return maxVirtualScroll > 0 ? (virtualTop / maxVirtualScroll) * maxScroll : 0
}
