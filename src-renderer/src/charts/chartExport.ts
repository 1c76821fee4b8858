// A chart as a file: rendered afresh from its export option (chartOption.ts `exportChartOption`) at the size it has
// on screen, as PNG (canvas, at twice the pixel density) or SVG (ECharts' SVG renderer: text stays text), and
// handed to the browser as a download.
import { echarts } from './echarts'

export type ImageFormat = 'png' | 'svg'

export interface ChartImage {
  name: string
  blob: Blob
}

/** "Reward" → "reward"; anything but letters and digits becomes a dash. */
export function fileStem(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'chart'
}

export function renderChart(option: echarts.EChartsCoreOption, format: ImageFormat, size: { width: number; height: number }, stem: string): ChartImage {
  const width = Math.max(320, Math.round(size.width))
  const height = Math.max(240, Math.round(size.height))
  if (format === 'svg') {
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
    try {
      chart.setOption(option)
      return { name: `${stem}.svg`, blob: new Blob([chart.renderToSVGString()], { type: 'image/svg+xml' }) }
    } finally {
      chart.dispose()
    }
  }
  const chart = echarts.init(document.createElement('div'), null, { renderer: 'canvas', width, height })
  try {
    chart.setOption(option)
    const dataUrl = chart.getDataURL({ type: 'png', pixelRatio: 2 })
    const binary = atob(dataUrl.slice(dataUrl.indexOf(',') + 1))
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0))
    return { name: `${stem}.png`, blob: new Blob([bytes], { type: 'image/png' }) }
  } finally {
    chart.dispose()
  }
}

/** Offers the file for download (the desktop app asks where to save it). */
export function download(image: ChartImage): void {
  const url = URL.createObjectURL(image.blob)
  const link = document.createElement('a')
  link.href = url
  link.download = image.name
  link.click()
  // The download has started by then; the URL is only needed to start it.
  setTimeout(() => URL.revokeObjectURL(url), 30_000)
}
