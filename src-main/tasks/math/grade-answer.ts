// Stage 1 of the authors' math grader: PRM800K's `grade_answer` as copied into PRIME
// (PRIME-RL/PRIME @18ad596, training/verl/utils/reward_score/evaluation_utils/math_util/__init__.py, from
// openai/prm800k grading/grader.py). Accept when
//  (a) the Hendrycks-normalised strings are equal, or
//  (b) the PRM800K-normalised strings are equal, or
//  (c) element-wise (tuples/intervals split on commas, brackets must match) every pair is "equal under sympy" —
//      except that two plain fractions must match as strings (unreduced fractions are not accepted here) and an
//      integer never equals a non-integer.
// "Equal under sympy" is decided by evaluation (equivalence.ts) on the same parse dialect (implicit multiplication),
// behind the same guard (`should_allow_eval`: at most two distinct letters, no "^{", "^(", no "^12"-like powers).

import { identicallyEqual } from './equivalence'
import { latexToText } from './latex-to-text'
import { normalizeHendrycks } from './normalize-hendrycks'
import { parsePlain, ParseError } from './parse-plain'
import { pyFloat, pyIntString, pyRound } from './python-float'

const UNITS = [
  'degree', 'cm', 'centimeter', 'meter', 'mile', 'second', 'minute', 'hour', 'day', 'week', 'month', 'year', 'foot',
  'feet', 'inch', 'yard', 'liter',
]
const UNIT_PATTERNS = UNITS.map((u) => new RegExp(`${u}(es)?(s)? *(\\^[0-9]+)?`, 'g'))
const TUPLE_CHARS = '()[]'

/** "1,234,567" -> "1234567", leaving tuple commas ("1,2") alone. */
export function stripThousandsCommas(expr: string): string {
  let cur = expr
  for (;;) {
    const next = cur.replace(/(\d)(,)(\d\d\d)($|\D)/g, '$1$3$4')
    if (next === cur) return next
    cur = next
  }
}

function isIntValue(x: number): boolean {
  return Number.isFinite(x) && Math.abs(x - pyRound(x)) <= 1e-7
}

function strIsInt(x: string): boolean {
  const v = pyFloat(stripThousandsCommas(x))
  return v !== null && isIntValue(v)
}

/** Upstream `_str_to_int`: drops every comma and truncates (int(float(x))). */
function strToInt(x: string): string {
  return pyIntString(pyFloat(x.replaceAll(',', ''))!)
}

function isPlainFraction(expr: string): boolean {
  return /^-?[0-9]+.?\/0*[1-9][0-9]*.?$/.test(expr)
}

/** Upstream `_parse_latex`: LaTeX -> text, then the few Unicode symbols sympy should read. */
function latexToSympyText(expr: string): string {
  let s = expr.replaceAll('\\tfrac', '\\frac').replaceAll('\\dfrac', '\\frac').replaceAll('\\frac', ' \\frac')
  s = latexToText(s)
  s = s.replaceAll('√', 'sqrt').replaceAll('π', 'pi').replaceAll('∞', 'inf').replaceAll('∪', 'U')
  s = s.replaceAll('·', '*').replaceAll('×', '*')
  return s.trim()
}

/** PRM800K grader `_normalize`. */
export function normalizePrm800k(input: string): string {
  let expr = input
  const text = /^\\text\{(.+?)\}$/.exec(expr)
  if (text) expr = text[1]!
  expr = expr.replaceAll('\\%', '%').replaceAll('\\$', '$').replaceAll('$', '').replaceAll('%', '')
  expr = expr.replaceAll(' or ', ' , ').replaceAll(' and ', ' , ')
  expr = expr.replaceAll('million', '*10^6').replaceAll('billion', '*10^9').replaceAll('trillion', '*10^12')
  for (const unit of UNIT_PATTERNS) expr = expr.replace(unit, '')
  expr = expr.replace(/\^ *\\circ/g, '')
  if (expr.length > 0 && expr[0] === '{' && expr[expr.length - 1] === '}') expr = expr.slice(1, -1)
  expr = expr.replace(/,\\! */g, '')
  const asFloat = pyFloat(expr)
  if (asFloat !== null && isIntValue(asFloat)) expr = pyIntString(pyRound(asFloat))
  if (expr.includes('\\')) expr = latexToSympyText(expr)
  expr = expr.replace(/- */g, '-')
  expr = expr.replace(/([0-9]) +([0-9])/g, '$1+$2') // mixed numbers: "7 3/4" -> "7+3/4"
  expr = expr.toLowerCase()
  if (strIsInt(expr)) expr = strToInt(expr)
  return expr
}

function countUnknownLetters(expr: string): number {
  const letters = expr.replaceAll('sqrt', '').replaceAll('frac', '').match(/\p{L}/gu) ?? []
  return new Set(letters).size
}

/** Upstream `should_allow_eval`: sympy might hang on these, so upstream refuses them. */
function shouldAllowEval(expr: string): boolean {
  if (countUnknownLetters(expr) > 2) return false
  if (expr.includes('^{') || expr.includes('^(')) return false
  return !/\^[0-9]+\^/.test(expr) && !/\^[0-9][0-9]+/.test(expr)
}

function equalUnderSympy(truth: string, given: string): boolean {
  const expr = `(${truth})-(${given})`
  if (!shouldAllowEval(expr)) return false
  try {
    parsePlain(expr.replaceAll('^', '**'), 'implicit') // the combined difference must parse, as upstream parses it
    return identicallyEqual(parsePlain(truth.replaceAll('^', '**'), 'implicit'), parsePlain(given.replaceAll('^', '**'), 'implicit'))
  } catch (e) {
    if (e instanceof ParseError) return false
    throw e
  }
}

function splitTuple(expr: string): string[] {
  const s = stripThousandsCommas(expr)
  if (s.length === 0) return []
  const inner = s.slice(1, -1)
  if (s.length > 2 && TUPLE_CHARS.includes(s[0]!) && TUPLE_CHARS.includes(s[s.length - 1]!) && ![...TUPLE_CHARS].some((c) => inner.includes(c))) {
    return inner.split(',').map((e) => e.trim())
  }
  return [s]
}

export type GradeAnswerStage = 'hendrycks' | 'prm800k' | 'elementwise'

/** The stage that accepted, or null when grade_answer rejects. */
export function gradeAnswer(given: string, truth: string): GradeAnswerStage | null {
  if (normalizeHendrycks(truth) === normalizeHendrycks(given)) return 'hendrycks'
  const truthNorm = normalizePrm800k(truth)
  const givenNorm = normalizePrm800k(given)
  if (truthNorm === givenNorm) return 'prm800k'
  if (givenNorm.length === 0) return null
  const truthElems = splitTuple(truthNorm)
  const givenElems = splitTuple(givenNorm)
  if (truthElems.length > 1 && (truthNorm[0] !== givenNorm[0] || truthNorm.at(-1) !== givenNorm.at(-1))) return null
  if (truthElems.length !== givenElems.length) return null
  for (let i = 0; i < truthElems.length; i++) {
    const t = truthElems[i]!
    const g = givenElems[i]!
    let ok: boolean
    if (isPlainFraction(t) && isPlainFraction(g)) ok = t === g
    else if (strIsInt(t) !== strIsInt(g)) ok = false
    else ok = equalUnderSympy(t, g)
    if (!ok) return null
  }
  return 'elementwise'
}
