import { describe, expect, it } from 'vitest'
import { makeRolloutBatch, type RolloutBatchInput } from './batch'

const valid: RolloutBatchInput = {
  numPrompts: 1,
  K: 2,
  R: 3,
  lengths: [3, 1],
  acc: [1, 0],
  oldLogp: [-1, -1, -1, -1, 7, 7],
  logpPrm: [-1, -2, -3, -4, 5, 5],
  logpRef: [-1, -1, -1, -1, 5, 5],
}

describe('makeRolloutBatch', () => {
  it('builds the response mask from the lengths and copies every tensor as float64', () => {
    const batch = makeRolloutBatch(valid)
    expect(batch.B).toBe(2)
    expect(Array.from(batch.responseMask)).toEqual([1, 1, 1, 1, 0, 0])
    expect(Array.from(batch.lengths)).toEqual([3, 1])
    expect(batch.logpPrm).toBeInstanceOf(Float64Array)
    expect(Array.from(batch.oldLogp)).toEqual(valid.oldLogp)
  })

  it('allows an outcome-only batch without PRM log-probs', () => {
    const batch = makeRolloutBatch({ ...valid, logpPrm: null, logpRef: null })
    expect(batch.logpPrm).toBeNull()
    expect(batch.logpRef).toBeNull()
  })

  it('names the field, row and position of bad input', () => {
    const bad = (patch: Partial<RolloutBatchInput>) => () => makeRolloutBatch({ ...valid, ...patch }, 'run7 step3')
    expect(bad({ lengths: [3, 4] })).toThrow('run7 step3.lengths[1] = 4: must be an integer in [1, R=3]')
    expect(bad({ lengths: [0, 1] })).toThrow('run7 step3.lengths[0] = 0')
    expect(bad({ lengths: [3] })).toThrow('run7 step3.lengths: length 1, expected 2')
    expect(bad({ acc: [1, 1.5] })).toThrow('run7 step3.acc[1] = 1.5: must be in [0, 1]')
    expect(bad({ acc: [NaN, 0] })).toThrow('run7 step3.acc[0] = NaN')
    expect(bad({ logpPrm: [-1, -2, -3, -4, 5, Infinity] })).toThrow('run7 step3.logpPrm[1][2] = Infinity: must be finite')
    expect(bad({ oldLogp: [-1, -1] })).toThrow('run7 step3.oldLogp (B*R = 2*3): length 2, expected 6')
    expect(bad({ logpRef: null })).toThrow('run7 step3: logpPrm and logpRef must be given together')
    expect(bad({ K: 0 })).toThrow('run7 step3.K = 0: must be a positive integer')
  })
})
