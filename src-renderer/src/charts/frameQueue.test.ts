import { afterEach, describe, expect, it, vi } from 'vitest'
import { queueInFrames, whenDrawn } from './frameQueue'

// A clock the jobs advance by what they cost, and animation frames run by hand.
let now = 0
const frames: (() => void)[] = []
vi.spyOn(performance, 'now').mockImplementation(() => now)
vi.stubGlobal('requestAnimationFrame', (callback: () => void) => frames.push(callback))
afterEach(() => void (frames.length = 0))

/** Runs the next animation frame; returns the jobs it ran. */
function frame(log: string[]): string[] {
  const before = log.length
  frames.shift()?.()
  return log.slice(before)
}

describe('queueInFrames', () => {
  it('runs jobs in order, a frame at a time, and does not start one that last took longer than the frame has left', async () => {
    const log: string[] = []
    const job = (name: string, cost: number) => () => {
      log.push(name)
      now += cost
    }
    const small = job('small', 2)
    const large = job('large', 30)
    queueInFrames(large)
    queueInFrames(small)
    // Nothing known yet: the large job overruns the budget alone; the small one waits for the next frame.
    expect(frame(log)).toEqual(['large'])
    expect(frame(log)).toEqual(['small'])
    await whenDrawn()

    // Costs known: after the small job, the large one would make a 32-ms frame, so it waits; queued again before it
    // ran, a job keeps its place and runs once.
    queueInFrames(small)
    queueInFrames(large)
    queueInFrames(small)
    expect(frame(log)).toEqual(['small'])
    expect(frame(log)).toEqual(['large'])
    expect(frames).toHaveLength(0)
  })
})
