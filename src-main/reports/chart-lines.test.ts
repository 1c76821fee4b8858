import { describe, expect, it } from 'vitest'
import { MetricColumns, ema, iterationRows } from '../../src-preload/analysis'
import { runLines, seedMeanLines, type LineSource } from './chart-lines'
import { syntheticMetrics, syntheticSummary } from './test-support/synthetic-runs'

function source(id: string, name: string, algorithm: 'prime' | 'rloo', seed: number, rewards: number[]): LineSource {
  const summary = syntheticSummary(id, name, { algorithm, seed })
  return { id, name, config: summary.config, columns: MetricColumns.fromRows(iterationRows(syntheticMetrics(rewards))) }
}
const runs = [source('p1', 'prime 1', 'prime', 1, [0.1, 0.2, 0.3]), source('p2', 'prime 2', 'prime', 2, [0.3, 0.4]), source('r1', 'rloo 1', 'rloo', 1, [0.5, 0.5, 0.5])]
const raw = { kind: 'none' } as const

describe('chart lines', () => {
  it('draws one smoothed line per run', () => {
    const lines = runLines(runs, 'critic/score/mean', { kind: 'ema', weight: 0.6 })
    expect(lines.map((l) => [l.label, l.xs])).toEqual([
      ['prime 1', [1, 2, 3]],
      ['prime 2', [1, 2]],
      ['rloo 1', [1, 2, 3]],
    ])
    expect(lines[0]!.ys).toEqual([...ema([0.1, 0.2, 0.3], 0.6)])
    expect(lines.every((l) => l.band === null)).toBe(true)
  })

  it('draws a seed group as its mean with a min–max band, labelled by what sets it apart', () => {
    const [prime, rloo] = seedMeanLines(runs, 'critic/score/mean', raw)
    expect(prime!.label).toBe('prime (mean of 2 seeds)')
    expect(rloo!.label).toBe('rloo (rloo 1)')
    expect(prime!.xs).toEqual([1, 2, 3])
    expect(prime!.ys[0]).toBeCloseTo(0.2, 12)
    expect(prime!.ys[1]).toBeCloseTo(0.3, 12)
    // Iteration 3: only seed 1 got there, so the mean is its value and the band closes on it.
    expect(prime!.ys[2]).toBeCloseTo(0.3, 12)
    expect(prime!.band).toEqual({ lo: [0.1, 0.2, 0.3], hi: [0.3, 0.4, 0.3] })
    expect(rloo).toMatchObject({ xs: [1, 2, 3], ys: [0.5, 0.5, 0.5], band: null })
  })
})
