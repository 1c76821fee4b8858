import { describe, expect, it } from 'vitest'
import { MetricColumns } from './metric-columns'
import { formatAccuracy, metricFigures, runFigures } from './run-figures'

describe('runFigures', () => {
  it('takes the last and best validation accuracy with their standard errors, the test accuracy and the training clock', () => {
    const columns = MetricColumns.fromRows([
      { step: 1, time: 100, values: { 'val/acc': 0.5, 'val/acc_se': 0.05, 'train/wall_time': 3 } },
      { step: 2, time: 200, values: { 'val/acc': 0.75, 'val/acc_se': 0.04, 'train/wall_time': 6 } },
      { step: 3, time: 300, values: { 'val/acc': 0.25, 'val/acc_se': 0.043, 'test/acc': 0.3, 'test/acc_se': 0.02, 'train/wall_time': 9 } },
    ])
    expect(runFigures(columns)).toEqual({
      finalValidation: { value: 0.25, se: 0.043 },
      bestValidation: { value: 0.75, se: 0.04 },
      test: { value: 0.3, se: 0.02 },
      trainingTime: 9,
    })
  })

  it('has no standard error where the run logged none, falls back to the row timestamps, and has nothing for a run without rows', () => {
    const older = MetricColumns.fromRows([{ step: 1, time: 100, values: { 'val/acc': 0.5 } }, { step: 2, time: 104.5, values: {} }])
    expect(runFigures(older)).toEqual({ finalValidation: { value: 0.5, se: null }, bestValidation: { value: 0.5, se: null }, test: null, trainingTime: 4.5 })
    expect(runFigures(new MetricColumns())).toEqual({ finalValidation: null, bestValidation: null, test: null, trainingTime: null })
  })

  it('writes an accuracy with its standard error', () => {
    expect([{ value: 0.41234, se: 0.0221 }, { value: 0.5, se: null }, null].map(formatAccuracy)).toEqual(['0.412 ± 0.0221', '0.5', '—'])
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
