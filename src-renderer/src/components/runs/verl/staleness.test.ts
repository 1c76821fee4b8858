import { describe, expect, it } from 'vitest'
import { MIN_STALE_SECONDS, staleness } from './staleness'

describe('staleness of a followed run', () => {
  it('is fresh while rows keep their pace, stale after three usual gaps', () => {
    const every60 = [0, 60, 120, 180, 240]
    expect(staleness(every60, 300, 0).stale).toBe(false)
    expect(staleness(every60, 240 + 3 * 60 + 1, 0)).toEqual({ stale: true, secondsSinceData: 181, after: 180 })
  })

  it('never calls a run stale within two minutes of its last row', () => {
    const fast = [0, 1, 2, 3]
    expect(staleness(fast, 3 + MIN_STALE_SECONDS - 1, 0).stale).toBe(false)
    expect(staleness(fast, 3 + MIN_STALE_SECONDS + 1, 0).stale).toBe(true)
  })

  it('counts from the start of following when no row has arrived', () => {
    expect(staleness([], 100, 0)).toEqual({ stale: false, secondsSinceData: null, after: MIN_STALE_SECONDS })
    expect(staleness([], 1000, 0).stale).toBe(true)
  })
})
