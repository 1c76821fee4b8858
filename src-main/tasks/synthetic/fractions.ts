// fractions: add, subtract or multiply two fractions; answer as "\boxed{\frac{p}{q}}" in lowest terms.
//
// Prompt:   "<a>/<b><op><c>/<d>", e.g. "1/2+1/3"
// Response: equivalent expressions, one per line, then the answer line:
//             3/6+2/6
//             5/6
//             \boxed{\frac{5}{6}}
// Grammar of a step line: fraction (op fraction)*, fraction: "-"? integer ("/" integer)?, op: "+", "-", "*"
// (multiplication before addition/subtraction).
// Step truth (one per non-blank line):
//  - a step line is right when it parses, has the same value as the previous line (the prompt's value for the first
//    line, else the previous line's, right or wrong: steps are judged locally) and is not a copy of the previous line;
//  - the answer line is right when the math verifier grades it equal to the previous line's value (the prompt's when
//    it comes first) — judged locally like every step — so unreduced or decimal forms ("\frac{10}{12}", "0.5") count
//    as right, as they do for the outcome;
//  - anything else is wrong, and so is every line after the answer line.
// The outcome verifier is the math verifier on the answer line: it exercises its equivalence (10/12 vs 5/6 is
// accepted by math_equal's symbolic step; 0.5 vs 1/2 by grade_answer).
// Levels: 1: same denominator (2-9), + or -, positive non-integer result.
//         2: different denominators (2-9), + - *, positive non-integer result.
//         3: denominators 2-12, + - *, any non-integer result (negative allowed: "\boxed{-\frac{1}{6}}").
// Charset: digits, "+-*/", "\n", "\boxed{}" and "\frac" — see FRACTIONS_CHARSET. Level 1 prompts are 7
// characters, demonstrations ~30.

import { mulberry32 } from '../random'
import type { Verifier } from '../verifier'
import { answerLineContent, checkLevel, segmentLines, uniqueChars, verifyAnswerLine } from './steps'
import { gradeMath } from '../math/grade-math'
import type { SyntheticProblem, SyntheticTask } from './task'

export type FractionOp = '+' | '-' | '*'

/** An exact rational [numerator, denominator] with denominator > 0, in lowest terms. */
export type Rational = readonly [number, number]

export interface FractionsProblem extends SyntheticProblem {
  left: Rational
  op: FractionOp
  right: Rational
  value: Rational
}

export const FRACTIONS_CHARSET = uniqueChars('0123456789+-*/\n\\boxed{}frac')
const NAME = 'fractions'
const LEVELS = [1, 2, 3] as const

function gcd(a: number, b: number): number {
  let x = Math.abs(a)
  let y = Math.abs(b)
  while (y) [x, y] = [y, x % y]
  return x
}

export function rational(num: number, den: number): Rational {
  if (den === 0) throw new RangeError('fractions: zero denominator')
  const g = gcd(num, den) || 1
  const s = den < 0 ? -1 : 1
  return [(s * num) / g, (s * den) / g]
}

function combine(x: Rational, op: FractionOp, y: Rational): Rational {
  if (op === '*') return rational(x[0] * y[0], x[1] * y[1])
  const sign = op === '+' ? 1 : -1
  return rational(x[0] * y[1] + sign * y[0] * x[1], x[1] * y[1])
}

const sameValue = (x: Rational, y: Rational): boolean => x[0] * y[1] === y[0] * x[1]

/** Value of a step line (exact), or null when it does not follow the grammar. */
export function evaluateFractionLine(line: string): Rational | null {
  const s = line.replace(/\s+/g, '')
  if (!/^-?\d+(?:\/\d+)?(?:[+\-*]-?\d+(?:\/\d+)?)*$/.test(s)) return null
  const tokens = s.match(/(?:^|(?<=[+\-*]))-?\d+(?:\/\d+)?|[+\-*]/g) ?? []
  const terms: Rational[] = []
  const ops: FractionOp[] = []
  for (const t of tokens) {
    if (t === '+' || t === '-' || t === '*') ops.push(t)
    else {
      const [n, d] = t.split('/')
      if (d !== undefined && Number(d) === 0) return null
      terms.push(rational(Number(n), d === undefined ? 1 : Number(d)))
    }
  }
  if (terms.length !== ops.length + 1) return null
  // multiplication first, then + and - left to right
  const sumTerms: Rational[] = [terms[0]!]
  const sumOps: FractionOp[] = []
  ops.forEach((op, i) => {
    if (op === '*') sumTerms.push(combine(sumTerms.pop()!, '*', terms[i + 1]!))
    else {
      sumOps.push(op)
      sumTerms.push(terms[i + 1]!)
    }
  })
  return sumOps.reduce((acc, op, i) => combine(acc, op, sumTerms[i + 1]!), sumTerms[0]!)
}

const formatFraction = ([n, d]: readonly [number, number]): string => `${n}/${d}`

export function formatAnswer([n, d]: Rational): string {
  if (d === 1) return String(n)
  return `${n < 0 ? '-' : ''}\\frac{${Math.abs(n)}}{${d}}`
}

function makeProblem(id: string, level: number, left: readonly [number, number], op: FractionOp, right: readonly [number, number]): FractionsProblem {
  const value = combine(rational(left[0], left[1]), op, rational(right[0], right[1]))
  return { id, level, prompt: `${formatFraction(left)}${op}${formatFraction(right)}`, answer: formatAnswer(value), left, op, right, value }
}

function generate(seed: number, count: number, level: number): FractionsProblem[] {
  checkLevel(NAME, LEVELS, level)
  const rng = mulberry32(seed)
  const out: FractionsProblem[] = []
  while (out.length < count) {
    const maxDen = level === 3 ? 12 : 9
    const op: FractionOp = level === 1 ? rng.pick(['+', '-'] as const) : rng.pick(['+', '-', '*'] as const)
    const b = rng.int(2, maxDen)
    const d = level === 1 ? b : rng.int(2, maxDen)
    if (level === 2 && d === b) continue
    const a = rng.int(1, b - 1)
    const c = rng.int(1, d - 1)
    const p = makeProblem(`${NAME}-L${level}-${seed}-${out.length}`, level, [a, b], op, [c, d])
    const [n, den] = p.value
    if (den === 1 || (level < 3 && n <= 0)) continue // integer (or, below level 3, non-positive) results are redrawn
    out.push(p)
  }
  return out
}

function parsePrompt(prompt: string): FractionsProblem {
  const m = /^\s*(\d+)\/(\d+)([+\-*])(\d+)\/(\d+)\s*$/.exec(prompt)
  if (!m || Number(m[2]) === 0 || Number(m[5]) === 0) {
    throw new Error(`${NAME}: malformed prompt ${JSON.stringify(prompt)}: expected "<a>/<b><op><c>/<d>" with non-zero denominators`)
  }
  const left: [number, number] = [Number(m[1]), Number(m[2])]
  const right: [number, number] = [Number(m[4]), Number(m[5])]
  const level = left[1] === right[1] ? 1 : Math.max(left[1], right[1]) > 9 ? 3 : 2
  return makeProblem(`${NAME}-prompt`, level, left, m[3] as FractionOp, right)
}

function demonstration(p: FractionsProblem): string {
  const [a, b] = p.left
  const [c, d] = p.right
  const lines: string[] = []
  if (p.op === '*') lines.push(`${a * c}/${b * d}`)
  else {
    if (b !== d) {
      const l = (b * d) / gcd(b, d)
      lines.push(`${a * (l / b)}/${l}${p.op}${c * (l / d)}/${l}`)
    }
    const l = b === d ? b : (b * d) / gcd(b, d)
    const n = p.op === '+' ? a * (l / b) + c * (l / d) : a * (l / b) - c * (l / d)
    lines.push(`${n}/${l}`)
  }
  const reduced = formatFraction(p.value)
  if (lines.at(-1) !== reduced) lines.push(reduced)
  lines.push(`\\boxed{${p.answer}}`)
  return lines.join('\n')
}

function stepTruth(problem: FractionsProblem | string, response: string): boolean[] {
  const p = typeof problem === 'string' ? parsePrompt(problem) : problem
  const truth: boolean[] = []
  let previousValue: Rational = p.value
  let previousText = p.prompt.replace(/\s+/g, '')
  let answered = false
  for (const step of segmentLines(response)) {
    if (answered) {
      truth.push(false)
      continue
    }
    if (answerLineContent(step.text) !== null) {
      answered = true
      truth.push(gradeMath(step.text, formatAnswer(previousValue)).score === 1)
      continue
    }
    const value = evaluateFractionLine(step.text)
    if (!value) {
      truth.push(false)
      continue
    }
    const text = step.text.replace(/\s+/g, '')
    truth.push(sameValue(value, previousValue) && text !== previousText)
    previousValue = value
    previousText = text
  }
  return truth
}

export const fractionsVerifier: Verifier = (response, reference) => verifyAnswerLine(NAME, response, reference)

export const fractions: SyntheticTask<FractionsProblem> = {
  name: NAME,
  levels: LEVELS,
  charset: FRACTIONS_CHARSET,
  generate,
  parsePrompt,
  demonstration,
  verify: fractionsVerifier,
  segmentSteps: segmentLines,
  stepTruth,
  trivialGuessAccuracy: { 1: 0.066, 2: 0.052, 3: 0.027 },
}
