// The trainer's clock for timing/* and train/wall_time stands still while the run is paused, so a pause in the
// middle of an iteration never counts as training time (issue 15: a 9 s pause made one iteration 12.45 s).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { HostChannel } from './channel'
import { TrainerJobContext } from './job-context'
import type { TrainerToHostBody } from './protocol'
import { RunFiles } from './run-files'

const dir = mkdtempSync(join(tmpdir(), 'prime-job-context-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The host's end of the channel: records what the trainer sends (the transport itself is Node's IPC). */
function recordingChannel(sent: TrainerToHostBody[]): HostChannel {
  return {
    send: async (message) => void sent.push(message),
    onMessage: () => undefined,
    onHostGone: () => undefined,
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('TrainerJobContext', () => {
  it('keeps an active clock that stands still while paused, and holds the job at its next yield point', async () => {
    const sent: TrainerToHostBody[] = []
    const context = new TrainerJobContext('run-1', 1, 'cpu', recordingChannel(sent), new RunFiles(join(dir, 'run-1')), false)
    const t0 = context.activeMs()
    const real0 = performance.now()
    await sleep(60)
    const running = context.activeMs() - t0
    expect(running).toBeGreaterThanOrEqual(50)

    context.pause()
    const pausedAt = context.activeMs()
    let passed = false
    const yielded = context.checkpoint().then(() => (passed = true))
    await sleep(300)
    expect(passed).toBe(false)
    // The clock did not move during the 300 ms pause.
    expect(context.activeMs() - pausedAt).toBeLessThan(5)

    context.resume()
    await yielded
    expect(passed).toBe(true)
    const resumedAt = context.activeMs()
    await sleep(60)
    expect(context.activeMs() - resumedAt).toBeGreaterThanOrEqual(50)
    // Over the whole test the clock fell behind real time by the whole pause (at least its 300 ms).
    expect(performance.now() - real0 - (context.activeMs() - t0)).toBeGreaterThanOrEqual(299)

    expect(sent.filter((m) => m.type === 'state').map((m) => (m as { state: string }).state)).toEqual(['paused', 'running'])
    const events = readFileSync(join(dir, 'run-1', 'events.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line).event)
    expect(events).toEqual(['paused', 'resumed'])
  })
})
