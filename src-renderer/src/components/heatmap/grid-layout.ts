// Vertical layout shared by the side-by-side panels: each prompt's block is as tall as the larger of the two runs'
// response lists, so the same prompt lines up across the run and its baseline.
import type { HeatmapGroup } from './heatmap-model'

export interface GridMetrics {
  rowHeight: number
  /** Height of a prompt's header line. */
  headerHeight: number
  /** Space between prompt blocks. */
  groupGap: number
}

export interface GridLayout extends GridMetrics {
  /** y of each prompt block's header, in group order. */
  groupTops: number[]
  /** Response slots of each prompt block (at least 1, so an empty side can say so). */
  groupSlots: number[]
  height: number
}

export const DEFAULT_METRICS: GridMetrics = { rowHeight: 22, headerHeight: 22, groupGap: 10 }

/** `panels` are the groups of each side, aligned (same length, same prompt at each index). */
export function layoutGroups(panels: readonly (readonly HeatmapGroup[])[], metrics: GridMetrics = DEFAULT_METRICS): GridLayout {
  const count = panels[0]?.length ?? 0
  panels.forEach((groups, p) => {
    if (groups.length !== count) throw new Error(`layoutGroups: panel ${p} has ${groups.length} prompt groups, panel 0 has ${count}`)
  })
  const groupTops: number[] = []
  const groupSlots: number[] = []
  let y = 0
  for (let i = 0; i < count; i++) {
    const slots = Math.max(1, ...panels.map((groups) => groups[i]!.rows.length))
    groupTops.push(y)
    groupSlots.push(slots)
    y += metrics.headerHeight + slots * metrics.rowHeight + metrics.groupGap
  }
  return { ...metrics, groupTops, groupSlots, height: Math.max(0, y - metrics.groupGap) }
}

/** y of the top of response slot `slot` in prompt block `group`. */
export function rowTop(layout: GridLayout, group: number, slot: number): number {
  const top = layout.groupTops[group]
  if (top === undefined) throw new RangeError(`rowTop: no prompt block ${group} (there are ${layout.groupTops.length})`)
  return top + layout.headerHeight + slot * layout.rowHeight
}
