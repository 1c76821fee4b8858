// The math verifier's pure logic: the authors' `evaluate_math` (PRIME-RL/PRIME @18ad596,
// training/verl/utils/reward_score/evaluation_utils/math_util/__init__.py, line 376), as used for the training
// reward by training/verl/utils/reward_score/prime.py (acc = 1.0 if correct else 0.0, any error -> 0.0):
//   extract the answer (extract.ts) -> grade_answer (grade-answer.ts) -> if rejected, math_equal (math-equal.ts),
//   tried with π = math.pi and with π = 3.14 when either side mentions "\pi".
// Synchronous and in-process; the worker pool (../pool) runs the same function under a hard timeout.

import { extractAnswer, lastBoxedContent } from './extract'
import { gradeAnswer } from './grade-answer'
import { DEFAULT_REL_TOL, GraderAbort, mathEqual, type MathEqualOptions } from './math-equal'

export interface MathGrade {
  score: 0 | 1
  /** Which stage decided, for logs and the UI. */
  detail: string
  /** The string that was graded (upstream's third return value of evaluate_math). */
  extracted: string
}

export interface MathGradeOptions {
  /** Relative tolerance of the numeric comparisons (upstream: 1e-4). */
  relTol?: number
  /**
   * Reproduce the authors' grader exactly, without this project's four fixes (default false). Each fix corrects a
   * verdict upstream gets wrong on MATH-500 (../shared/datasets/math500.jsonl):
   *  1. "\mbox{ unit}" suffixes are removed like "\text{ unit}" ("864 \mbox{ inches}^2" vs "864");
   *  2. a leading "x \in " is dropped ("x \in [-2,7]" vs "[-2,7]"; upstream rejects it: golden pair mp048);
   *  3. a boxed equation whose left side is an expression, not a lone name or plain arithmetic, is graded whole
   *     (upstream cuts after the last "=", so "\boxed{5x-7y+11z+4=0}" was graded as "0" and equalled the answer 0);
   *     and when the reference itself is an equation the whole boxed answer is tried as well;
   *  4. the ×100/÷100 percent variants apply only when a side is written with "%" (upstream: to every number, so
   *     "6" equalled "600");
   *  5. when the reference itself would be cut by the answer extraction (it holds "=", ": ", " is ", ". ", ...: a
   *     time "$2: 15$ PM", a prose answer "\text{There is no solution}", a piecewise answer with "if n is even"),
   *     the whole boxed answer is tried against it as well: a reference given back boxed then grades equal to
   *     itself. Upstream cuts both and compares "15$ PM" with "$2: 15$ PM".
   *  Fix 2 applies to the reference as well ("[-2,7]" vs "x \in [-2,7]"): upstream accepts the reference given
   *  back boxed only because it leaves both sides alone.
   */
  exactUpstream?: boolean
}

/** Fixes 1 and 2 of MathGradeOptions.exactUpstream, applied to an extracted answer. */
function repairAnswer(answer: string): string {
  return answer.replaceAll('\\mbox{', '\\text{').replace(/^[A-Za-z]\s*\\in\s*/, '')
}

/** Fix 3: "5x-7y+11z+4=0" keeps its left side; "x=3", "f(x) = 2", "2+3=5" are still cut after "=". */
function isExpressionEquation(boxed: string): boolean {
  const at = boxed.lastIndexOf('=')
  if (at < 0) return false
  const left = boxed.slice(0, at).replace(/\\[A-Za-z]+/g, 'c').trim()
  if (!/[A-Za-z]/.test(left)) return false
  const loneName = /^[A-Za-z](?:_\{?\w+\}?)?(?:\s*\([^()]*\))?$/
  return !loneName.test(left)
}

/** Fix 5: would match_answer change the reference if it were given back boxed? ("=" counts, as in fix 3.) */
function extractionCuts(truth: string): boolean {
  const whole = truth.trim()
  return whole.includes('=') || extractAnswer(`\\boxed{${whole}}`).answer !== whole
}

export function gradeMath(response: string, reference: string, options: MathGradeOptions = {}): MathGrade {
  const relTol = options.relTol ?? DEFAULT_REL_TOL
  const text = String(response)
  const truth = String(reference)
  const extracted = extractAnswer(text).answer
  if (options.exactUpstream) return gradeExtracted(extracted, truth, { relTol, percentVariants: 'always' })
  const boxed = lastBoxedContent(text)
  const primary = boxed !== null && boxed.length > 0 && isExpressionEquation(boxed) && extractAnswer(`\\boxed{${boxed}}`).answer === extracted ? boxed : extracted
  const candidates = [repairAnswer(primary)]
  if (boxed !== null && boxed !== primary && extractionCuts(truth)) candidates.push(repairAnswer(boxed))
  const repairedTruth = repairAnswer(truth.trim())
  let last: MathGrade | null = null
  for (const candidate of candidates) {
    last = gradeExtracted(candidate, repairedTruth, { relTol, percentVariants: 'when-written' })
    if (last.score === 1) return last
  }
  return last!
}

/** evaluate_math after match_answer: grade_answer, then math_equal with each π value. */
function gradeExtracted(answer: string, truth: string, options: MathEqualOptions): MathGrade {
  const stage1 = gradeAnswer(answer, truth)
  if (stage1 !== null) return { score: 1, detail: `grade_answer:${stage1}`, extracted: answer }
  try {
    const piValues = answer.includes('\\pi') || truth.includes('\\pi') ? [Math.PI, 3.14] : [Math.PI]
    // Upstream evaluates every π variant before any(): an error in either makes the whole check fail.
    const stages = piValues.map((pi) => mathEqual(answer, truth, { ...options, pi }))
    const hit = stages.findIndex((s) => s !== null)
    if (hit < 0) return { score: 0, detail: 'not equal', extracted: answer }
    const piNote = piValues.length > 1 ? (hit === 0 ? ' (pi=math.pi)' : ' (pi=3.14)') : ''
    return { score: 1, detail: `math_equal:${stages[hit]}${piNote}`, extracted: answer }
  } catch (e) {
    if (e instanceof GraderAbort) return { score: 0, detail: `error: ${e.message}`, extracted: answer }
    throw e
  }
}
