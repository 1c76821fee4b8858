import { describe, expect, it } from 'vitest'
import { describeLocalisation } from './localisation-figures'

const row = {
  'step_validity/process/top1': 0.4123,
  'step_validity/credit/top1': 0.29,
  'step_validity/ref_surprisal/top1': 0.62,
  'step_validity/chance_top1': 0.287,
  'step_validity/responses': 37,
}

describe('the localisation beside a heatmap', () => {
  it('names the object the heatmap colours and sets it beside reference surprisal and chance', () => {
    expect(describeLocalisation(row, 'step-reward')).toBe(
      'First-error top-1 at this iteration, over the batch’s 37 wrong responses: process reward s/Z 0.412 · reference surprisal (baseline) 0.62 · chance 0.287.',
    )
    expect(describeLocalisation(row, 'implied-credit')).toBe(
      'First-error top-1 at this iteration, over the batch’s 37 wrong responses: policy-gradient credit (advantage) 0.29 · reference surprisal (baseline) 0.62 · chance 0.287.',
    )
  })

  it('says nothing where the iteration logged no localisation of that signal', () => {
    expect(describeLocalisation({ ...row, 'step_validity/process/top1': Number.NaN }, 'process-mean')).toBeNull()
    expect(describeLocalisation({ 'step_validity/credit/top1': 0.3 }, 'implied-credit')).toBeNull()
    expect(describeLocalisation(null, 'step-reward')).toBeNull()
    expect(describeLocalisation(row, undefined)).toBeNull()
  })
})
