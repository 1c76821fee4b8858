// Properties every synthetic task must have, checked table-driven over all tasks and levels.

import { describe, expect, it } from 'vitest'
import { getVerifier } from '../registry'
import { SYNTHETIC_CHARSET, SYNTHETIC_TASKS } from './index'
import { modeAccuracy } from './steps'

describe.each(Object.values(SYNTHETIC_TASKS))('$name', (task) => {
  it.each(task.levels)('level %i: deterministic per seed, different across seeds', (level) => {
    const a = task.generate(7, 50, level)
    expect(task.generate(7, 50, level)).toEqual(a)
    expect(task.generate(8, 50, level).map((p) => p.prompt)).not.toEqual(a.map((p) => p.prompt))
    expect(new Set(a.map((p) => p.id)).size).toBe(50)
  })

  it.each(task.levels)('level %i: demonstrations verify, every step is right, prompts round-trip, charset holds', (level) => {
    for (const p of task.generate(11, 300, level)) {
      const demo = task.demonstration(p)
      expect(task.verify(demo, p.answer).score, `${p.prompt} -> ${demo}`).toBe(1)
      const truth = task.stepTruth(p, demo)
      expect(truth.length).toBe(task.segmentSteps(demo).length)
      expect(truth.every(Boolean), `${p.prompt} -> ${demo}: ${truth}`).toBe(true)
      expect(task.stepTruth(p.prompt, demo)).toEqual(truth)
      expect(task.parsePrompt(p.prompt).answer).toBe(p.answer)
      for (const ch of p.prompt + demo) expect(task.charset).toContain(ch)
    }
  })

  it('keeps the easiest level short (prompt + demonstration <= 100 characters)', () => {
    for (const p of task.generate(3, 300, 1)) expect(p.prompt.length + task.demonstration(p).length).toBeLessThanOrEqual(100)
  })

  it.each(task.levels)('level %i: the documented trivial-guess accuracy is what a constant guess gets', (level) => {
    const answers = task.generate(1, 10_000, level).map((p) => p.answer)
    expect(Math.abs(modeAccuracy(answers) - task.trivialGuessAccuracy[level]!)).toBeLessThan(0.0005)
  })

  it('segments by line with character offsets', () => {
    const response = 'a\n\n  b c\r\n\\boxed{1}'
    const steps = task.segmentSteps(response)
    expect(steps.map((s) => s.text)).toEqual(['a', '  b c', '\\boxed{1}'])
    for (const s of steps) expect(response.slice(s.start, s.end)).toBe(s.text)
  })

  it('is registered under its name with the common verifier signature', () => {
    const p = task.generate(5, 1, 1)[0]!
    expect(getVerifier(task.name)(task.demonstration(p), p.answer).score).toBe(1)
    expect(getVerifier(task.name)('no answer', p.answer)).toEqual({ score: 0, detail: 'no answer line' })
  })

  it('rejects a bad level and a malformed prompt with a clear error', () => {
    expect(() => task.generate(1, 1, 9)).toThrow(new RegExp(`${task.name}: level must be one of`))
    expect(() => task.parsePrompt('hello')).toThrow(new RegExp(`${task.name}: malformed prompt "hello"`))
  })
})

it('the union charset is small and lists every character once', () => {
  expect(SYNTHETIC_CHARSET).toBe('\n *+-/0123456789=\\abcdeforx{}')
})
