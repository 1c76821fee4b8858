import { describe, expect, it } from 'vitest'
import { incompleteBeta, logGamma, studentTCdf, studentTQuantile } from './student-t'

describe("Student's t", () => {
  it('reproduces the table of two-sided critical values', () => {
    // t_{0.975, df} from standard tables (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2), to the digits printed there.
    const table: [number, number][] = [
      [1, 12.706205],
      [2, 4.302653],
      [3, 3.182446],
      [4, 2.776445],
      [5, 2.570582],
      [9, 2.262157],
      [10, 2.228139],
      [30, 2.042272],
      [100, 1.983972],
    ]
    for (const [df, t] of table) expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 5)
    expect(studentTQuantile(0.95, 4)).toBeCloseTo(2.131847, 5)
    expect(studentTQuantile(0.995, 4)).toBeCloseTo(4.604095, 5)
    expect(studentTQuantile(0.95, 1)).toBeCloseTo(6.313752, 5)
    // Far out the t tends to the normal: 1.959964.
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.959966, 4)
  })

  it('is symmetric and inverts its CDF', () => {
    expect(studentTQuantile(0.5, 3)).toBe(0)
    expect(studentTQuantile(0.025, 4)).toBeCloseTo(-studentTQuantile(0.975, 4), 12)
    for (const df of [1, 2.5, 4, 17]) for (const p of [0.01, 0.2, 0.9, 0.999]) expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 10)
  })

  it('has the closed-form CDFs of 1 and 2 degrees of freedom', () => {
    // df 1 is the Cauchy distribution: 1/2 + atan(t)/π; df 2: 1/2 + t / (2 sqrt(2 + t²)).
    for (const t of [-3, -0.4, 0, 1, 7]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 12)
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 12)
    }
  })

  it('builds on a correct log-gamma and incomplete beta', () => {
    expect(logGamma(1)).toBeCloseTo(0, 13)
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12)
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12)
    expect(logGamma(0.1)).toBeCloseTo(2.252712651734206, 12)
    // I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(1, b) = 1 − (1 − x)^b.
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 13)
    expect(incompleteBeta(0.3, 2.5, 1)).toBeCloseTo(0.3 ** 2.5, 13)
    expect(incompleteBeta(0.8, 1, 3)).toBeCloseTo(1 - 0.2 ** 3, 13)
  })

  it('rejects what has no answer', () => {
    expect(() => studentTQuantile(1, 4)).toThrow(/p must be in \(0, 1\)/)
    expect(() => studentTQuantile(0.9, 0)).toThrow(/degrees of freedom/)
    expect(() => incompleteBeta(1.2, 1, 1)).toThrow(/x must be in/)
  })
})
