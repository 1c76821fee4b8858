import { describe, expect, it } from 'vitest'
import { MetricColumns } from './metric-columns'
import { metricFigures, runFigures } from './run-figures'

describe('runFigures', () => {
  it('takes the last and best validation accuracy and the training clock at the last row', () => {
    const columns = MetricColumns.fromRows([
      { step: 1, time: 100, values: { 'val/acc': 0.5, 'train/wall_time': 3 } },
      { step: 2, time: 200, values: { 'val/acc': 0.75, 'train/wall_time': 6 } },
      { step: 3, time: 300, values: { 'val/acc': 0.25, 'train/wall_time': 9 } },
    ])
    expect(runFigures(columns)).toEqual({ finalValidation: 0.25, bestValidation: 0.75, trainingTime: 9 })
  })

  it('falls back to the row timestamps, and has nothing for a run without rows', () => {
    expect(runFigures(MetricColumns.fromRows([{ step: 1, time: 100, values: {} }, { step: 2, time: 104.5, values: {} }]))).toEqual({ finalValidation: null, bestValidation: null, trainingTime: 4.5 })
    expect(runFigures(new MetricColumns())).toEqual({ finalValidation: null, bestValidation: null, trainingTime: null })
  })
})

describe('metricFigures', () => {
  const columns = MetricColumns.fromRows([
    { step: 0, time: 0, values: { 'val/acc': 0.9 } },
    { step: 1, time: 1, values: { 'val/acc': 0.5, 'reward_model/loss': 0.7, 'actor/entropy': 2 } },
    { step: 2, time: 2, values: { 'reward_model/loss': 0.4, 'actor/entropy': 1 } },
    { step: 3, time: 3, values: { 'val/acc': 0.6, 'reward_model/loss': 0.5 } },
  ])

  it('reads the start at step 0 apart from the iterations, whose best it does not count', () => {
    expect(metricFigures(columns, 'val/acc')).toEqual({ start: 0.9, final: 0.6, finalIteration: 3, best: 0.6, bestIteration: 3 })
  })

  it('takes the lowest value as the best where lower is better, and the last logged value as the final', () => {
    expect(metricFigures(columns, 'reward_model/loss')).toEqual({ start: null, final: 0.5, finalIteration: 3, best: 0.4, bestIteration: 2 })
    expect(metricFigures(columns, 'actor/entropy')).toMatchObject({ final: 1, finalIteration: 2, best: 2 })
  })

  it('has no figures for a metric the run does not log', () => {
    expect(metricFigures(columns, 'test/acc')).toEqual({ start: null, final: null, finalIteration: null, best: null, bestIteration: null })
  })
})
