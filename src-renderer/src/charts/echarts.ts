// ECharts with only what the workbench draws: line series (bands are stacked lines) reading column datasets, a grid,
// axis tooltips and an inside zoom, on the canvas renderer — which redraws thousands of points per frame far faster than SVG. The SVG
// renderer, the title and the legend serve exported images only (charts/chartExport.ts).
import * as echarts from 'echarts/core'
import { LineChart } from 'echarts/charts'
import { DataZoomInsideComponent, DatasetComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers'

echarts.use([LineChart, DatasetComponent, GridComponent, TooltipComponent, DataZoomInsideComponent, TitleComponent, LegendComponent, CanvasRenderer, SVGRenderer])

export { echarts }

/** Charts of one group share the tooltip cursor and the zoom: hovering or zooming one panel does it in all. */
export function connectGroup(group: string): void {
  echarts.connect(group)
}
