// The ECharts options of the sweep views, from the analysis module's sweep cells (src-preload/analysis/sweep.ts):
// parallel coordinates — one axis per swept setting and one for the metric, one line per run (so the seeds' spread
// is the spread of a cell's lines) — and a scatter of the metric against one setting, each seed a small point and
// each combination its median with a min–max bar over its seeds.
import { formatFigure, formatSettingValue, type SweepCell } from '../../../src-preload/analysis'
import { cellLabel as nameCell } from '../../../src-preload/contract/sweep'
import { formatValue, type ChartColors } from '../charts/chartOption'
import { seriesColor } from '../charts/palette'

export interface SweepChartInput {
  settings: readonly string[]
  /** The axis name of the metric, e.g. "final val/acc". */
  metricName: string
  cells: readonly SweepCell[]
}

/** A setting's distinct values over the cells, numbers in numeric order, anything else as text in text order. */
export function settingValues(cells: readonly SweepCell[], index: number): unknown[] {
  const distinct = new Map<string, unknown>()
  for (const cell of cells) distinct.set(JSON.stringify(cell.values[index]), cell.values[index])
  const values = [...distinct.values()]
  return values.every((v) => typeof v === 'number')
    ? (values as number[]).sort((a, b) => a - b)
    : values.sort((a, b) => formatSettingValue(a).localeCompare(formatSettingValue(b), undefined, { numeric: true }))
}

/** "prm.beta=0.1 · policy.lr=0.0003", as the sweep named its runs; "all runs" for no settings. */
export function cellLabel(settings: readonly string[], values: readonly unknown[]): string {
  return nameCell(settings, values) || 'all runs'
}

const tooltip = (colors: ChartColors) => ({
  trigger: 'item',
  confine: true,
  backgroundColor: colors.panel,
  borderColor: colors.border,
  textStyle: { color: colors.text, fontSize: 12 },
})

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** Parallel coordinates and how many run lines it draws (runs without a figure yet are left out). */
export function parallelOption(input: SweepChartInput, colors: ChartColors): { option: object; lines: number } {
  const axisStyle = {
    nameTextStyle: { color: colors.text, fontSize: 12 },
    // On the panel's colour: a setting's value stays readable where the run lines leave its axis.
    axisLabel: { color: colors.muted, backgroundColor: colors.panel, padding: [1, 3] },
    axisLine: { lineStyle: { color: colors.border } },
  }
  const parallelAxis = [
    ...input.settings.map((path, dim) => ({ dim, name: path, type: 'category', data: settingValues(input.cells, dim).map(formatSettingValue), ...axisStyle })),
    { dim: input.settings.length, name: input.metricName, type: 'value', scale: true, axisLabel: { color: colors.muted, formatter: formatValue }, nameTextStyle: axisStyle.nameTextStyle, axisLine: axisStyle.axisLine },
  ]
  let lines = 0
  const series = input.cells.map((cell, i) => {
    const data = cell.runs.flatMap((run) => {
      if (run.value === null) return []
      lines++
      return [{ name: run.name, value: [...cell.values.map(formatSettingValue), run.value] }]
    })
    return { type: 'parallel', name: cellLabel(input.settings, cell.values), data, lineStyle: { width: 2, opacity: 0.75, color: seriesColor(i) }, emphasis: { lineStyle: { width: 3, opacity: 1 } } }
  })
  const option = {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: colors.text },
    parallel: { left: 60, right: 90, top: 40, bottom: 30, parallelAxisDefault: { nameLocation: 'start', nameGap: 16 } },
    parallelAxis,
    tooltip: {
      ...tooltip(colors),
      formatter: (p: { name?: string; value?: unknown[]; color?: string }) =>
        `<span style="color:${p.color ?? 'inherit'}">●</span> ${escapeHtml(p.name ?? '')}<br>${escapeHtml(input.metricName)}: <b>${formatFigure(Number(p.value?.at(-1)))}</b>`,
    },
    series,
  }
  return { option, lines }
}

/** Numbers spread over a decade or more read better on a log axis (learning rates, β). */
function logScale(values: readonly unknown[]): boolean {
  if (!values.length || !values.every((v) => typeof v === 'number' && v > 0)) return false
  const numbers = values as number[]
  return Math.max(...numbers) / Math.min(...numbers) >= 10
}

/** The metric against one swept setting, grouped by the other settings; how many seed points it draws. */
export function scatterOption(input: SweepChartInput, x: string, colors: ChartColors): { option: object; points: number } {
  const xIndex = input.settings.indexOf(x)
  const others = input.settings.filter((_, i) => i !== xIndex)
  const xValues = settingValues(input.cells, xIndex)
  const numeric = xValues.every((v) => typeof v === 'number')
  const xOf = (value: unknown) => (numeric ? (value as number) : formatSettingValue(value))
  const groups = new Map<string, SweepCell[]>()
  for (const cell of input.cells) {
    const label = cellLabel(others, cell.values.filter((_, i) => i !== xIndex))
    groups.set(label, [...(groups.get(label) ?? []), cell])
  }
  let points = 0
  const series: object[] = []
  ;[...groups.entries()].forEach(([label, cells], g) => {
    const color = seriesColor(g)
    const seeds = cells.flatMap((cell) => cell.runs.flatMap((run) => (run.value === null ? [] : [{ name: `${run.name} (seed ${run.seed ?? '—'})`, value: [xOf(cell.values[xIndex]), run.value] }])))
    points += seeds.length
    const medians = cells.flatMap((cell) => (cell.spread ? [{ name: `${label} · median of ${cell.spread.n}`, value: [xOf(cell.values[xIndex]), cell.spread.median, cell.spread.min, cell.spread.max] }] : []))
    series.push({ type: 'scatter', name: label, data: seeds, symbolSize: 7, itemStyle: { color, opacity: 0.45 } })
    series.push({ type: 'scatter', name: label, data: medians, symbol: 'diamond', symbolSize: 13, itemStyle: { color } })
    series.push({
      type: 'custom',
      name: label,
      silent: true,
      data: medians.map((m) => m.value),
      renderItem: (_params: unknown, api: { value(i: number): number; coord(p: [unknown, number]): number[] }) => {
        const top = api.coord([api.value(0), api.value(3)])
        const bottom = api.coord([api.value(0), api.value(2)])
        const style = { stroke: color, lineWidth: 1.5 }
        return {
          type: 'group',
          children: [
            { type: 'line', shape: { x1: top[0], y1: top[1], x2: bottom[0], y2: bottom[1] }, style },
            { type: 'line', shape: { x1: (top[0] as number) - 5, y1: top[1], x2: (top[0] as number) + 5, y2: top[1] }, style },
            { type: 'line', shape: { x1: (bottom[0] as number) - 5, y1: bottom[1], x2: (bottom[0] as number) + 5, y2: bottom[1] }, style },
          ],
        }
      },
    })
  })
  const option = {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: colors.text },
    // Room above the plot for the y axis's name (and the legend above it).
    grid: { left: 60, right: 24, top: others.length ? 64 : 36, bottom: 46 },
    legend: others.length ? { top: 0, textStyle: { color: colors.text }, data: [...groups.keys()] } : undefined,
    xAxis: numeric
      ? { type: logScale(xValues) ? 'log' : 'value', name: x, nameLocation: 'middle', nameGap: 28, scale: true, boundaryGap: ['8%', '8%'], axisLabel: { color: colors.muted, formatter: formatValue }, nameTextStyle: { color: colors.muted }, splitLine: { show: false } }
      : { type: 'category', name: x, nameLocation: 'middle', nameGap: 28, data: xValues.map(formatSettingValue), axisLabel: { color: colors.muted }, nameTextStyle: { color: colors.muted } },
    yAxis: { type: 'value', name: input.metricName, scale: true, boundaryGap: ['8%', '8%'], axisLabel: { color: colors.muted, formatter: formatValue }, nameTextStyle: { color: colors.muted }, splitLine: { lineStyle: { color: colors.border, opacity: 0.6 } } },
    tooltip: {
      ...tooltip(colors),
      formatter: (p: { name?: string; value?: unknown[]; color?: string }) => {
        const [, y, lo, hi] = (p.value ?? []) as number[]
        const range = lo !== undefined && hi !== undefined ? ` (${formatFigure(lo)}–${formatFigure(hi)})` : ''
        return `<span style="color:${p.color ?? 'inherit'}">●</span> ${escapeHtml(p.name ?? '')}<br>${escapeHtml(input.metricName)}: <b>${formatFigure(y ?? null)}</b>${range}`
      },
    },
    series,
  }
  return { option, points }
}
