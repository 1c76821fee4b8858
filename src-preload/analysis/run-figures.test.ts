import { describe, expect, it } from 'vitest'
import { MetricColumns } from './metric-columns'
import { runFigures } from './run-figures'

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
