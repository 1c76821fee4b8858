import { describe, expect, it } from 'vitest'
import { compactRanges, fileNameOf, parseGroupingField, parseIterationList, parseThreshold, reportBlob, reportOptions } from './report-export'

describe('report export helpers', () => {
  it('reads heatmap iterations, blank meaning the default', () => {
    expect(parseIterationList('  ')).toEqual({ ok: true, value: undefined })
    expect(parseIterationList('10, 2 2,3')).toEqual({ ok: true, value: [2, 3, 10] })
    expect(parseIterationList('2, x')).toEqual({ ok: false, error: '"x" is not an iteration number (1, 2, …)' })
    expect(parseIterationList('0')).toMatchObject({ ok: false })
    expect(parseIterationList('1 2 3 4 5 6 7 8 9')).toEqual({ ok: false, error: 'at most 8 iterations (got 9)' })
  })

  it('reads a reward threshold and builds only the options that are set', () => {
    expect(parseThreshold('')).toEqual({ ok: true, value: undefined })
    expect(parseThreshold(' 0.25 ')).toEqual({ ok: true, value: 0.25 })
    expect(parseThreshold('abc')).toMatchObject({ ok: false })
    const byConfig = { by: 'config', ignoreLoggingOnly: true } as const
    expect(reportOptions(undefined, undefined, false, { kind: 'none' }, byConfig)).toEqual({ smoothing: { kind: 'none' }, seedMean: false, grouping: byConfig })
    expect(reportOptions([2], 0, true, { kind: 'ema', weight: 0.6 }, byConfig)).toEqual({ heatmapIterations: [2], rewardThreshold: 0, smoothing: { kind: 'ema', weight: 0.6 }, seedMean: true, grouping: byConfig })
    expect(parseGroupingField(' algorithm, prm.beta ')).toEqual({ ok: true, value: { by: 'keys', keys: ['algorithm', 'prm.beta'] } })
    expect(parseGroupingField('exact')).toEqual({ ok: true, value: { by: 'config', ignoreLoggingOnly: false } })
    expect(parseGroupingField('algorithm;seed')).toMatchObject({ ok: false, error: expect.stringContaining('grouping "algorithm;seed"') })
  })

  it('describes iterations as compact ranges', () => {
    expect(compactRanges([8, 1, 2, 3, 5, 7, 2])).toBe('1–3, 5, 7–8')
    expect(compactRanges([])).toBe('')
  })

  it('decodes a base64 PDF into bytes and keeps text as text', async () => {
    const pdf = reportBlob({ content: btoa('%PDF-1.4\n\u00ff'), encoding: 'base64', mediaType: 'application/pdf' })
    expect(pdf.type).toBe('application/pdf')
    expect([...new Uint8Array(await pdf.arrayBuffer())].slice(0, 5)).toEqual([37, 80, 68, 70, 45])
    expect(new Uint8Array(await pdf.arrayBuffer()).at(-1)).toBe(255)
    const html = reportBlob({ content: '<p>é</p>', encoding: 'utf8', mediaType: 'text/html' })
    expect(await html.text()).toBe('<p>é</p>')
    expect(fileNameOf('C:\\ws\\exports\\report-1.pdf')).toBe('report-1.pdf')
    expect(fileNameOf('/ws/exports/metrics-1.csv')).toBe('metrics-1.csv')
  })
})
