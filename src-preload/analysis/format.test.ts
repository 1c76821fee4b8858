import { describe, expect, it } from 'vitest'
import { formatDuration, formatFigure, formatPValue, formatRatio, formatSigned } from './format'

describe('figure formats', () => {
  it('writes values with 3 significant digits, integers whole', () => {
    expect([0.54166, 12, 1234.5, 0.00012345, -0.25, null, Number.NaN].map(formatFigure)).toEqual(['0.542', '12', '1235', '1.23e-4', '-0.25', '—', 'NaN'])
  })

  it('writes ratios with two decimals', () => {
    expect([2.5, 1 / 3, null].map(formatRatio)).toEqual(['2.50×', '0.33×', '—'])
  })

  it('writes durations from tenths of a second to hours', () => {
    expect([0.44, 9.96, 42.4, 185, 7380, null, -1].map(formatDuration)).toEqual(['0.4s', '10.0s', '42s', '3m 05s', '2h 03m', '—', '0.0s'])
  })

  it('writes differences with their sign and p-values with two significant digits', () => {
    expect([0.03123, -0.05, 0, null].map(formatSigned)).toEqual(['+0.0312', '-0.05', '0', '—'])
    expect([0.0625, 1, 0.21875, 0.0004].map(formatPValue)).toEqual(['0.063', '1', '0.22', '< 0.001'])
  })
})
