import { describe, expect, it } from 'vitest'
import { creditHex, stepHeatmapSvg } from './heatmap'
import { syntheticRecord } from './test-support/synthetic-runs'

describe('step heatmap', () => {
  it('colours credit on the shared scale symmetric around 0', () => {
    expect(creditHex(0, 1)).toBe('#f7f7f7')
    expect(creditHex(1, 1)).toBe('#e66101')
    expect(creditHex(-2, 1)).toBe('#2166ac')
    expect(creditHex(0.5, 0)).toBe('#f7f7f7')
  })

  it('draws a cell per step, outlines wrong steps and escapes step text', () => {
    const records = [
      syntheticRecord(0, [
        { reward: 0.5, truth: true },
        { reward: -0.25, truth: false, text: '<b>2+2=5</b> & "so"' },
      ]),
      syntheticRecord(1, [{ reward: 0.1, truth: true }]),
    ]
    const svg = stepHeatmapSvg(records)
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(3)
    // the wrong step's cell, plus the legend's sample outline
    expect(svg.match(/stroke="#111111" stroke-width="2"/g)).toHaveLength(2)
    expect(svg).toContain('&lt;b&gt;2+2=5&lt;/b&gt; &amp; &quot;so&quot;')
    expect(svg).not.toContain('<b>')
    // The range is the largest |credit| drawn, 0.5: the 0.5 step takes the full pole colour.
    expect(svg).toContain('fill="#e66101"')
    expect(svg).toContain('−0.5 … +0.5: step reward: mean of the normalised process rewards (s/Z)')
    expect(svg).toContain('step 1: step reward +0.5, correct step')
  })

  it('caps rows and steps, and shows an outcome-only run’s implied credit as the app does', () => {
    const records = Array.from({ length: 30 }, (_, row) => syntheticRecord(row, Array.from({ length: 40 }, () => ({ reward: null, truth: null }))))
    const svg = stepHeatmapSvg(records, { maxRows: 5, maxSteps: 6 })
    expect(svg.match(/<title>/g)).toHaveLength(30)
    expect(svg).toContain('implied credit of an outcome-only run')
    expect(svg).toContain('first 5 of 30 responses')
  })
})
