import { describe, expect, it } from 'vitest'
import { StepRule } from '../../src-preload/contract/rl-config'
import { segmentByMarker, segmentParagraphs, segmentSteps } from './step-rules'

const texts = (response: string, spans: { start: number; end: number; text: string }[]) => {
  for (const s of spans) expect(response.slice(s.start, s.end)).toBe(s.text)
  return spans.map((s) => s.text)
}

describe('step rules', () => {
  const response = 'First, note 2+2=4.\nSo x = 4.\n\n  Then y = x + 1 = 5.\n \n\nThe answer is \\boxed{5}.\n'

  it('lines: every non-blank line', () => {
    expect(texts(response, segmentSteps(response, { split: 'lines', marker: '' }))).toEqual([
      'First, note 2+2=4.',
      'So x = 4.',
      '  Then y = x + 1 = 5.',
      ' ',
      'The answer is \\boxed{5}.',
    ].filter((t) => t.trim() !== ''))
  })

  it('paragraphs: blocks between blank lines, trimmed', () => {
    expect(texts(response, segmentParagraphs(response))).toEqual(['First, note 2+2=4.\nSo x = 4.', 'Then y = x + 1 = 5.', 'The answer is \\boxed{5}.'])
    expect(segmentParagraphs('  \n\n ')).toEqual([])
  })

  it('marker: each match starts a step; a preamble before the first marker is its own step', () => {
    const marked = 'Let us solve it.\nStep 1: x = 2\nStep 2: y = 3\nStep 10: done \\boxed{5}'
    expect(texts(marked, segmentByMarker(marked, '^Step \\d+:'))).toEqual(['Let us solve it.', 'Step 1: x = 2', 'Step 2: y = 3', 'Step 10: done \\boxed{5}'])
    expect(texts('no markers here', segmentByMarker('no markers here', '^Step \\d+:'))).toEqual(['no markers here'])
  })

  it('the contract refuses a marker that does not compile or matches nothing at all', () => {
    expect(StepRule.safeParse({ split: 'marker', marker: '^Step \\d+:' }).success).toBe(true)
    expect(StepRule.safeParse({ split: 'marker', marker: '(' }).error?.issues[0]).toMatchObject({ path: ['marker'], message: expect.stringMatching(/not a valid regular expression/) })
    expect(StepRule.safeParse({ split: 'marker', marker: '^' }).error?.issues[0]?.message).toMatch(/empty string/)
    // The marker only matters for the marker rule.
    expect(StepRule.safeParse({ split: 'lines', marker: '(' }).success).toBe(true)
  })
})
