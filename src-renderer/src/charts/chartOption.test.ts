import { describe, expect, it } from 'vitest'
import { buildChartOption, formatValue } from './chartOption'

const colors = { text: '#000', muted: '#666', border: '#ddd', panel: '#fff' }
const n = 20_000
const xs = Array.from({ length: n }, (_, i) => i)

describe('buildChartOption', () => {
  it('reduces each line to its pixel width, keeps a spike, and stacks a band as lower edge + span', () => {
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
    const [lo, span, line] = option.series as { id: string; stack?: string; stackStrategy?: string; data: number[][] }[]
    expect([lo?.id, span?.id, line?.id]).toEqual(['g|m|band:lo', 'g|m|band:span', 'g|m'])
    expect(lo?.stack).toBe(span?.stack)
    // 'all' stacks the span on the lower edge even where the lower edge is negative.
    expect(span?.stackStrategy).toBe('all')
    expect(span?.data.every(([, d]) => Math.abs((d as number) - 2) < 1e-9)).toBe(true)
    expect(line?.data.length).toBeLessThanOrEqual(2 * 400 + 2)
    expect(line?.data.some(([x, y, count]) => x === 9_999 && y === 40 && count === 3)).toBe(true)
  })

  it('escapes names in the tooltip and lists only named lines, not band edges', () => {
    const option = buildChartOption({
      lines: [{ id: 'a', name: '<img src=x onerror=alert(1)>', color: 'red', dash: 'solid', xs: [1], ys: [0.5] }],
      bands: [],
      xName: 'iteration',
      width: 300,
      colors,
      formatX: (x) => `it ${x}`,
    })
    const html = option.tooltip.formatter([
      { seriesId: 'a', seriesName: '<img src=x onerror=alert(1)>', color: 'red', data: [1, 0.5] },
      { seriesId: 'b:lo', seriesName: 'series1', data: [1, 0.1] },
    ])
    expect(html).toContain('it 1')
    expect(html).toContain('&#60;img')
    expect(html).not.toContain('<img')
    expect(html).not.toContain('series1')
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
