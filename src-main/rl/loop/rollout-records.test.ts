import { describe, expect, it } from 'vitest'
import { computeAdvantages } from '../advantages'
import { makeRolloutBatch } from '../batch'
import type { Episode } from './episodes'
import type { IterationResult } from './iteration'
import { rolloutRecords } from './rollout-records'

/** A batch of `prompts` groups of K = 2 one-token responses, one prompt per group. */
function result(prompts: string[]): IterationResult {
  const K = 2
  const episodes = prompts.flatMap((prompt, g) =>
    Array.from({ length: K }, (_, k): Episode => ({
      problemIndex: g,
      problem: { id: `p${g}`, prompt, answer: '1' },
      promptTokens: [1],
      responseTokens: [2],
      sampleLogProbs: [-1],
      truncated: false,
      text: 'x',
      tokenSpans: [[0, 1]],
      acc: k === 0 ? 1 : 0,
      verifierDetail: '',
      steps: [{ start: 0, end: 1, text: 'x', tokenStart: 0, tokenEnd: 1, truth: k === 0 }],
    })),
  )
  const batch = makeRolloutBatch({ numPrompts: prompts.length, K, R: 1, lengths: episodes.map(() => 1), acc: episodes.map((e) => e.acc), oldLogp: episodes.map(() => -1) })
  return { metrics: {}, episodes, batch, advantages: computeAdvantages(batch, 'rloo', { granularity: 'token', gammaProcess: 1, gammaOutcome: 1 }), q: null }
}

describe('rolloutRecords', () => {
  const prompts = Array.from({ length: 40 }, (_, i) => `prompt ${i}`)

  it('samples whole groups from across the batch, not just its first mini-batch, in batch order', () => {
    const records = rolloutRecords(3, result(prompts), 8)
    const groups = [...new Set(records.map((r) => r.group))]
    expect(records).toHaveLength(8)
    expect(groups).toHaveLength(4)
    expect(groups).toEqual([...groups].sort((a, b) => a - b))
    expect(Math.max(...groups)).toBeGreaterThanOrEqual(20) // not all from the first half of the batch
    for (const g of groups) expect(records.filter((r) => r.group === g).map((r) => r.row)).toEqual([2 * g, 2 * g + 1])
  })

  it('picks the same prompts in two runs whose batches hold them, wherever they sit', () => {
    const a = rolloutRecords(1, result(prompts), 8).map((r) => r.prompt)
    const shuffled = [...prompts.slice(17), ...prompts.slice(0, 17)]
    const b = rolloutRecords(1, result(shuffled), 8).map((r) => r.prompt)
    expect(new Set(b)).toEqual(new Set(a))
  })
})
