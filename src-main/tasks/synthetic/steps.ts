// Pieces shared by the synthetic tasks: line segmentation, the answer line, the outcome verifier.

import { gradeMath } from '../math/grade-math'
import type { VerifyResult } from '../verifier'
import type { StepSpan } from './task'

/**
 * Steps are the non-blank lines of a response. A span excludes its line break (and "\r"), so the characters between
 * steps (newlines) belong to no step; leading/trailing spaces of a line stay in its span.
 */
export function segmentLines(response: string): StepSpan[] {
  const spans: StepSpan[] = []
  let start = 0
  for (const line of response.split('\n')) {
    const text = line.endsWith('\r') ? line.slice(0, -1) : line
    if (text.trim() !== '') spans.push({ start, end: start + text.length, text })
    start += line.length + 1
  }
  return spans
}

const ANSWER_LINE = /^\s*\\boxed\{(.*)\}\s*$/

/** The content of an answer line "\boxed{...}", or null when the line is not one. */
export function answerLineContent(line: string): string | null {
  const m = ANSWER_LINE.exec(line)
  return m ? m[1]! : null
}

/**
 * Outcome of a synthetic-task response: the last step must be an answer line, and its content must equal the
 * reference under the math verifier's equivalence (so "\frac{10}{12}" and "0.5"-style answers are accepted).
 */
export function verifyAnswerLine(task: string, response: string, reference: string): VerifyResult {
  if (typeof response !== 'string' || typeof reference !== 'string') {
    throw new TypeError(`${task} verifier: response and reference must be strings`)
  }
  const last = segmentLines(response).at(-1)
  if (!last || answerLineContent(last.text) === null) return { score: 0, detail: 'no answer line' }
  const g = gradeMath(last.text, reference)
  return { score: g.score, detail: g.score === 1 ? `correct (${g.detail})` : 'wrong answer', extracted: g.extracted }
}

/** The fraction of problems whose answer equals the most frequent one. */
export function modeAccuracy(answers: readonly string[]): number {
  const counts = new Map<string, number>()
  for (const a of answers) counts.set(a, (counts.get(a) ?? 0) + 1)
  return Math.max(...counts.values()) / answers.length
}

export function checkLevel(task: string, levels: readonly number[], level: number): void {
  if (!levels.includes(level)) throw new RangeError(`${task}: level must be one of ${levels.join(', ')}, got ${level}`)
}

/** The distinct characters of `spec`, sorted: a task's exact character set. */
export function uniqueChars(spec: string): string {
  return [...new Set(spec)].sort().join('')
}
