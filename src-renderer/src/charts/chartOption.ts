// The ECharts option for lines and bands, built at the chart's pixel width: every line and band is first reduced
// to at most ~2 points per pixel column with its extremes kept (src-preload/analysis/downsample.ts), so 8 runs ×
// 20,000 points redraw within a frame and a one-iteration spike stays visible.
import { downsampleIndices } from '../../../src-preload/analysis'
import type { ChartBand, ChartLine } from './chartTypes'

export interface ChartColors {
  text: string
  muted: string
  border: string
  panel: string
}

export interface ChartOptionInput {
  lines: readonly ChartLine[]
  bands: readonly ChartBand[]
  xName: string
  width: number
  colors: ChartColors
  formatX: (x: number) => string
}

const BAND_OPACITY = 0.18

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return '—'
  const abs = Math.abs(value)
  return abs !== 0 && (abs >= 1e5 || abs < 1e-3) ? value.toExponential(2) : Number(value.toPrecision(4)).toString()
}

export function buildChartOption(input: ChartOptionInput) {
  const buckets = Math.max(50, Math.round(input.width))
  const series: object[] = []
  for (const band of input.bands) {
    const keep = downsampleIndices(band.xs, [band.lo, band.hi], buckets)
    const common = { type: 'line', stack: band.id, stackStrategy: 'all', symbol: 'none', silent: true, z: 1, animation: false, lineStyle: { width: 0 } }
    series.push({ ...common, id: `${band.id}:lo`, data: keep.map((i) => [band.xs[i], band.lo[i]]) })
    series.push({
      ...common,
      id: `${band.id}:span`,
      data: keep.map((i) => [band.xs[i], (band.hi[i] as number) - (band.lo[i] as number)]),
      areaStyle: { color: band.color, opacity: BAND_OPACITY },
    })
  }
  for (const line of input.lines) {
    const keep = downsampleIndices(line.xs, [line.ys], buckets)
    series.push({
      type: 'line',
      id: line.id,
      name: line.name,
      symbol: 'none',
      showSymbol: false,
      z: 2,
      color: line.color,
      lineStyle: { width: 1.5, type: line.dash },
      data: keep.map((i) => (line.n ? [line.xs[i], line.ys[i], line.n[i]] : [line.xs[i], line.ys[i]])),
    })
  }
  const named = new Set(input.lines.map((l) => l.id))
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: input.colors.text },
    grid: { left: 56, right: 16, top: 12, bottom: 40 },
    xAxis: {
      type: 'value',
      name: input.xName,
      nameLocation: 'middle',
      nameGap: 26,
      scale: true,
      nameTextStyle: { color: input.colors.muted },
      axisLabel: { color: input.colors.muted, formatter: input.formatX, hideOverlap: true },
      axisLine: { lineStyle: { color: input.colors.border } },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      scale: true,
      axisLabel: { color: input.colors.muted, formatter: formatValue },
      splitLine: { lineStyle: { color: input.colors.border, opacity: 0.6 } },
    },
    tooltip: {
      trigger: 'axis',
      confine: true,
      backgroundColor: input.colors.panel,
      borderColor: input.colors.border,
      textStyle: { color: input.colors.text, fontSize: 12 },
      axisPointer: { type: 'line', lineStyle: { color: input.colors.muted } },
      formatter: (params: unknown) => tooltipHtml(params, named, input.formatX),
    },
    series,
  }
}

interface TooltipParam {
  seriesId?: string
  seriesName?: string
  color?: string
  data?: unknown
}

function tooltipHtml(params: unknown, named: ReadonlySet<string>, formatX: (x: number) => string): string {
  const list = (Array.isArray(params) ? params : [params]) as TooltipParam[]
  const rows = list.filter((p) => p.seriesId !== undefined && named.has(p.seriesId))
  const first = rows[0]?.data as number[] | undefined
  if (!first) return ''
  const lines = rows.map((p) => {
    const [, y, n] = p.data as number[]
    const seeds = n !== undefined ? ` <span style="opacity:.7">(mean of ${n})</span>` : ''
    return `<span style="color:${p.color ?? 'inherit'}">●</span> ${escapeHtml(p.seriesName ?? '')}: <b>${formatValue(y as number)}</b>${seeds}`
  })
  return [`<div>${escapeHtml(formatX(first[0] as number))}</div>`, ...lines].join('<br>')
}
