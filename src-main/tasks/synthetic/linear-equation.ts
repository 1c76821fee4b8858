// linear-equation: solve a linear equation in x with an integer solution, one transformation per line.
//
// Prompt:   the equation, e.g. "3x+5=20" (level 2) or "5x+2=2x+11" (level 3)
// Response: equivalent equations, one per line, ending with "x=<v>", then the answer line:
//             3x=15
//             x=5
//             \boxed{5}
// Grammar of an equation line: side "=" side; side: term (("+"|"-") term)*; term: integer, or optional integer
// followed by "x" ("x", "-x", "12x"). Integers only (no fractions, no parentheses).
// Step truth (one per non-blank line):
//  - an equation line is right when it parses, has exactly one solution, that solution equals the solution of the
//    previous equation (the prompt's for the first line, else the previous line's, right or wrong: steps are judged
//    locally), and it is not the previous equation again, even with sides swapped or terms reordered (no progress).
//    Skipping transformations is allowed;
//  - the answer line "\boxed{v}" is right when v is the solution of the previous equation (the prompt's when it comes
//    first): judged locally too, so an answer that faithfully carries an earlier slip is not a second error;
//  - anything else is wrong, and so is every line after the answer line.
// Levels: 1: one step — "x+b=c", "x-b=c" or "ax=c" (a 2-9, b 1-9, x 0-9).
//         2: two steps — "ax+b=c" or "ax-b=c" (a 2-9, b 1-9, x 1-9).
//         3: x on both sides — "ax+b=cx+d" (a > c ≥ 1, b 0-20, x -9..9), three steps.
// Charset: digits, "+-=x", "\n" and "\boxed{}" — see LINEAR_EQUATION_CHARSET. Level 1 prompts are ~6 characters,
// demonstrations ~15.

import { mulberry32 } from '../random'
import type { Verifier } from '../verifier'
import { answerLineContent, checkLevel, segmentLines, uniqueChars, verifyAnswerLine } from './steps'
import type { SyntheticProblem, SyntheticTask } from './task'

/** a·x + b on one side of an equation. */
interface Linear {
  a: number
  b: number
}

export interface LinearEquationProblem extends SyntheticProblem {
  left: Linear
  right: Linear
  solution: number
}

export const LINEAR_EQUATION_CHARSET = uniqueChars('0123456789+-=x\n\\boxed{}')
const NAME = 'linear-equation'
const LEVELS = [1, 2, 3] as const

function formatSide({ a, b }: Linear): string {
  const xTerm = a === 0 ? '' : a === 1 ? 'x' : a === -1 ? '-x' : `${a}x`
  if (xTerm === '') return String(b)
  if (b === 0) return xTerm
  return `${xTerm}${b > 0 ? '+' : '-'}${Math.abs(b)}`
}

export function formatEquation(left: Linear, right: Linear): string {
  return `${formatSide(left)}=${formatSide(right)}`
}

function parseSide(side: string): Linear | null {
  const s = side.replace(/\s+/g, '')
  if (!/^[+-]?(?:\d*x|\d+)(?:[+-](?:\d*x|\d+))*$/.test(s)) return null
  const out: Linear = { a: 0, b: 0 }
  for (const term of s.match(/[+-]?(?:\d*x|\d+)/g) ?? []) {
    if (term.endsWith('x')) {
      const coef = term.slice(0, -1)
      out.a += coef === '' || coef === '+' ? 1 : coef === '-' ? -1 : Number(coef)
    } else out.b += Number(term)
  }
  return out
}

export function parseEquation(line: string): { left: Linear; right: Linear } | null {
  const sides = line.split('=')
  if (sides.length !== 2) return null
  const left = parseSide(sides[0]!)
  const right = parseSide(sides[1]!)
  return left && right ? { left, right } : null
}

/** The unique solution as a fraction [num, den] (den > 0), or null. */
function solve(left: Linear, right: Linear): [number, number] | null {
  const a = left.a - right.a
  const c = right.b - left.b
  if (a === 0) return null
  return a > 0 ? [c, a] : [-c, -a]
}

function makeProblem(id: string, level: number, left: Linear, right: Linear): LinearEquationProblem {
  const sol = solve(left, right)
  if (!sol || sol[0] % sol[1] !== 0) throw new Error(`${NAME}: ${formatEquation(left, right)} has no integer solution`)
  const solution = sol[0] / sol[1]
  return { id, level, prompt: formatEquation(left, right), answer: String(solution), left, right, solution }
}

function generate(seed: number, count: number, level: number): LinearEquationProblem[] {
  checkLevel(NAME, LEVELS, level)
  const rng = mulberry32(seed)
  return Array.from({ length: count }, (_, k) => {
    const id = `${NAME}-L${level}-${seed}-${k}`
    if (level === 1) {
      const form = rng.int(0, 2)
      const x = rng.int(0, 9)
      if (form === 2) {
        const a = rng.int(2, 9)
        return makeProblem(id, level, { a, b: 0 }, { a: 0, b: a * x })
      }
      const b = rng.int(1, 9) * (form === 0 ? 1 : -1)
      const xx = form === 1 ? x + Math.abs(b) : x // keep the right side non-negative
      return makeProblem(id, level, { a: 1, b }, { a: 0, b: xx + b })
    }
    if (level === 2) {
      const a = rng.int(2, 9)
      const b = rng.int(1, 9) * rng.pick([1, -1])
      const x = rng.int(1, 9)
      return makeProblem(id, level, { a, b }, { a: 0, b: a * x + b })
    }
    const c = rng.int(1, 8)
    const a = rng.int(c + 1, 9)
    const x = rng.int(-9, 9)
    const b = rng.int(0, 20)
    return makeProblem(id, level, { a, b }, { a: c, b: (a - c) * x + b })
  })
}

function parsePrompt(prompt: string): LinearEquationProblem {
  const eq = parseEquation(prompt.trim())
  if (!eq) throw new Error(`${NAME}: malformed prompt ${JSON.stringify(prompt)}: expected a linear equation in x like "3x+5=20"`)
  const level = eq.right.a !== 0 ? 3 : eq.left.a !== 1 && eq.left.b !== 0 ? 2 : 1
  return makeProblem(`${NAME}-prompt`, level, eq.left, eq.right)
}

function demonstration(p: LinearEquationProblem): string {
  const lines: string[] = []
  let left = p.left
  let right = p.right
  if (right.a !== 0) {
    left = { a: left.a - right.a, b: left.b }
    right = { a: 0, b: right.b }
    lines.push(formatEquation(left, right))
  }
  if (left.b !== 0) {
    right = { a: 0, b: right.b - left.b }
    left = { a: left.a, b: 0 }
    lines.push(formatEquation(left, right))
  }
  if (left.a !== 1) lines.push(formatEquation({ a: 1, b: 0 }, { a: 0, b: p.solution }))
  if (lines.length === 0) lines.push(formatEquation({ a: 1, b: 0 }, { a: 0, b: p.solution }))
  lines.push(`\\boxed{${p.solution}}`)
  return lines.join('\n')
}

function stepTruth(problem: LinearEquationProblem | string, response: string): boolean[] {
  const p = typeof problem === 'string' ? parsePrompt(problem) : problem
  const truth: boolean[] = []
  let previousSolution: [number, number] = [p.solution, 1]
  let previousText = formatEquation(p.left, p.right)
  let answered = false
  for (const step of segmentLines(response)) {
    if (answered) {
      truth.push(false)
      continue
    }
    const answer = answerLineContent(step.text)
    if (answer !== null) {
      answered = true
      truth.push(/^\s*-?\d+\s*$/.test(answer) && Number(answer) * previousSolution[1] === previousSolution[0])
      continue
    }
    const eq = parseEquation(step.text)
    const sol = eq && solve(eq.left, eq.right)
    if (!eq || !sol) {
      truth.push(false)
      continue
    }
    const text = formatEquation(eq.left, eq.right)
    const mirrored = formatEquation(eq.right, eq.left)
    const same = sol[0] * previousSolution[1] === previousSolution[0] * sol[1]
    truth.push(same && text !== previousText && mirrored !== previousText)
    previousSolution = sol
    previousText = text
  }
  return truth
}

export const linearEquationVerifier: Verifier = (response, reference) => verifyAnswerLine(NAME, response, reference)

export const linearEquation: SyntheticTask<LinearEquationProblem> = {
  name: NAME,
  levels: LEVELS,
  charset: LINEAR_EQUATION_CHARSET,
  generate,
  parsePrompt,
  demonstration,
  verify: linearEquationVerifier,
  segmentSteps: segmentLines,
  stepTruth,
  trivialGuessAccuracy: { 1: 0.101, 2: 0.114, 3: 0.056 },
}
