// One sampled response and everything the iteration learns about it, plus the conversions between the model's
// (B, T) token grids and the RL maths' response-only (B, R) layout (../batch.ts).
import type { TokenBatch } from '../../model/token-batch'
import { packSequences } from '../../model/token-batch'
import type { Tokenizer } from '../../model/tokenizers/tokenizer'
import type { StepSpan, SyntheticProblem, SyntheticTask } from '../../tasks/synthetic/task'

export interface Episode {
  /** Index of the problem in the run's problem sequence. */
  problemIndex: number
  problem: SyntheticProblem
  promptTokens: number[]
  /** Sampled tokens, EOS included when the response finished. */
  responseTokens: number[]
  /** log πθ_old of each sampled token as sampled (rollout policy, sampling temperature). */
  sampleLogProbs: number[]
  /** Hit the length limit before EOS. */
  truncated: boolean
  text: string
  /** Character span of each response token in `text`. */
  tokenSpans: [number, number][]
  acc: number
  verifierDetail: string
  steps: (StepSpan & { tokenStart: number; tokenEnd: number; truth: boolean })[]
}

/** Model input for a prompt: BOS (where the tokenizer has one), the prompt, and a newline before the answer. */
export function encodePrompt(tokenizer: Tokenizer, prompt: string): number[] {
  return [...(tokenizer.bosId === null ? [] : [tokenizer.bosId]), ...tokenizer.encode(`${prompt}\n`)]
}

/** Grades a sampled response and segments it into steps with their ground truth and token spans. */
export function gradeEpisode(
  task: SyntheticTask,
  tokenizer: Tokenizer,
  base: Pick<Episode, 'problemIndex' | 'problem' | 'promptTokens' | 'responseTokens' | 'sampleLogProbs' | 'truncated'>,
): Episode {
  const { text, offsets } = tokenizer.decodeWithOffsets(base.responseTokens)
  // A response cut off at the length limit is graded like any other, as the authors' verifier grades it (on a
  // built-in task it has no answer line then, and scores 0 for that reason).
  const verdict = task.verify(text, base.problem.answer)
  const spans = task.segmentSteps(text)
  const truth = task.stepTruth(base.problem, text)
  let previousEnd = 0
  const steps = spans.map((span, i) => {
    const covering = offsets.flatMap(([start, end], t) => (end > span.start && start < span.end ? [t] : []))
    const tokenStart = covering[0] ?? previousEnd
    const tokenEnd = covering.length ? covering.at(-1)! + 1 : previousEnd
    previousEnd = tokenEnd
    return { ...span, tokenStart, tokenEnd, truth: truth[i] ?? false }
  })
  return { ...base, text, tokenSpans: offsets, acc: verdict.score, verifierDetail: verdict.detail, steps }
}

export interface BatchGeometry {
  /** Rows per program call (a mini-batch), fixed so each program compiles once per length bucket. */
  rows: number
  /** Longest response (the R of the RL maths). */
  responseLength: number
}

/** Columns are rounded up to a multiple of this, so a run compiles each program for a few lengths only. */
const LENGTH_BUCKET = 16

export function packSequencesBucketed(items: readonly { prompt: readonly number[]; response: readonly number[] }[], rows: number, padId: number, vocabSize: number): TokenBatch {
  const need = Math.max(...items.map((it) => it.prompt.length + it.response.length - 1))
  return packSequences(items, { padId, seq: Math.ceil(need / LENGTH_BUCKET) * LENGTH_BUCKET, batch: rows, vocabSize })
}

export function packEpisodes(episodes: readonly Episode[], geometry: BatchGeometry, padId: number, vocabSize: number): TokenBatch {
  return packSequencesBucketed(
    episodes.map((e) => ({ prompt: e.promptTokens, response: e.responseTokens })),
    geometry.rows,
    padId,
    vocabSize,
  )
}

/** (B, T) program output -> (rows, R) response-only, right-padded with zeros. */
export function toResponseGrid(batch: TokenBatch, values: Float32Array, R: number): Float64Array {
  const out = new Float64Array(batch.rows * R)
  for (let b = 0; b < batch.rows; b++) {
    const start = b * batch.seq + batch.responseStart[b]!
    const length = batch.responseLength[b]!
    for (let t = 0; t < length; t++) out[b * R + t] = values[start + t]!
  }
  return out
}

/** (rows, R) response-only values -> (B, T) program input, zero at prompt and padding positions. */
export function toTokenGrid(batch: TokenBatch, values: ArrayLike<number>, R: number, rowOffset = 0): Float32Array {
  const out = new Float32Array(batch.batch * batch.seq)
  for (let b = 0; b < batch.rows; b++) {
    const start = b * batch.seq + batch.responseStart[b]!
    const length = batch.responseLength[b]!
    for (let t = 0; t < length; t++) out[start + t] = values[(rowOffset + b) * R + t]!
  }
  return out
}
