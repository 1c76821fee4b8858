import { describe, expect, it } from 'vitest'
import { runLines, seedGroups, seedMeanLines } from './chart-lines'
import { downsampleMinMax } from './downsample'
import { syntheticMetrics, syntheticSummary } from './test-support/synthetic-runs'

const runs = [
  { summary: syntheticSummary('p1', 'prime 1', { algorithm: 'prime', seed: 1 }), metrics: syntheticMetrics([0.1, 0.2, 0.3]) },
  { summary: syntheticSummary('p2', 'prime 2', { algorithm: 'prime', seed: 2 }), metrics: syntheticMetrics([0.3, 0.4]) },
  { summary: syntheticSummary('r1', 'rloo 1', { algorithm: 'rloo', seed: 1 }), metrics: syntheticMetrics([0.5, 0.5, 0.5]) },
]

describe('chart lines', () => {
  it('draws one line per run by default', () => {
    expect(runLines(runs, 'critic/score/mean').map((l) => [l.label, l.points.length])).toEqual([
      ['prime 1', 3],
      ['prime 2', 2],
      ['rloo 1', 3],
    ])
  })

  it('groups runs that differ only in the seed, labelled by what sets the groups apart', () => {
    expect(seedGroups(runs).map((g) => [g.label, g.members.map((m) => m.summary.id)])).toEqual([
      ['algorithm=prime (mean of 2 seeds)', ['p1', 'p2']],
      ['algorithm=rloo (1 run)', ['r1']],
    ])
  })

  it('averages a group over the iterations every seed has logged', () => {
    const [prime, rloo] = seedMeanLines(runs, 'critic/score/mean')
    expect(prime!.points.map(([step]) => step)).toEqual([1, 2])
    expect(prime!.points[0]![1]).toBeCloseTo(0.2, 12)
    expect(prime!.points[1]![1]).toBeCloseTo(0.3, 12)
    expect(rloo!.points).toEqual([[1, 0.5], [2, 0.5], [3, 0.5]])
  })
})

describe('downsampling long curves', () => {
  it('keeps the ends and every bucket’s extremes, in order', () => {
    const points = Array.from({ length: 10_000 }, (_, i): [number, number] => [i + 1, i === 5000 ? 99 : Math.sin(i / 100)])
    const kept = downsampleMinMax(points, 400)
    expect(kept.length).toBeLessThanOrEqual(400)
    expect(kept[0]).toEqual([1, 0])
    expect(kept.at(-1)).toEqual(points.at(-1))
    expect(kept.some(([, v]) => v === 99)).toBe(true)
    expect(kept.every(([x], i) => i === 0 || x > kept[i - 1]![0])).toBe(true)
    expect(downsampleMinMax(points.slice(0, 10), 400)).toEqual(points.slice(0, 10))
  })
})
