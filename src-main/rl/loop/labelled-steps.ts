// Step validity against human labels (issue 11): validation rows of a process-labelled dataset (ProcessBench-style
// `steps` + first-error `label`, or per-step `labels`) carry a worked solution split into steps, each labelled right,
// wrong, or not at all (ProcessBench leaves the steps after the first error unlabelled). At validation time the
// implicit PRM scores each labelled solution as PRIME scores a response — q = log πφ − log πref per token, summed over
// each given step — and, over the incorrect solutions (those with a step labelled wrong), we log whether the lowest
// step score falls on the first wrong step (first-error top-1, ties shared as in ../stepMetrics.ts) and the
// within-response ROC-AUC of step scores separating right from wrong labelled steps. The solution's tokens are the
// steps encoded one by one with a blank line between them, so each step's token span is exact.
import type { LanguageModel } from '../../model/language-model'
import type { Tokenizer } from '../../model/tokenizers/tokenizer'
import { firstErrorLocalisation, stepAuc } from '../stepMetrics'
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

/** Σ q over each step's tokens, per solution, scoring `rows` solutions per program call. */
export async function stepScores(
  model: LanguageModel,
  prmParams: Float32Array,
  referenceParams: Float32Array,
  solutions: readonly LabelledSolution[],
  rows: number,
  padId: number,
): Promise<number[][]> {
  const scores: number[][] = []
  for (let offset = 0; offset < solutions.length; offset += rows) {
    const part = solutions.slice(offset, offset + rows)
    const batch = packSequencesBucketed(part.map((s) => ({ prompt: s.promptTokens, response: s.responseTokens })), rows, padId, model.config.vocabSize)
    const R = Math.max(...part.map((s) => s.responseTokens.length))
    const prm = toResponseGrid(batch, (await model.logProbs(prmParams, batch, 1)).logProbs, R)
    const ref = toResponseGrid(batch, (await model.logProbs(referenceParams, batch, 1)).logProbs, R)
    part.forEach((solution, b) =>
      scores.push(
        solution.spans.map(([start, end]) => {
          let sum = 0
          for (let t = start; t < end; t++) sum += prm[b * R + t]! - ref[b * R + t]!
          return sum
        }),
      ),
    )
  }
  return scores
}

export interface LabelledStepMetrics {
  /** Incorrect labelled solutions scored. */
  solutions: number
  /** Mean first-error top-1 over them. */
  firstErrorTop1: number | null
  /** Mean within-response AUC over those with both right and wrong labelled steps. */
  auc: number | null
}

/** The metrics over each solution's labelled steps only. */
export function labelledStepMetrics(solutions: readonly LabelledSolution[], scores: readonly number[][]): LabelledStepMetrics {
  let top1 = 0
  let aucSum = 0
  let aucCount = 0
  solutions.forEach((solution, i) => {
    const labelled = solution.correct.flatMap((c, k) => (c === null ? [] : [{ correct: c, score: scores[i]![k]! }]))
    const rewards = labelled.map((s) => s.score)
    const correct = labelled.map((s) => s.correct)
    top1 += firstErrorLocalisation(rewards, correct) ?? 0
    const auc = stepAuc(rewards, correct)
    if (auc !== null) {
      aucSum += auc
      aucCount++
    }
  })
  return {
    solutions: solutions.length,
    firstErrorTop1: solutions.length ? top1 / solutions.length : null,
    auc: aucCount ? aucSum / aucCount : null,
  }
}

/** The validation metrics `val/step_labels/*`, or none when no validation row carries an incorrect labelled solution. */
export async function validateAgainstStepLabels(
  m: { model: LanguageModel; tokenizer: Tokenizer; prompts: PromptEncoder },
  prmParams: Float32Array,
  referenceParams: Float32Array,
  problems: readonly Problem[],
  rows: number,
): Promise<Record<string, number>> {
  const solutions = labelledSolutions(problems, m.tokenizer, m.prompts, m.model.config.maxPositions)
  if (solutions.length === 0) return {}
  const result = labelledStepMetrics(solutions, await stepScores(m.model, prmParams, referenceParams, solutions, rows, m.tokenizer.padId))
  const metrics: Record<string, number> = { 'val/step_labels/solutions': result.solutions }
  if (result.firstErrorTop1 !== null) metrics['val/step_labels/first_error_top1'] = result.firstErrorTop1
  if (result.auc !== null) metrics['val/step_labels/auc'] = result.auc
  return metrics
}
