import { describe, expect, it } from 'vitest'
import { PROTOCOL_VERSION, parseHostToTrainer, parseTrainerToHost } from './protocol'

describe('trainer protocol', () => {
  it('accepts every well-formed control message', () => {
    for (const type of ['pause', 'resume', 'cancel', 'describe-runtime', 'attach-stream']) {
      expect(parseHostToTrainer({ v: PROTOCOL_VERSION, type }).type).toBe(type)
    }
    const start = parseHostToTrainer({
      v: 1,
      type: 'start',
      runId: 'run-1',
      runDir: '/tmp/run-1',
      config: { kind: 'engine-smoke', steps: 2, matrixSize: 4 },
      intraOpThreads: 1,
    })
    expect(start.type === 'start' && start.config.kind === 'engine-smoke' && start.config.stepDelayMs).toBe(0)
  })

  it('rejects unknown message types, naming the field', () => {
    expect(() => parseHostToTrainer({ v: 1, type: 'format-disk' })).toThrow(/message\.type/)
    expect(() => parseTrainerToHost({ v: 1, type: 'gossip' })).toThrow(/trainer → host.*message\.type/)
  })

  it('rejects another protocol version', () => {
    expect(() => parseHostToTrainer({ v: 2, type: 'pause' })).toThrow(/message\.v/)
    expect(() => parseHostToTrainer({ type: 'pause' })).toThrow(/message\.v/)
  })

  it('checks the fields of each message type', () => {
    expect(() => parseTrainerToHost({ v: 1, type: 'progress', runId: 'r', step: -1, total: 3, phase: 'x', etaSeconds: null })).toThrow(
      /message\.step/,
    )
    expect(() => parseTrainerToHost({ v: 1, type: 'exit', reason: 'bored', code: 0 })).toThrow(/message\.reason/)
    expect(() => parseTrainerToHost({ v: 1, type: 'metrics', runId: 'r', row: { step: 1, time: 0, values: { loss: 'high' } } })).toThrow(
      /message\.row\.values\.loss/,
    )
  })
})
