import { describe, expect, it } from 'vitest'
import { MetricColumns } from './metric-columns'
import { metricFigure } from './run-figures'
import { sweepCells, sweptSettings } from './sweep'

const run = (id: string, beta: number, lr: number, seed: number, finalAcc: number | null) => ({
  id,
  name: id,
  config: { algorithm: 'prime', seed, prm: { beta }, policy: { lr } },
  columns: MetricColumns.fromRows(finalAcc === null ? [] : [{ step: 1, time: 1, values: { 'val/acc': finalAcc / 2 } }, { step: 2, time: 2, values: { 'val/acc': finalAcc } }]),
})

describe('sweep cells', () => {
  const runs = [run('a1', 0.05, 1e-4, 1, 0.5), run('b1', 0.1, 1e-4, 1, 0.7), run('a2', 0.05, 1e-4, 2, 0.6), run('b2', 0.1, 1e-4, 2, null), run('a3', 0.05, 1e-4, 3, 0.4)]
  const final = runs.map((r) => ({ ...r, value: metricFigure(r.columns, 'val/acc', 'final') }))

  it('finds the swept settings, seed aside', () => {
    expect(sweptSettings(runs.map((r) => r.config))).toEqual(['prm.beta'])
  })

  it('makes one cell per combination with each seed’s figure and the seeds’ median and range', () => {
    const cells = sweepCells(final, ['prm.beta', 'policy.lr'])
    expect(cells.map((c) => c.values)).toEqual([[0.05, 1e-4], [0.1, 1e-4]])
    expect(cells[0]!.runs.map((r) => [r.seed, r.value])).toEqual([[1, 0.5], [2, 0.6], [3, 0.4]])
    expect(cells[0]!.spread).toEqual({ median: 0.5, min: 0.4, max: 0.6, n: 3 })
    // A run that has logged nothing yet has no figure and does not count in the spread.
    expect(cells[1]!.runs.map((r) => r.value)).toEqual([0.7, null])
    expect(cells[1]!.spread).toEqual({ median: 0.7, min: 0.7, max: 0.7, n: 1 })
  })

  it('has no spread for a cell whose runs have no figure yet', () => {
    const start = runs.map((r) => ({ ...r, value: metricFigure(r.columns, 'val/acc', 'start') }))
    expect(sweepCells(start, ['prm.beta'])[0]!.spread).toBeNull()
  })
})
