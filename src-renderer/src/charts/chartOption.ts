// The ECharts option for lines and bands, built at the chart's pixel width: every line and band is first reduced
// to at most ~2 points per pixel column with its extremes kept (src-preload/analysis/downsample.ts), so 8 runs ×
// 20,000 points redraw within a frame and a one-iteration spike stays visible — unless it arrives reduced already
// (the Compare view's series worker reduces over the zoom window's tile). Options: a fixed x range (charts of one
// comparison share it, so a zoom means the same range in each), a log y axis, and a zoom by drag and Ctrl+wheel.
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
  /** Lines and bands arrive reduced to the width already. */
  reduced?: boolean
  /** The x axis spans this range (null or absent: the data's own). */
  xRange?: readonly [number, number] | null
  logY?: boolean
  /** Drag to pan and Ctrl+wheel to zoom the x axis (the dataZoom that ECharts' connect shares across a group). */
  zoom?: boolean
}

const BAND_OPACITY = 0.18

export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return '—'
  const abs = Math.abs(value)
  return abs !== 0 && (abs >= 1e5 || abs < 1e-3) ? value.toExponential(2) : Number(value.toPrecision(4)).toString()
}

/** Dimensions declared with their type, so ECharts does not scan the data to guess it at every update. */
const floats = (...names: string[]) => names.map((name) => ({ name, type: 'float' }))

/** The kept points of `values`, as a typed array (ECharts copies typed arrays whole when it clones an option). */
function picked(values: ArrayLike<number>, keep: readonly number[] | null): Float64Array {
  if (keep === null) return values instanceof Float64Array ? values : Float64Array.from(values as ArrayLike<number>)
  return Float64Array.from(keep, (i) => values[i] as number)
}

/**
 * Datasets get a fresh id at every build: ECharts merges a new dataset into an old one of the same id key by key,
 * which for a typed array means index by index, where a new id replaces it at the cost of one copy.
 */
let builds = 0

/**
 * No highlight under the cursor: with the crosshair shared by every panel, a highlighted point is a redraw of every
 * series of every chart on each mouse move; the crosshair and the readout say where the cursor is.
 */
const NO_EMPHASIS = { disabled: true }

/**
 * Points of a band per item of its series: the lowest and highest edge of each run of this many points (lines come
 * reduced to about a point per pixel column, so the y axis spans the band to within this many pixels at a zoom
 * window's edges). Every item costs ECharts a diff and a renderItem call on every redraw.
 */
const BAND_POINTS_PER_ITEM = 32

/** A band's points as drawn: its x and both edges, reduced to the chart's width. */
interface BandPoints {
  color: string
  x: Float64Array
  lo: Float64Array
  hi: Float64Array
}

/**
 * What the bands' series reads: for each run of BAND_POINTS_PER_ITEM points of each band, its first x, lowest lower
 * edge and highest upper edge — the bands' extent on the y axis (over the zoom window too, to within a few pixels at
 * its ends).
 */
function bandExtents(bands: readonly BandPoints[]) {
  const items = bands.reduce((n, b) => n + Math.ceil(b.x.length / BAND_POINTS_PER_ITEM), 0)
  const out = { x: new Float64Array(items), lo: new Float64Array(items), hi: new Float64Array(items) }
  let item = 0
  for (const { x, lo, hi } of bands) {
    for (let first = 0; first < x.length; first += BAND_POINTS_PER_ITEM) {
      const end = Math.min(x.length, first + BAND_POINTS_PER_ITEM)
      let low = Infinity
      let high = -Infinity
      for (let i = first; i < end; i++) {
        if ((lo[i] as number) < low) low = lo[i] as number
        if ((hi[i] as number) > high) high = hi[i] as number
      }
      out.x[item] = x[first] as number
      out.lo[item] = low === Infinity ? Number.NaN : low
      out.hi[item++] = high === -Infinity ? Number.NaN : high
    }
  }
  return out
}

/** The series id of a chart's bands: one series draws them all. */
export const BANDS_SERIES_ID = '#bands'

/**
 * Every band of a chart as one polygon per stretch of finite points (a log axis leaves gaps), drawn by one custom
 * series. Two stacked line series per band cost ECharts a stack computation and a second series, which made bands
 * three quarters of a panel's redraw (a 4-line, 4-band panel: 76 ms with stacked bands, 21 ms without any); a series
 * per band still cost each redraw a series of its own (model, data, view). The series reads the bands' extents
 * (bandExtents; encode y: lo and hi) so the y axis spans them, and draws them once — at its first item in the zoom
 * window — over all their points, clipped to the plot.
 */
function bandsSeries(bands: readonly BandPoints[], datasetId: string, logY: boolean) {
  const renderItem = (params: { dataIndexInside: number }, api: CoordApi) => {
    if (params.dataIndexInside !== 0) return null
    const coord = pixelMap(api, logY)
    const children: object[] = []
    for (const { color, x, lo, hi } of bands) {
      const style = { fill: color, opacity: BAND_OPACITY }
      let start = -1
      for (let i = 0; i <= x.length; i++) {
        const finite = i < x.length && Number.isFinite(lo[i]) && Number.isFinite(hi[i])
        if (finite && start < 0) start = i
        if (finite || start < 0) continue
        const points: number[][] = []
        for (let j = start; j < i; j++) points.push(coord(x[j] as number, hi[j] as number))
        for (let j = i - 1; j >= start; j--) points.push(coord(x[j] as number, lo[j] as number))
        children.push({ type: 'polygon', shape: { points }, style, silent: true })
        start = -1
      }
    }
    return { type: 'group', children }
  }
  return { type: 'custom', id: BANDS_SERIES_ID, datasetId, encode: { x: 'x', y: ['lo', 'hi'] }, renderItem, clip: true, silent: true, z: 1, animation: false, emphasis: NO_EMPHASIS }
}

interface CoordApi {
  coord: (point: number[]) => number[]
}

/**
 * Data to pixels for the bands' thousands of points: each axis is an affine map (of log10 y on a log axis), fixed by
 * where ECharts puts two points — api.coord per point made a third of a band's redraw.
 */
function pixelMap(api: CoordApi, logY: boolean): (x: number, y: number) => number[] {
  // Where (0, 0) and (1, 1) land — (0, 1) and (1, 10) on a log axis, whose y maps log10 of the value.
  const [px0 = 0, py0 = 0] = api.coord([0, logY ? 1 : 0])
  const [px1 = 0, py1 = 0] = api.coord([1, logY ? 10 : 1])
  const xScale = px1 - px0
  const yScale = py1 - py0
  return logY ? (x, y) => [px0 + x * xScale, py0 + Math.log10(y) * yScale] : (x, y) => [px0 + x * xScale, py0 + y * yScale]
}

export function buildChartOption(input: ChartOptionInput) {
  const build = ++builds
  const buckets = Math.max(50, Math.round(input.width))
  const keepOf = (xs: ArrayLike<number>, ys: readonly ArrayLike<number>[]) => (input.reduced ? null : downsampleIndices(xs, ys, buckets))
  // Every series reads its own dataset of columns: ECharts clones an option on each setOption, and an array of
  // [x, y] pairs costs it an object per point where a column costs one copy.
  const dataset: object[] = []
  const series: object[] = []
  const bands = input.bands.map((band): BandPoints => {
    const keep = keepOf(band.xs, [band.lo, band.hi])
    return { color: band.color, x: picked(band.xs, keep), lo: picked(band.lo, keep), hi: picked(band.hi, keep) }
  })
  if (bands.length) {
    const datasetId = `${BANDS_SERIES_ID}#${build}`
    dataset.push({ id: datasetId, dimensions: floats('x', 'lo', 'hi'), source: bandExtents(bands) })
    series.push(bandsSeries(bands, datasetId, input.logY ?? false))
  }
  for (const line of input.lines) {
    const keep = keepOf(line.xs, [line.ys])
    const datasetId = `${line.id}#${build}`
    dataset.push({
      id: datasetId,
      dimensions: floats('x', 'y', ...(line.n ? ['n'] : [])),
      source: { x: picked(line.xs, keep), y: picked(line.ys, keep), ...(line.n ? { n: picked(line.n, keep) } : {}) },
    })
    series.push({
      type: 'line',
      id: line.id,
      name: line.name,
      datasetId,
      encode: { x: 'x', y: 'y' },
      symbol: 'none',
      showSymbol: false,
      emphasis: NO_EMPHASIS,
      z: 2,
      color: line.color,
      lineStyle: { width: 1.5, type: line.dash },
    })
  }
  const range = input.xRange ?? null
  return {
    animation: false,
    backgroundColor: 'transparent',
    dataset,
    textStyle: { color: input.colors.text },
    // Fixed margins that hold the widest label formatValue writes ("-1.23e-4"), and no measuring of the labels to
    // fit the grid (ECharts 6's default outer bounds): that measuring was a tenth of every redraw (CPU profile of
    // the bench's smoothing sequence: 148 of 1,414 ms).
    grid: { left: 60, right: 16, top: 12, bottom: 40, outerBoundsMode: 'none' },
    xAxis: {
      type: 'value',
      name: input.xName,
      nameLocation: 'middle',
      nameGap: 26,
      scale: true,
      ...(range ? { min: range[0], max: range[1] } : {}),
      nameTextStyle: { color: input.colors.muted },
      axisLabel: { color: input.colors.muted, formatter: input.formatX, hideOverlap: true },
      axisLine: { lineStyle: { color: input.colors.border } },
      splitLine: { show: false },
      // The crosshair, at the pointer's x, moved by the chart's owner in every chart of a group (crosshair.ts); no
      // snap to a point and no tooltip, either of which makes ECharts search every point of every series.
      axisPointer: { show: true, snap: false, triggerTooltip: false, label: { show: false }, lineStyle: { color: input.colors.muted } },
    },
    yAxis: {
      ...(input.logY ? { type: 'log', logBase: 10 } : { type: 'value', scale: true }),
      axisLabel: { color: input.colors.muted, formatter: formatValue },
      splitLine: { lineStyle: { color: input.colors.border, opacity: 0.6 } },
    },
    // Always declared, so that charts of a connected group keep one dataZoom each and a data update (a merge)
    // keeps the window a reader zoomed to.
    dataZoom: [
      {
        type: 'inside',
        xAxisIndex: 0,
        disabled: !input.zoom,
        filterMode: 'filter',
        zoomOnMouseWheel: 'ctrl',
        moveOnMouseMove: true,
        moveOnMouseWheel: false,
        preventDefaultMouseMove: true,
      },
    ],
    // The crosshair on a canvas layer of its own: moving it repaints that layer, not every series under it. Moved by
    // dispatched actions only (crosshair.ts), not by ECharts' own mouse handling.
    axisPointer: { zlevel: 1, triggerEmphasis: false, triggerOn: 'none' },
    series,
  }
}

/**
 * The chart as an exported file shows it: the same lines over the same x range, with a title, a note (what the
 * curves are: smoothing, grouping) and a legend — an image stands alone, without the panel around it.
 */
export function exportChartOption(input: ChartOptionInput, title: string, note: string) {
  const option = buildChartOption({ ...input, zoom: false })
  return {
    ...option,
    backgroundColor: input.colors.panel,
    xAxis: { ...option.xAxis, axisPointer: { show: false } },
    title: {
      text: title,
      subtext: note,
      left: 12,
      top: 8,
      textStyle: { color: input.colors.text, fontSize: 15 },
      subtextStyle: { color: input.colors.muted, fontSize: 11 },
    },
    legend: { bottom: 8, left: 12, right: 12, data: input.lines.map((line) => line.name), textStyle: { color: input.colors.text, fontSize: 11 } },
    grid: { left: 64, right: 24, top: 64, bottom: 40 + 20 * Math.ceil(input.lines.length / 3) + 24 },
  }
}
