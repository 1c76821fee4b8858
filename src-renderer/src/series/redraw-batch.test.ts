import { describe, expect, it, vi } from 'vitest'
import { queueInFrames } from '../charts/frameQueue'
import { inRedrawBatch } from './redraw-batch'

// Animation frames run by hand.
const frames: (() => void)[] = []
vi.stubGlobal('requestAnimationFrame', (callback: () => void) => frames.push(callback))

/** A question whose answer comes when `answer` is called. */
function question<T>(value: T) {
  let answer: () => void = () => {}
  let asked = false
  const ask = () => {
    asked = true
    return new Promise<T>((resolve) => (answer = () => resolve(value)))
  }
  return { ask, answer: () => answer(), wasAsked: () => asked }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('inRedrawBatch', () => {
  it('asks once the charts have drawn, and gives the answers together once none is still being computed', async () => {
    queueInFrames(() => {})
    const first = question('first')
    const second = question('second')
    const got: string[] = []
    void inRedrawBatch(first.ask).then((v) => got.push(v))
    void inRedrawBatch(second.ask).then((v) => got.push(v))
    await settle()
    // A chart is still to be drawn: nothing asked yet.
    expect([first.wasAsked(), second.wasAsked()]).toEqual([false, false])
    frames.shift()?.()
    await settle()
    expect([first.wasAsked(), second.wasAsked()]).toEqual([true, true])
    first.answer()
    await settle()
    // The first answer waits for the second.
    expect(got).toEqual([])
    second.answer()
    await settle()
    expect(got.sort()).toEqual(['first', 'second'])
  })

  it('gives an answer at once when it is the only one', async () => {
    const only = question(42)
    const answer = inRedrawBatch(only.ask)
    await settle()
    only.answer()
    await expect(answer).resolves.toBe(42)
  })
})
