// What rollouts/<iteration>.ndjson holds: a sample of the iteration's responses (whole prompt groups, in batch
// order) with their tokens, per-token implicit rewards and advantages, and each reasoning step's reward and truth —
// what the step heatmap shows. Format: src-preload/contract/schemas.ts RolloutRecord.
//
// Which groups: those whose prompts rank lowest under a fixed hash of the prompt text, wherever they sit in the
// batch (all mini-batches, passing and top-up groups alike). Runs of a comparison draw the same prompt stream, so
// when their batches share prompts they sample the same ones — and the heatmap can set their responses side by side.
import type { RolloutRecord } from '../../../src-preload/contract/schemas'
import { hashString } from '../../tasks/random'
import type { IterationResult } from './iteration'

function row(values: Float64Array | null, b: number, R: number, length: number): number[] | null {
  return values ? Array.from(values.subarray(b * R, b * R + length)) : null
}

export function rolloutRecords(iteration: number, result: IterationResult, sample: number): RolloutRecord[] {
  const { episodes, batch, advantages, q } = result
  const { R, K } = batch
  const groups = Array.from({ length: episodes.length / K }, (_, g) => g)
  const rank = (g: number) => hashString(episodes[g * K]!.problem.prompt)
  const chosen = groups
    .sort((a, b) => rank(a) - rank(b) || a - b)
    .slice(0, Math.ceil(sample / K))
    .sort((a, b) => a - b)
  return chosen.flatMap((g) => Array.from({ length: K }, (_, k) => g * K + k)).map((b) => {
    const episode = episodes[b]!
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
        // The mean over the step's tokens, as the step metrics read it (a long step must not look worse by length).
        reward:
          processReward && step.tokenEnd > step.tokenStart
            ? processReward.slice(step.tokenStart, step.tokenEnd).reduce((sum, v) => sum + v, 0) / (step.tokenEnd - step.tokenStart)
            : null,
      })),
    }
  })
}
