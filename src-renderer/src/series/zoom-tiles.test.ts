import { describe, expect, it } from 'vitest'
import { sameTile, tileCovers, tileFor } from './zoom-tiles'

const extent = [0, 1000] as const

describe('tileFor', () => {
  it('covers the whole extent, a bucket per two pixel columns, when not zoomed', () => {
    expect(tileFor(extent, null, 800)).toEqual({ level: 0, range: [0, 1000], buckets: 400 })
    expect(tileFor(extent, [0, 1000], 800).level).toBe(0)
  })

  it('puts every window in a tile of its level, with a quarter to half the chart width of buckets across the window', () => {
    for (const window of [[10, 260], [300, 380], [990, 999], [0, 1], [123.4, 123.5], [400, 900]] as const) {
      const tile = tileFor(extent, window, 600)
      expect(tileCovers(tile, window, extent)).toBe(true)
      const perWindow = (tile.buckets * (window[1] - window[0])) / (tile.range[1] - tile.range[0])
      expect(perWindow).toBeGreaterThan(600 / 4)
      expect(perWindow).toBeLessThanOrEqual(600 / 2 + 1)
    }
  })

  it('keeps the tile while a pan stays inside it, and changes it when the pan leaves', () => {
    const first = tileFor(extent, [100, 200], 500)
    expect(first.level).toBe(3)
    expect(sameTile(first, tileFor(extent, [110, 210], 500))).toBe(true)
    expect(sameTile(first, tileFor(extent, [130, 230], 500))).toBe(false)
    expect(sameTile(first, tileFor(extent, [100, 150], 500))).toBe(false)
  })
})
