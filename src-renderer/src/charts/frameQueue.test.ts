import { afterEach, describe, expect, it, vi } from 'vitest'
import { queueInFrames, whenDrawn } from './frameQueue'

// A clock the jobs advance by what they cost, and animation frames run by hand.
let now = 0
const frames: ((frameStart: number) => void)[] = []
vi.spyOn(performance, 'now').mockImplementation(() => now)
vi.stubGlobal('requestAnimationFrame', (callback: (frameStart: number) => void) => frames.push(callback))
afterEach(() => void (frames.length = 0))

/** Runs the next animation frame, which began `busyMs` before its callbacks; returns the jobs it ran. */
function frame(log: string[], busyMs = 0): string[] {
  const before = log.length
  frames.shift()?.(now - busyMs)
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

  it('runs nothing in a frame whose budget went before its callbacks, but never in two frames running', async () => {
    const log: string[] = []
    const job = (name: string) => () => {
      log.push(name)
      now += 5
    }
    queueInFrames(job('a'))
    queueInFrames(job('b'))
    queueInFrames(job('c'))
    queueInFrames(job('d'))
    // A frame that handled an input for 20 ms first waits; the next one draws although it was busy too.
    expect(frame(log, 20)).toEqual([])
    expect(frame(log, 20)).toEqual(['a'])
    // A frame with some work first draws what fits in the rest of its budget: 8 + 5 ms leaves no room for c.
    expect(frame(log, 8)).toEqual(['b'])
    expect(frame(log)).toEqual(['c', 'd'])
    await whenDrawn()
  })
})
