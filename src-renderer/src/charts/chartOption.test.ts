import { describe, expect, it } from 'vitest'
import { BANDS_SERIES_ID, buildChartOption, exportChartOption, formatValue } from './chartOption'

const colors = { text: '#000', muted: '#666', border: '#ddd', panel: '#fff' }
const n = 20_000
const xs = Array.from({ length: n }, (_, i) => i)

describe('buildChartOption', () => {
  it('reduces each line to its pixel width, keeps a spike, and draws a band as one polygon over its columns', () => {
    const ys = xs.map((x) => Math.sin(x / 50))
    ys[9_999] = 40
    const option = buildChartOption({
      lines: [{ id: 'g|m', name: 'prime', color: 'red', dash: 'solid', xs, ys, n: xs.map(() => 3) }],
      bands: [{ id: 'g|m|band', color: 'red', xs, lo: ys.map((y) => y - 1), hi: ys.map((y) => y + 1) }],
      xName: 'iteration',
      width: 400,
      colors,
      formatX: String,
    })
    const [band, line] = option.series as { id: string; type: string; datasetId: string; encode: { y: string | string[] } }[]
    expect([band?.id, band?.type, line?.id]).toEqual([BANDS_SERIES_ID, 'custom', 'g|m'])
    const columns = (id: string) => (option.dataset as { id: string; source: Record<string, Float64Array> }[]).find((d) => d.id.startsWith(`${id}#`))?.source ?? {}
    // The band's series reads both edges, so the y axis spans the band.
    expect([band?.datasetId.startsWith(`${BANDS_SERIES_ID}#`), band?.encode.y, line?.datasetId.startsWith('g|m#')]).toEqual([true, ['lo', 'hi'], true])
    // A fresh dataset id at every build (ECharts would merge typed arrays of the same id index by index).
    expect(buildChartOption({ lines: [], bands: [{ id: 'g|m|band', color: 'red', xs: [1], lo: [0], hi: [1] }], xName: 'i', width: 400, colors, formatX: String }).dataset[0]).not.toMatchObject({ id: band?.datasetId })
    // Its series reads the band's extent, one item per 32 points: what the y axis must span.
    const extents = columns(BANDS_SERIES_ID)
    const lowest = (values: ArrayLike<number>) => Math.min(...Array.from(values))
    expect(extents.x?.length).toBeLessThanOrEqual((2 * 400 + 2) / 32 + 1)
    expect(lowest(extents.lo ?? [])).toBeCloseTo(-2, 6)
    expect(-lowest((extents.hi ?? []).map((v) => -v))).toBe(41)
    const { x = new Float64Array(), y = new Float64Array(), n = new Float64Array() } = columns('g|m')
    expect(x.length).toBeLessThanOrEqual(2 * 400 + 2)
    const spike = x.indexOf(9_999)
    expect([y[spike], n[spike]]).toEqual([40, 3])
  })

  it('draws every band of a chart in one series, once, at the first point on screen, a polygon per stretch of finite points', () => {
    const band = { id: 'b', color: 'red', xs: [0, 1, 2, 3, 4], lo: [0, 0, Number.NaN, 0, 0], hi: [1, 2, 3, 2, 1] }
    const other = { id: 'c', color: 'blue', xs: [1, 2], lo: [-3, -2], hi: [4, 5] }
    const option = buildChartOption({ lines: [], bands: [band, other], xName: 'i', width: 400, colors, formatX: String, reduced: true })
    expect(option.series).toHaveLength(1)
    // The series' extents span both bands.
    const source = (option.dataset[0] as { source: { lo: Float64Array; hi: Float64Array } }).source
    expect([Math.min(...source.lo), Math.max(...source.hi)]).toEqual([-3, 5])
    type Drawn = { children: { shape: { points: number[][] }; style: { fill: string } }[] } | null
    const { renderItem } = option.series[0] as { renderItem: (params: { dataIndexInside: number }, api: { coord: (p: number[]) => number[] }) => Drawn }
    const api = { coord: ([x, y]: number[]) => [10 * (x as number) + 5, 100 - 20 * (y as number)] }
    expect(renderItem({ dataIndexInside: 1 }, api)).toBeNull()
    const drawn = renderItem({ dataIndexInside: 0 }, api)?.children ?? []
    // Upper edge left to right, then the lower edge back: points 0–1, then (after the gap at x = 2) points 3–4; then
    // the other band in its own colour.
    expect(drawn.map((c) => c.shape.points)).toEqual([
      [[5, 80], [15, 60], [15, 100], [5, 100]],
      [[35, 60], [45, 80], [45, 100], [35, 100]],
      [[15, 20], [25, 0], [25, 140], [15, 160]],
    ])
    expect(drawn.map((c) => c.style.fill)).toEqual(['red', 'red', 'blue'])
    // On a log axis the pixels follow log10 of the values, as ECharts places them.
    const logOption = buildChartOption({ lines: [], bands: [{ id: 'b', color: 'red', xs: [0, 1], lo: [1, 10], hi: [100, 1000] }], xName: 'i', width: 400, colors, formatX: String, reduced: true, logY: true })
    const logRender = (logOption.series[0] as unknown as { renderItem: typeof renderItem }).renderItem
    const logApi = { coord: ([x, y]: number[]) => [10 * (x as number), 100 - 20 * Math.log10(y as number)] }
    expect(logRender({ dataIndexInside: 0 }, logApi)?.children.map((c) => c.shape.points)).toEqual([[[0, 60], [10, 40], [10, 80], [0, 100]]])
  })

  it('draws a crosshair moved by its owner alone that involves no series: no tooltip, no snap to a point', () => {
    const option = buildChartOption({ lines: [{ id: 'a', name: 'prime', color: 'red', dash: 'solid', xs: [1], ys: [0.5] }], bands: [], xName: 'i', width: 300, colors, formatX: String })
    expect(option).not.toHaveProperty('tooltip')
    expect(option.xAxis.axisPointer).toMatchObject({ show: true, snap: false, triggerTooltip: false })
    expect(option.axisPointer.triggerOn).toBe('none')
    // An exported image has no crosshair.
    expect(exportChartOption({ lines: [], bands: [], xName: 'i', width: 300, colors, formatX: String }, 't', 'n').xAxis.axisPointer).toEqual({ show: false })
  })

  it('formats values compactly', () => {
    expect([formatValue(0.123456), formatValue(1234567), formatValue(0.00001), formatValue(0), formatValue(Number.NaN)]).toEqual([
      '0.1235',
      '1.23e+6',
      '1.00e-5',
      '0',
      '—',
    ])
  })
})

describe('chart options for the Compare view', () => {
  const line = { id: 'a', name: 'prime', color: 'red', dash: 'solid' as const, xs: Float64Array.of(1, 2, 3), ys: Float64Array.of(0.1, 1, 10) }

  it('takes lines reduced already as they are, spans the shared x range and can draw y on a log axis', () => {
    const option = buildChartOption({ lines: [line], bands: [], xName: 'iteration', width: 1, colors, formatX: String, reduced: true, xRange: [0, 40], logY: true, zoom: true })
    expect((option.dataset[0] as { source: { x: Float64Array } }).source.x).toEqual(line.xs)
    expect([option.xAxis.min, option.xAxis.max]).toEqual([0, 40])
    expect(option.yAxis.type).toBe('log')
    expect(option.dataZoom[0]).toMatchObject({ type: 'inside', disabled: false, zoomOnMouseWheel: 'ctrl' })
    expect(buildChartOption({ lines: [line], bands: [], xName: 'i', width: 300, colors, formatX: String }).dataZoom[0]?.disabled).toBe(true)
  })

  it('exports with a title, the note saying what the curves are, and a legend of the lines only', () => {
    const band = { id: 'a|band', color: 'red', xs: line.xs, lo: line.ys, hi: line.ys }
    const option = exportChartOption({ lines: [line], bands: [band], xName: 'iteration', width: 300, colors, formatX: String }, 'Reward', 'EMA 0.6; mean of 4 seeds')
    expect(option.title).toMatchObject({ text: 'Reward', subtext: 'EMA 0.6; mean of 4 seeds' })
    expect(option.legend.data).toEqual(['prime'])
    expect(option.backgroundColor).toBe(colors.panel)
    expect(option.dataZoom[0]?.disabled).toBe(true)
  })
})
