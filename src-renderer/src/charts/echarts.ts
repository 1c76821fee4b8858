// ECharts with only what the workbench draws: line series (bands are stacked lines), a grid, axis tooltips, and for
// sweeps parallel coordinates and scatters with error bars (custom series), on the canvas renderer — which redraws
// thousands of points per frame far faster than SVG.
import * as echarts from 'echarts/core'
import { CustomChart, LineChart, ParallelChart, ScatterChart } from 'echarts/charts'
import { GridComponent, LegendComponent, ParallelComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([LineChart, ParallelChart, ScatterChart, CustomChart, GridComponent, ParallelComponent, LegendComponent, TooltipComponent, CanvasRenderer])

export { echarts }

/** Charts of one group share the tooltip cursor: hovering one panel shows the same x in all of them. */
export function connectGroup(group: string): void {
  echarts.connect(group)
}
