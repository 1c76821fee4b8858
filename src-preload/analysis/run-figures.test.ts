import { describe, expect, it } from 'vitest'
import { MetricColumns } from './metric-columns'
import { formatAccuracy, runFigures } from './run-figures'

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
