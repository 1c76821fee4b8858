// The crosshair that the charts of a group share: each chart's axis pointer, moved by us from the chart under the
// pointer to the same x in every chart of its group. ECharts' own sharing (connect) passes a pointer on only as a
// series point to snap to, and finding that point searched every point of every series of every chart on each mouse
// move; with its axis tooltips, that was two thirds of a hover's main-thread time with twelve panels (bench:ui's
// hover: 70–100-ms frames). Here a move costs each chart a pointer drawn on its own layer, and nothing is searched.
import type { echarts } from './echarts'

type Chart = echarts.ECharts

/** Charts that have drawn (a blank chart has no axis to put a pointer on). */
const charts = new Set<Chart>()

/** Puts the chart's crosshair under the group's control until the returned function is called. */
export function shareCrosshair(chart: Chart): () => void {
  charts.add(chart)
  return () => charts.delete(chart)
}

/**
 * Shows the crosshair at `x` (data units; null hides it) in `source` and in every chart of its group. Dispatched
 * silently: an event would make ECharts' connect pass the pointer on again, as a hide.
 */
export function moveCrosshair(source: Chart, x: number | null): void {
  for (const chart of charts) {
    if (chart !== source && (!source.group || chart.group !== source.group)) continue
    const left = x === null ? Number.NaN : chart.convertToPixel({ xAxisIndex: 0 }, x)
    const payload = Number.isFinite(left) ? { currTrigger: 'mousemove', x: left, y: chart.getHeight() / 2 } : { currTrigger: 'leave' }
    chart.dispatchAction({ type: 'updateAxisPointer', ...payload }, { silent: true })
  }
}
