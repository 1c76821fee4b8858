// The first chart a page draws with data costs several times what a later one does (140–200 ms against 35–60 ms for
// the same panel, measured opening 8 runs): V8 compiles ECharts' code for lines, bands and axes on first use. The
// Compare view draws one small chart off screen while the page is idle, before runs are picked, so that a
// comparison's first paint, and its first redraw, do not pay for it. Once per page.
import { buildChartOption, type ChartOptionInput } from './chartOption'
import { echarts } from './echarts'
import { readThemeColors } from './themeColors'

const POINTS = 200
const IDLE_TIMEOUT_MS = 2000

let warmed = false

export function warmUpCharts(): void {
  if (warmed) return
  warmed = true
  const whenIdle = window.requestIdleCallback ?? ((work: () => void) => setTimeout(work, 0))
  whenIdle(drawOffScreen, { timeout: IDLE_TIMEOUT_MS })
}

function drawOffScreen(): void {
  const element = document.createElement('div')
  element.style.cssText = 'position: fixed; left: -10000px; top: 0; width: 400px; height: 200px'
  document.body.append(element)
  const chart = echarts.init(element, null, { renderer: 'canvas' })
  try {
    // Twice, as a redraw does (a smoothing change): the first draw creates every element, the second updates them.
    for (const scale of [1, 2]) chart.setOption(buildChartOption(sineChart(scale)), { replaceMerge: ['series', 'dataset'] })
  } finally {
    chart.dispose()
    element.remove()
  }
}

function sineChart(scale: number): ChartOptionInput {
  const xs = Float64Array.from({ length: POINTS }, (_, i) => i)
  const ys = xs.map((x) => scale * Math.sin(x / 20))
  return {
    lines: [{ id: 'mean', name: 'mean', color: '#888', dash: 'solid', xs, ys, n: xs.map(() => 2) }],
    bands: [{ id: 'band', color: '#888', xs, lo: ys.map((y) => y - 0.1), hi: ys.map((y) => y + 0.1) }],
    xName: 'iteration',
    width: 400,
    colors: readThemeColors(),
    formatX: String,
    zoom: true,
  }
}
