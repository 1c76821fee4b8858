// arith-chain: apply a chain of integer operations, left to right, to a start number.
//
// Prompt:   "<start> <op><n> <op><n> ..."            e.g. "7 +3 *2 -4"  (operations apply in order, no precedence)
// Response: one line "a<op>b=c" per operation, then the answer line:
//             7+3=10
//             10*2=20
//             20-4=16
//             \boxed{16}
// Step truth (one per non-blank line):
//  - the k-th operation line is right when it parses, its first operand continues from the previous result (the
//    start number for k=0, else the result written on the previous operation line, right or wrong: a step is judged
//    locally, so one slip does not make every later step wrong), its operator and second operand are the k-th
//    operation's, and c = a op b exactly (division only when exact);
//  - the answer line "\boxed{v}" is right when every operation has a line and v is the result written on the last
//    one (judged locally too: an answer that faithfully carries an earlier slip is not a second error; a premature
//    answer, before the last operation, is wrong);
//  - anything else is wrong: operation lines beyond the last operation, lines after the answer line, lines that
//    are neither an operation nor an answer.
// Levels: 1: start 1-9, 2 operations of + and -, operands 1-9, results stay in 0..99.
//         2: start 1-20, 3-4 operations of + - *, operands 1-9 (× 2-5), results in 0..199.
//         3: start 1-50, 5-6 operations of + - * /, operands 1-12 (÷ exact), results in -99..999.
// Misconception (for studies of process credit, see misconceivedDemonstration): subtraction done digit by digit,
// always taking the smaller digit from the larger, never borrowing — the "smaller-from-larger" bug of Brown and
// Burton's buggy subtraction procedures (1978). 13-7 becomes 14. It is systematic (every subtraction that needs a
// borrow goes wrong, the same way) and a model trained on such demonstrations makes it confidently.
// Charset: digits, "+-*/= " (space in prompts), "\n", and "\boxed{}" — see ARITH_CHAIN_CHARSET.
// Lengths: level 1 prompts are ~7 characters and demonstrations ~25.

import { mulberry32, type Rng } from '../random'
import type { Verifier } from '../verifier'
import { answerLineContent, checkLevel, segmentLines, uniqueChars, verifyAnswerLine } from './steps'
import type { SyntheticProblem, SyntheticTask } from './task'

export type ArithOp = '+' | '-' | '*' | '/'

export interface ArithChainProblem extends SyntheticProblem {
  start: number
  ops: Array<{ op: ArithOp; n: number }>
}

export const ARITH_CHAIN_CHARSET = uniqueChars('0123456789+-*/= \n\\boxed{}')
const NAME = 'arith-chain'
const LEVELS = [1, 2, 3] as const

interface LevelSpec {
  start: [number, number]
  steps: [number, number]
  ops: readonly ArithOp[]
  operand: [number, number]
  range: [number, number]
}

const SPECS: Record<number, LevelSpec> = {
  1: { start: [1, 9], steps: [2, 2], ops: ['+', '-'], operand: [1, 9], range: [0, 99] },
  2: { start: [1, 20], steps: [3, 4], ops: ['+', '-', '*'], operand: [1, 9], range: [0, 199] },
  3: { start: [1, 50], steps: [5, 6], ops: ['+', '-', '*', '/'], operand: [1, 12], range: [-99, 999] },
}

export function applyOp(a: number, op: ArithOp, b: number): number | null {
  switch (op) {
    case '+': return a + b
    case '-': return a - b
    case '*': return a * b
    case '/': return b !== 0 && a % b === 0 ? a / b : null
  }
}

function drawOperation(rng: Rng, spec: LevelSpec, current: number): { op: ArithOp; n: number } {
  for (;;) {
    const op = rng.pick(spec.ops)
    let n: number
    if (op === '*') n = rng.int(2, 5)
    else if (op === '/') {
      const divisors = [2, 3, 4, 5, 6, 7, 8, 9].filter((d) => current !== 0 && current % d === 0)
      if (divisors.length === 0) continue
      n = rng.pick(divisors)
    } else n = rng.int(spec.operand[0], spec.operand[1])
    const next = applyOp(current, op, n)
    if (next !== null && next >= spec.range[0] && next <= spec.range[1]) return { op, n }
  }
}

function finalResult(p: Pick<ArithChainProblem, 'start' | 'ops'>): number {
  return p.ops.reduce((v, o) => applyOp(v, o.op, o.n)!, p.start)
}

function makeProblem(id: string, level: number, start: number, ops: ArithChainProblem['ops']): ArithChainProblem {
  const prompt = [String(start), ...ops.map((o) => `${o.op}${o.n}`)].join(' ')
  return { id, level, prompt, answer: String(finalResult({ start, ops })), start, ops }
}

function generate(seed: number, count: number, level: number): ArithChainProblem[] {
  checkLevel(NAME, LEVELS, level)
  const spec = SPECS[level]!
  const rng = mulberry32(seed)
  return Array.from({ length: count }, (_, k) => {
    const start = rng.int(spec.start[0], spec.start[1])
    const steps = rng.int(spec.steps[0], spec.steps[1])
    const ops: ArithChainProblem['ops'] = []
    let v = start
    for (let s = 0; s < steps; s++) {
      const o = drawOperation(rng, spec, v)
      ops.push(o)
      v = applyOp(v, o.op, o.n)!
    }
    return makeProblem(`${NAME}-L${level}-${seed}-${k}`, level, start, ops)
  })
}

function parsePrompt(prompt: string): ArithChainProblem {
  const parts = prompt.trim().split(/\s+/)
  const start = Number(parts[0])
  if (parts.length < 2 || !/^-?\d+$/.test(parts[0] ?? '')) throw new Error(`${NAME}: malformed prompt ${JSON.stringify(prompt)}: expected "<start> <op><n> ..."`)
  const ops = parts.slice(1).map((p, i) => {
    const m = /^([+\-*/])(\d+)$/.exec(p)
    if (!m) throw new Error(`${NAME}: malformed prompt ${JSON.stringify(prompt)}: operation ${i + 1} is ${JSON.stringify(p)}`)
    return { op: m[1] as ArithOp, n: Number(m[2]) }
  })
  let v = start
  for (const [i, o] of ops.entries()) {
    const next = applyOp(v, o.op, o.n)
    if (next === null) throw new Error(`${NAME}: prompt ${JSON.stringify(prompt)}: operation ${i + 1} divides ${v} inexactly`)
    v = next
  }
  const level = ops.length <= 2 ? 1 : ops.length <= 4 ? 2 : 3
  return makeProblem(`${NAME}-prompt`, level, start, ops)
}

/** a − b digit by digit, smaller digit from larger in every place, no borrowing (a, b ≥ 0). */
export function smallerFromLarger(a: number, b: number): number {
  let result = 0
  for (let place = 1; a > 0 || b > 0; place *= 10) {
    result += Math.abs((a % 10) - (b % 10)) * place
    a = Math.floor(a / 10)
    b = Math.floor(b / 10)
  }
  return result
}

function demonstration(p: ArithChainProblem): string {
  return workedLines(p, applyOp)
}

/** The worked solution of someone who subtracts smaller-from-larger; equal to the correct one when no borrow is needed. */
function misconceivedDemonstration(p: ArithChainProblem): string {
  return workedLines(p, (a, op, b) => (op === '-' && a >= 0 ? smallerFromLarger(a, b) : applyOp(a, op, b)))
}

function workedLines(p: ArithChainProblem, apply: (a: number, op: ArithOp, b: number) => number | null): string {
  const lines: string[] = []
  let v = p.start
  for (const o of p.ops) {
    const next = apply(v, o.op, o.n)!
    lines.push(`${v}${o.op}${o.n}=${next}`)
    v = next
  }
  lines.push(`\\boxed{${v}}`)
  return lines.join('\n')
}

const OP_LINE = /^\s*(-?\d+)\s*([+\-*/])\s*(\d+)\s*=\s*(-?\d+)\s*$/

function stepTruth(problem: ArithChainProblem | string, response: string): boolean[] {
  const p = typeof problem === 'string' ? parsePrompt(problem) : problem
  const truth: boolean[] = []
  let k = 0 // next operation index
  let previous = p.start // result the next operation line must continue from
  let answered = false
  for (const step of segmentLines(response)) {
    if (answered) {
      truth.push(false)
      continue
    }
    const answer = answerLineContent(step.text)
    if (answer !== null) {
      answered = true
      truth.push(k === p.ops.length && /^\s*-?\d+\s*$/.test(answer) && Number(answer) === previous)
      continue
    }
    const m = OP_LINE.exec(step.text)
    if (!m) {
      truth.push(false)
      continue
    }
    const expected = p.ops[k]
    if (!expected) {
      truth.push(false)
      continue
    }
    const [a, op, b, c] = [Number(m[1]), m[2] as ArithOp, Number(m[3]), Number(m[4])]
    truth.push(a === previous && op === expected.op && b === expected.n && applyOp(a, op, b) === c)
    previous = c
    k++
  }
  return truth
}

/**
 * Whether a response goes wrong first by the misconception: its first wrong step is the expected subtraction,
 * continuing from the right running result, done smaller-from-larger (13-7=14). Null when no step is wrong. The
 * misconception study's pilot measures with it how much of the starting policy's failure the misconception explains
 * (src-preload/contract/rl-config.ts, MISCONCEPTION_PRESET).
 */
export function firstErrorIsMisconception(problem: ArithChainProblem | string, response: string): boolean | null {
  const p = typeof problem === 'string' ? parsePrompt(problem) : problem
  const truth = stepTruth(p, response)
  const first = truth.indexOf(false)
  if (first < 0) return null
  // Every step before the first wrong one is right, so it is the k-th operation line and continues from the true
  // running result after k operations.
  const step = segmentLines(response)[first]!
  const m = OP_LINE.exec(step.text)
  const expected = p.ops[first]
  if (!m || !expected || expected.op !== '-') return false
  const running = p.ops.slice(0, first).reduce((v, o) => applyOp(v, o.op, o.n)!, p.start)
  const [a, op, b, c] = [Number(m[1]), m[2], Number(m[3]), Number(m[4])]
  return a === running && op === '-' && b === expected.n && a >= 0 && c === smallerFromLarger(a, b)
}

export const arithChainVerifier: Verifier = (response, reference) => verifyAnswerLine(NAME, response, reference)

export const arithChain: SyntheticTask<ArithChainProblem> = {
  name: NAME,
  levels: LEVELS,
  charset: ARITH_CHAIN_CHARSET,
  generate,
  parsePrompt,
  demonstration,
  misconceivedDemonstration,
  verify: arithChainVerifier,
  segmentSteps: segmentLines,
  stepTruth,
  trivialGuessAccuracy: { 1: 0.069, 2: 0.019, 3: 0.034 },
}
