import { describe, expect, it } from 'vitest'
import { codePoints, LENGTH_EDGES, lengthStatistics, StatisticsCollector } from './statistics'

describe('statistics', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(codePoints('abc')).toBe(3)
    expect(codePoints('x = 😀')).toBe(5)
    expect(codePoints('é')).toBe(1)
  })

  it('bins lengths on power-of-two edges and takes nearest-rank percentiles', () => {
    const stats = lengthStatistics(Int32Array.from([1, 3, 3, 100, 70000]))
    const bucket = (length: number): number => LENGTH_EDGES.findLastIndex((edge) => length >= edge)
    const expected = LENGTH_EDGES.map(() => 0)
    for (const length of [1, 3, 3, 100, 70000]) expected[bucket(length)]! += 1
    expect(stats.counts).toEqual(expected)
    expect(stats.counts[bucket(3)]).toBe(2) // [2, 4)
    expect(stats.counts.at(-1)).toBe(1) // open-ended last bucket
    expect([stats.min, stats.max, stats.p50, stats.p90]).toEqual([1, 70000, 3, 70000])
    expect(stats.mean).toBeCloseTo((1 + 3 + 3 + 100 + 70000) / 5)
  })

  it('tallies answer kinds, verifiers and sources', () => {
    const collector = new StatisticsCollector()
    collector.add({ prompt: 'p', reference: '4', verifier: 'math', dataSource: 'a' })
    collector.add({ prompt: 'p', reference: '\\frac{1}{2}', verifier: 'math', dataSource: 'b' })
    collector.add({ prompt: 'p', reference: 'Monday', verifier: 'exact', dataSource: 'b' })
    const result = collector.result()
    expect(result.answerKinds).toMatchObject({ integer: 1, fraction: 1, text: 1, latex: 0 })
    expect(result.verifiers).toEqual({ math: 2, exact: 1 })
    expect(result.dataSources).toEqual({ a: 1, b: 2 })
  })
})
