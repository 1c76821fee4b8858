// Metric charts as SVG text, drawn by ECharts' server-side renderer (no DOM, no canvas): the report embeds them
// inline, so they read and print without any script. ECharts escapes the names it writes into the SVG.
import { LineChart } from 'echarts/charts'
import { GridComponent, TitleComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import { downsampleIndices } from '../../src-preload/analysis'
import type { ChartLine } from './chart-lines'

echarts.use([LineChart, GridComponent, TitleComponent, SVGRenderer])

/** Tableau 10, as in the app's charts, so a report's colours read like the Compare view's. */
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac']
/** A panel's second and third metric are drawn dashed and dotted in their run's colour. */
const DASHES = ['solid', 'dashed', 'dotted'] as const
/** Points kept per line or band: about two per pixel column of the 1000-px chart's plot area. */
const BUCKETS = 480
/** A seed band's fill, as in the Compare view's charts. */
const BAND_OPACITY = 0.18

export function lineColour(index: number): string {
  return PALETTE[index % PALETTE.length] as string
}

export interface ChartMetric {
  label: string
  lines: ChartLine[]
}

export interface LineChartSpec {
  title: string
  xLabel: string
  metrics: ChartMetric[]
  /** Line key → colour index, shared by every chart of a report. */
  colourOf: (key: string) => number
  width?: number
  height?: number
}

export interface LegendEntry {
  label: string
  colour: string
  dash: (typeof DASHES)[number]
}

/**
 * The chart as SVG, and its legend for the page to lay out as HTML (run names are long and many: HTML wraps them
 * where an SVG legend would overlap the plot).
 */
export function lineChart(spec: LineChartSpec): { svg: string; legend: LegendEntry[] } {
  const drawn = spec.metrics.flatMap((metric, metricIndex) =>
    metric.lines
      .filter((line) => line.xs.length > 0)
      .map((line) => ({
        ...line,
        label: spec.metrics.length > 1 ? `${line.label} · ${metric.label}` : line.label,
        colour: lineColour(spec.colourOf(line.key)),
        dash: DASHES[metricIndex % DASHES.length] as LegendEntry['dash'],
      })),
  )
  // A band is two stacked series, as in the app's charts: the lower edge (invisible) and the span above it (filled).
  const bands = drawn.flatMap((line, index) => {
    if (!line.band) return []
    const { lo, hi } = line.band
    const keep = downsampleIndices(line.xs, [lo, hi], BUCKETS)
    const common = { type: 'line' as const, stack: `band-${index}`, stackStrategy: 'all' as const, symbol: 'none', silent: true, lineStyle: { width: 0 } }
    return [
      { ...common, data: keep.map((i) => [line.xs[i], lo[i]]) },
      { ...common, data: keep.map((i) => [line.xs[i], (hi[i] as number) - (lo[i] as number)]), areaStyle: { color: line.colour, opacity: BAND_OPACITY } },
    ]
  })
  const lines = drawn.map((line) => {
    const keep = downsampleIndices(line.xs, [line.ys], BUCKETS)
    return {
      type: 'line' as const,
      name: line.label,
      data: keep.map((i) => [line.xs[i], line.ys[i]]),
      showSymbol: line.xs.length === 1,
      symbolSize: 5,
      lineStyle: { width: 1.6, type: line.dash },
      itemStyle: { color: line.colour },
    }
  })
  const series = [...bands, ...lines]
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: spec.width ?? 1000, height: spec.height ?? 300 })
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: 'system-ui, sans-serif' },
      title: { text: spec.title, left: 8, top: 6, textStyle: { fontSize: 14, fontWeight: 600 } },
      grid: { left: 64, right: 24, top: 40, bottom: 44 },
      xAxis: { type: 'value', name: spec.xLabel, nameLocation: 'middle', nameGap: 26, minInterval: 1, scale: true, max: 'dataMax' },
      yAxis: { type: 'value', scale: true },
      series,
    })
    return { svg: chart.renderToSVGString(), legend: drawn.map(({ label, colour, dash }) => ({ label, colour, dash })) }
  } finally {
    chart.dispose()
  }
}
