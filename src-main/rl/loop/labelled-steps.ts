// Step validity against human labels (issue 11): validation rows of a process-labelled dataset (ProcessBench-style
// `steps` + first-error `label`, or per-step `labels`) carry a worked solution split into steps, each labelled right,
// wrong, or not at all (ProcessBench leaves the steps after the first error unlabelled). At validation time the
// implicit PRM scores each labelled solution as PRIME scores a response — q = log πφ − log πref per token, averaged
// over each given step — and, over the incorrect solutions (those with a step labelled wrong), we log whether the
// lowest step score falls on the first wrong step (first-error top-1 beside its chance level, ties shared) and the
// within-response ROC-AUC of step scores separating right from wrong labelled steps (../stepMetrics.ts). The solution's tokens are the
// steps encoded one by one with a blank line between them, so each step's token span is exact.
import type { LanguageModel } from '../../model/language-model'
import type { Tokenizer } from '../../model/tokenizers/tokenizer'
import { localisation } from '../stepMetrics'
import { packSequencesBucketed, toResponseGrid } from './episodes'
import type { Problem } from './problem-source'
import type { PromptEncoder } from './prompt-encoder'

/** What joins two steps of a labelled solution (ProcessBench's paragraphs). */
export const STEP_SEPARATOR = '\n\n'

export interface LabelledSolution {
  problem: Problem
  promptTokens: number[]
  responseTokens: number[]
  /** Token span [start, end) of each step in responseTokens. */
  spans: [number, number][]
  correct: readonly (boolean | null)[]
}

/** The incorrect labelled solutions among `problems`, tokenized; those longer than the model's positions are left out. */
export function labelledSolutions(problems: readonly Problem[], tokenizer: Tokenizer, prompts: PromptEncoder, maxPositions: number): LabelledSolution[] {
  const out: LabelledSolution[] = []
  const separator = tokenizer.encode(STEP_SEPARATOR)
  for (const problem of problems) {
    const labels = problem.stepLabels
    if (!labels || !labels.correct.includes(false) || labels.steps.length !== labels.correct.length) continue
    const responseTokens: number[] = []
    const spans: [number, number][] = []
    labels.steps.forEach((step, k) => {
      if (k > 0) responseTokens.push(...separator)
      const start = responseTokens.length
      responseTokens.push(...tokenizer.encode(step))
      spans.push([start, responseTokens.length])
    })
    const promptTokens = prompts.encode(problem)
    if (promptTokens.length + responseTokens.length > maxPositions || responseTokens.length === 0) continue
    out.push({ problem, promptTokens, responseTokens, spans, correct: labels.correct })
  }
  return out
}

/** q = log πφ − log πref of each solution's response tokens, as a (solutions × R) grid, scoring `rows` per program call. */
async function implicitRewards(
  model: LanguageModel,
  prmParams: Float32Array,
  referenceParams: Float32Array,
  solutions: readonly LabelledSolution[],
  rows: number,
  padId: number,
): Promise<{ values: Float64Array; R: number; lengths: Int32Array }> {
  const R = Math.max(...solutions.map((s) => s.responseTokens.length))
  const values = new Float64Array(solutions.length * R)
  for (let offset = 0; offset < solutions.length; offset += rows) {
    const part = solutions.slice(offset, offset + rows)
    const batch = packSequencesBucketed(part.map((s) => ({ prompt: s.promptTokens, response: s.responseTokens })), rows, padId, model.config.vocabSize)
    const prm = toResponseGrid(batch, (await model.logProbs(prmParams, batch, 1)).logProbs, R)
    const ref = toResponseGrid(batch, (await model.logProbs(referenceParams, batch, 1)).logProbs, R)
    for (let i = 0; i < part.length * R; i++) values[offset * R + i] = prm[i]! - ref[i]!
  }
  return { values, R, lengths: Int32Array.from(solutions, (s) => s.responseTokens.length) }
}

/**
 * The validation metrics `val/step_labels/*`, or none when no validation row carries an incorrect labelled solution.
 * Read exactly as the trainer reads its own step localisation (../stepMetrics.ts `localisation`): a step's score is
 * the mean of q over its tokens; top-1 asks whether the lowest-scoring step is the first one labelled wrong (every
 * step a candidate, unlabelled ones too), beside its chance level; the AUC is within each solution, labelled steps only.
 */
export async function validateAgainstStepLabels(
  m: { model: LanguageModel; tokenizer: Tokenizer; prompts: PromptEncoder },
  prmParams: Float32Array,
  referenceParams: Float32Array,
  problems: readonly Problem[],
  rows: number,
): Promise<Record<string, number>> {
  const solutions = labelledSolutions(problems, m.tokenizer, m.prompts, m.model.config.maxPositions)
  if (solutions.length === 0) return {}
  const { values, R, lengths } = await implicitRewards(m.model, prmParams, referenceParams, solutions, rows, m.tokenizer.padId)
  const responses = solutions.map((s, row) => ({ row, steps: s.spans.map(([start, end]) => ({ start, end })), correct: s.correct, incorrect: true }))
  const result = localisation(values, R, lengths, responses, 'mean')
  const metrics: Record<string, number> = { 'val/step_labels/solutions': result.responses }
  if (result.top1 !== null) metrics['val/step_labels/first_error_top1'] = result.top1
  if (result.chanceTop1 !== null) metrics['val/step_labels/chance_top1'] = result.chanceTop1
  if (result.auc !== null) metrics['val/step_labels/auc'] = result.auc
  return metrics
}
