import { describe, expect, it } from 'vitest'
import { MAX_SCROLL_PX, scrollTopForRow, virtualWindow } from './virtual-window'

const base = { viewportHeight: 320, rowHeight: 32, overscan: 5 }

describe('virtualWindow', () => {
  it('renders the visible rows plus the overscan, at their natural offsets', () => {
    const w = virtualWindow({ ...base, scrollTop: 3200, total: 20_000 })
    // Rows 100..109 are visible (10 rows of 32 px in 320 px).
    expect([w.first, w.end]).toEqual([95, 115])
    expect([w.firstVisible, w.endVisible]).toEqual([100, 110])
    expect(w.scrollHeight).toBe(640_000)
    expect(w.top(100)).toBe(3200)
    expect(w.top(95)).toBe(3040)
  })

  it('clamps at both ends and never renders rows that do not exist', () => {
    expect(virtualWindow({ ...base, scrollTop: -50, total: 20_000 })).toMatchObject({ first: 0, end: 15 })
    const bottom = virtualWindow({ ...base, scrollTop: 1e9, total: 20_000 })
    expect(bottom.end).toBe(20_000)
    expect(bottom.top(19_999)).toBe(640_000 - 32)
    expect(virtualWindow({ ...base, scrollTop: 0, total: 3 })).toMatchObject({ first: 0, end: 3, firstVisible: 0, endVisible: 3, scrollHeight: 96 })
    expect(virtualWindow({ ...base, scrollTop: 0, total: 0 })).toMatchObject({ first: 0, end: 0, scrollHeight: 0 })
  })

  it('compresses a table taller than the browser allows, keeping rows one row height apart', () => {
    const total = 2_000_000
    const top = virtualWindow({ ...base, scrollTop: 0, total })
    expect(top.scrollHeight).toBe(MAX_SCROLL_PX)
    expect([top.first, top.end]).toEqual([0, 15])
    const end = virtualWindow({ ...base, scrollTop: MAX_SCROLL_PX - 320, total })
    expect(end.end).toBe(total)
    // The last row sits flush with the bottom of the viewport.
    expect(end.top(total - 1) + 32).toBeCloseTo(MAX_SCROLL_PX, 6)
    const middle = virtualWindow({ ...base, scrollTop: (MAX_SCROLL_PX - 320) / 2, total })
    expect(middle.first + base.overscan).toBe(Math.floor((total * 32 - 320) / 2 / 32))
    expect(middle.top(middle.first + 1) - middle.top(middle.first)).toBe(32)
  })

  it('scrollTopForRow brings that row to the top, compressed or not', () => {
    for (const total of [20_000, 2_000_000]) {
      for (const row of [7, 1234, total - 100]) {
        const w = virtualWindow({ ...base, scrollTop: scrollTopForRow(row, 320, 32, total), total })
        expect(w.first + base.overscan).toBe(row)
        expect(w.top(row)).toBeCloseTo(scrollTopForRow(row, 320, 32, total), 6)
      }
      expect(scrollTopForRow(0, 320, 32, total)).toBe(0)
    }
  })
})
