// One sampled response and everything the iteration learns about it, plus the conversions between the model's
// (B, T) token grids and the RL maths' response-only (B, R) layout (../batch.ts).
import type { TokenBatch } from '../../model/token-batch'
import { packSequences } from '../../model/token-batch'
import type { Tokenizer } from '../../model/tokenizers/tokenizer'
import type { Grader, JudgedStep, Problem } from './problem-source'

export interface Episode {
  /** Index of the problem in the run's problem sequence. */
  problemIndex: number
  problem: Problem
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
  /** Reasoning steps with their token span [tokenStart, tokenEnd) and truth (null where the source cannot judge). */
  steps: (JudgedStep & { tokenStart: number; tokenEnd: number })[]
}

/**
 * Grades sampled responses and segments each into steps with their truth (where the source knows it) and token
 * spans. Verification runs through the source's grader (in-process for a built-in task, the verifier pool for a
 * dataset). A response cut off at the length limit is graded like any other, as the authors' verifier grades it
 * (on a built-in task it has no answer line then, and scores 0 for that reason).
 */
export async function gradeEpisodes(
  grader: Grader,
  tokenizer: Tokenizer,
  bases: readonly Pick<Episode, 'problemIndex' | 'problem' | 'promptTokens' | 'responseTokens' | 'sampleLogProbs' | 'truncated'>[],
): Promise<Episode[]> {
  const decoded = bases.map((base) => tokenizer.decodeWithOffsets(base.responseTokens))
  const verdicts = await grader.verify(bases.map((base, i) => ({ problem: base.problem, response: decoded[i]!.text })))
  return bases.map((base, i) => {
    const { text, offsets } = decoded[i]!
    const verdict = verdicts[i]!
    let previousEnd = 0
    const steps = grader.steps(base.problem, text).map((step) => {
      const covering = offsets.flatMap(([start, end], t) => (end > step.start && start < step.end ? [t] : []))
      const tokenStart = covering[0] ?? previousEnd
      const tokenEnd = covering.length ? covering.at(-1)! + 1 : previousEnd
      previousEnd = tokenEnd
      return { ...step, tokenStart, tokenEnd }
    })
    return { ...base, text, tokenSpans: offsets, acc: verdict.score, verifierDetail: verdict.detail, steps }
  })
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
