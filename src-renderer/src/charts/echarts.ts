// ECharts with only what the workbench draws: line series and (bands) custom polygons reading column datasets, a grid,
// a crosshair (axis pointer) and an inside zoom, and for sweeps parallel coordinates and scatters with error bars
// (custom series) with item tooltips, on the canvas renderer — which redraws thousands of points per frame far faster
// than SVG. The SVG renderer and the title serve exported images only (charts/chartExport.ts).
import * as echarts from 'echarts/core'
import { CustomChart, LineChart, ParallelChart, ScatterChart } from 'echarts/charts'
import { DataZoomInsideComponent, DatasetComponent, GridComponent, LegendComponent, ParallelComponent, TitleComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers'

echarts.use([
  LineChart,
  ParallelChart,
  ScatterChart,
  CustomChart,
  DatasetComponent,
  GridComponent,
  ParallelComponent,
  LegendComponent,
  TooltipComponent,
  DataZoomInsideComponent,
  TitleComponent,
  CanvasRenderer,
  SVGRenderer,
])

export { echarts }

/** Charts of one group share the zoom: zooming one panel zooms all (the crosshair is shared by crosshair.ts). */
export function connectGroup(group: string): void {
  echarts.connect(group)
}
