import { describe, expect, it } from 'vitest'
import type { HeatmapGroup } from './heatmap-model'
import { layoutGroups, rowTop } from './grid-layout'

// Layout only reads the number of rows per group.
const groups = (...sizes: number[]): HeatmapGroup[] =>
  sizes.map((n, i) => ({ group: i, promptId: `p${i}`, prompt: `prompt ${i}`, rows: new Array(n).fill(null) as HeatmapGroup['rows'] }))
const metrics = { rowHeight: 20, headerHeight: 10, groupGap: 5 }

describe('layoutGroups', () => {
  it('makes each prompt block as tall as the larger side, at least one slot', () => {
    const layout = layoutGroups([groups(4, 0, 2), groups(1, 0, 3)], metrics)
    expect(layout.groupSlots).toEqual([4, 1, 3])
    expect(layout.groupTops).toEqual([0, 10 + 80 + 5, 95 + 10 + 20 + 5])
    expect(layout.height).toBe(130 + 10 + 60)
    expect(rowTop(layout, 2, 1)).toBe(130 + 10 + 20)
  })
  it('lays out one panel alone, and nothing at all', () => {
    expect(layoutGroups([groups(2)], metrics).height).toBe(50)
    expect(layoutGroups([[]], metrics).height).toBe(0)
  })
  it('rejects panels that are not aligned', () => {
    expect(() => layoutGroups([groups(1, 2), groups(1)], metrics)).toThrow(/panel 1 has 1 prompt groups, panel 0 has 2/)
    expect(() => rowTop(layoutGroups([groups(1)], metrics), 3, 0)).toThrow(/no prompt block 3/)
  })
})
