import { describe, expect, it } from 'vitest'
import { countBars, histogramBars } from './histogram'

const EDGES = [0, 1, 2, 4, 8, 16, 32, 64]

describe('histogramBars', () => {
  it('keeps buckets from the first to the last used one, labelled as inclusive ranges', () => {
    const bars = histogramBars({ edges: EDGES, counts: [0, 0, 2, 0, 6, 2, 0, 0] })
    expect(bars.map((b) => b.label)).toEqual(['2–3', '4–7', '8–15', '16–31'])
    expect(bars.map((b) => b.count)).toEqual([2, 0, 6, 2])
    expect(bars.map((b) => b.scale)).toEqual([2 / 6, 0, 1, 2 / 6])
    expect(bars.map((b) => b.share)).toEqual([0.2, 0, 0.6, 0.2])
  })

  it('labels one-value buckets and the open last bucket', () => {
    expect(histogramBars({ edges: EDGES, counts: [1, 1, 0, 0, 0, 0, 0, 3] }).map((b) => b.label)).toEqual(['0', '1', '2–3', '4–7', '8–15', '16–31', '32–63', '64+'])
    const long = histogramBars({ edges: [512, 1024, 2048, 65536], counts: [1, 2, 0, 1] })
    expect(long.map((b) => b.tick)).toEqual(['512', '1k', '2k', '64k'])
    expect(long.map((b) => b.label)).toEqual(['512–1023', '1024–2047', '2048–65535', '65536+'])
  })

  it('gives no bars for an empty dataset and refuses mismatched arrays', () => {
    expect(histogramBars({ edges: EDGES, counts: EDGES.map(() => 0) })).toEqual([])
    expect(() => histogramBars({ edges: EDGES, counts: [1] })).toThrow(/8 edges but 1 counts/)
  })
})

describe('countBars', () => {
  it('sorts by count then name and drops zeros', () => {
    const bars = countBars({ text: 1, integer: 6, fraction: 0, latex: 1, decimal: 2 })
    expect(bars.map((b) => [b.label, b.count])).toEqual([
      ['integer', 6],
      ['decimal', 2],
      ['latex', 1],
      ['text', 1],
    ])
    expect(bars[0]).toMatchObject({ scale: 1, share: 0.6 })
    expect(countBars({})).toEqual([])
  })
})
