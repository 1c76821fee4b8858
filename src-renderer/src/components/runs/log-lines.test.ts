import { describe, expect, it } from 'vitest'
import { lineLevel, stripAnsi } from './log-lines'

describe('stripAnsi', () => {
  it('removes terminal colour codes and keeps the text', () => {
    expect(stripAnsi('\u001b[1;31m2026-11-26 [E:onnxruntime] FAIL\u001b[m')).toBe('2026-11-26 [E:onnxruntime] FAIL')
    expect(stripAnsi('plain [info] line')).toBe('plain [info] line')
  })
})

describe('lineLevel', () => {
  it('marks error and warning lines, and the run records of a crash or failure', () => {
    expect(lineLevel('2026-01-01T00:00:00Z [error] NaN in weights')).toBe('error')
    expect(lineLevel('2026-01-01T00:00:00Z crashed: the trainer process killed by SIGKILL')).toBe('error')
    expect(lineLevel('2026-01-01T00:00:00Z failed: bad config')).toBe('error')
    expect(lineLevel('2026-01-01T00:00:00Z [warn] no checkpoint to resume from')).toBe('warn')
  })

  it('does not flag an info line that mentions a failure', () => {
    expect(lineLevel('2026-01-01T00:00:00Z [info] ONNX Runtime on cpu (CUDA unavailable: Failed to load shared library)')).toBe('')
  })
})
