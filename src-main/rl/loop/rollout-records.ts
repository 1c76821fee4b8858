// What rollouts/<iteration>.ndjson holds: a sample of the iteration's responses (whole prompt groups, in batch
// order) with their tokens, per-token implicit rewards and advantages, and each reasoning step's reward and truth —
// what the step heatmap shows. Format: src-preload/contract/schemas.ts RolloutRecord.
import type { RolloutRecord } from '../../../src-preload/contract/schemas'
import type { IterationResult } from './iteration'

function row(values: Float64Array | null, b: number, R: number, length: number): number[] | null {
  return values ? Array.from(values.subarray(b * R, b * R + length)) : null
}

export function rolloutRecords(iteration: number, result: IterationResult, sample: number): RolloutRecord[] {
  const { episodes, batch, advantages, q } = result
  const { R, K } = batch
  const rows = Math.min(episodes.length, Math.ceil(sample / K) * K)
  return episodes.slice(0, rows).map((episode, b) => {
    const length = episode.responseTokens.length
    const processReward = row(advantages.processScores, b, R, length)
    return {
      iteration,
      row: b,
      group: Math.floor(b / K),
      promptId: episode.problem.id,
      prompt: episode.problem.prompt,
      response: episode.text,
      tokens: episode.responseTokens,
      tokenSpans: episode.tokenSpans,
      q: row(q, b, R, length),
      processReward,
      advantages: row(advantages.advantages, b, R, length) ?? [],
      acc: episode.acc,
      truncated: episode.truncated,
      verifierDetail: episode.verifierDetail,
      steps: episode.steps.map((step) => ({
        start: step.start,
        end: step.end,
        text: step.text,
        tokenStart: step.tokenStart,
        tokenEnd: step.tokenEnd,
        truth: step.truth,
        reward: processReward ? processReward.slice(step.tokenStart, step.tokenEnd).reduce((sum, v) => sum + v, 0) : null,
      })),
    }
  })
}
