// Builds RolloutRecords the way a PRIME or baseline iteration would, from real task data: problems from a built-in
// synthetic task, its worked demonstration and deliberately corrupted copies of it as the K samples of a prompt,
// the task's own segmentation, step truth and verifier, the character tokenizer's ids and spans, and the RL code's
// own advantages, normalised process scores and step rewards. Only the implicit reward log πφ − log πref per token
// is a caller-given rule, since there is no trained PRM here. Test and visual-check support only: the app never
// imports this file.
import type { RolloutRecord } from '../../../../../src-preload/contract/schemas'
import { CharTokenizer } from '../../../../../src-main/model/tokenizers/char-tokenizer'
import { computeAdvantages } from '../../../../../src-main/rl/advantages'
import { makeRolloutBatch } from '../../../../../src-main/rl/batch'
import { stepScores } from '../../../../../src-main/rl/stepMetrics'
import { mulberry32, type Rng } from '../../../../../src-main/tasks/random'
import type { SyntheticTask } from '../../../../../src-main/tasks/synthetic/task'

/** How a sample differs from the demonstration. */
export type SampleKind = 'demonstration' | 'slipped-step' | 'wrong-answer'

/** What the implicit-reward rule sees about one response token. */
export interface TokenContext {
  row: number
  token: number
  /** Truth of the step the token lies in; null for tokens outside every step (newlines, EOS). */
  stepTruth: boolean | null
}

export interface TaskRolloutOptions {
  task: SyntheticTask
  level: number
  seed: number
  iteration: number
  prompts: number
  samplesPerPrompt: number
  /** 'prime' writes q, process rewards and step rewards; 'rloo' is the outcome-only baseline (all three null). */
  algorithm: 'prime' | 'rloo'
  /** Sample kinds cycled over the samples of a prompt. */
  kinds: readonly SampleKind[]
  /** log πφ − log πref of one token (PRIME only). */
  implicitReward?: (context: TokenContext) => number
}

interface Sample {
  groupIndex: number
  promptId: string
  prompt: string
  response: string
  tokens: number[]
  tokenSpans: [number, number][]
  steps: { start: number; end: number; text: string; tokenStart: number; tokenEnd: number; truth: boolean }[]
  acc: number
  verifierDetail: string
}

export function buildTaskRollouts(options: TaskRolloutOptions): RolloutRecord[] {
  const { task, samplesPerPrompt: K, algorithm } = options
  const tokenizer = new CharTokenizer()
  const rng = mulberry32(options.seed * 7919 + options.iteration)
  const problems = task.generate(options.seed, options.prompts, options.level)
  const samples: Sample[] = problems.flatMap((problem, groupIndex) =>
    Array.from({ length: K }, (_, k) => {
      const kind = options.kinds[k % options.kinds.length]!
      const response = sampleResponse(task.demonstration(problem), kind, rng)
      const tokens = [...tokenizer.encode(response), tokenizer.eosId]
      const tokenSpans = tokenizer.decodeWithOffsets(tokens).offsets
      const truth = task.stepTruth(problem, response)
      const steps = task.segmentSteps(response).map((span, s) => ({ ...span, ...tokenRange(tokenSpans, span), truth: truth[s]! }))
      const verdict = task.verify(response, problem.answer)
      return { groupIndex, promptId: problem.id, prompt: problem.prompt, response, tokens, tokenSpans, steps, acc: verdict.score, verifierDetail: verdict.detail }
    }),
  )

  const R = Math.max(...samples.map((s) => s.tokens.length))
  const tokenRule = (b: number, t: number): number => {
    const sample = samples[b]!
    if (t >= sample.tokens.length || !options.implicitReward) return 0
    const step = sample.steps.find((s) => t >= s.tokenStart && t < s.tokenEnd)
    return options.implicitReward({ row: b, token: t, stepTruth: step ? step.truth : null })
  }
  const logpPrm = Array.from({ length: samples.length * R }, (_, i) => tokenRule(Math.floor(i / R), i % R))
  const batch = makeRolloutBatch(
    {
      numPrompts: problems.length,
      K,
      R,
      lengths: samples.map((s) => s.tokens.length),
      acc: samples.map((s) => s.acc),
      oldLogp: new Array<number>(samples.length * R).fill(0),
      logpPrm: algorithm === 'prime' ? logpPrm : null,
      logpRef: algorithm === 'prime' ? new Array<number>(samples.length * R).fill(0) : null,
    },
    'buildTaskRollouts',
  )
  const result = computeAdvantages(batch, algorithm, { granularity: 'token', gammaProcess: 1, gammaOutcome: 1 })

  return samples.map((sample, b) => {
    const length = sample.tokens.length
    const slice = (tensor: Float64Array) => Array.from(tensor.subarray(b * R, b * R + length))
    const scores = result.processScores
    const rewards = scores
      ? stepScores(scores, R, length, { row: b, steps: sample.steps.map((s) => ({ start: s.tokenStart, end: s.tokenEnd })) }, 'mean')
      : null
    return {
      iteration: options.iteration,
      row: b,
      group: sample.groupIndex,
      promptId: sample.promptId,
      prompt: sample.prompt,
      response: sample.response,
      tokens: sample.tokens,
      tokenSpans: sample.tokenSpans,
      q: algorithm === 'prime' ? logpPrm.slice(b * R, b * R + length) : null,
      processReward: scores ? slice(scores) : null,
      advantages: slice(result.advantages),
      acc: sample.acc,
      truncated: false,
      verifierDetail: sample.verifierDetail,
      steps: sample.steps.map((step, s) => ({ ...step, reward: rewards ? rewards[s]! : null })),
    }
  })
}

/** [tokenStart, tokenEnd): the tokens whose character spans overlap the step's characters. */
function tokenRange(spans: readonly [number, number][], step: { start: number; end: number }): { tokenStart: number; tokenEnd: number } {
  const covering = spans.flatMap(([s, e], i) => (s < step.end && e > step.start ? [i] : []))
  if (covering.length === 0) throw new Error(`no token covers characters [${step.start}, ${step.end})`)
  return { tokenStart: covering[0]!, tokenEnd: covering.at(-1)! + 1 }
}

/** The demonstration, or a copy with one digit changed in a working line ('slipped-step') or in the answer line. */
function sampleResponse(demonstration: string, kind: SampleKind, rng: Rng): string {
  if (kind === 'demonstration') return demonstration
  const lines = demonstration.split('\n')
  const answerLine = lines.length - 1
  const line = kind === 'wrong-answer' || answerLine === 0 ? answerLine : rng.int(0, answerLine - 1)
  const text = lines[line]!
  const digits = [...text.matchAll(/\d/g)].map((m) => m.index)
  if (digits.length === 0) throw new Error(`line ${line} of the demonstration has no digit to change: ${JSON.stringify(text)}`)
  // The last digit of a working line is part of its result; changing it keeps the line well-formed but wrong.
  const at = digits.at(-1)!
  const changed = String((Number(text[at]) + rng.int(1, 8)) % 10)
  lines[line] = text.slice(0, at) + changed + text.slice(at + 1)
  return lines.join('\n')
}
