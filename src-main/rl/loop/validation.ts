// Validation: greedy accuracy on held-out prompts (val/acc), every `validateEvery` iterations.
import { generate } from '../../model/generation/generate'
import type { RlModels } from './iteration'
import type { Grader, Problem } from './problem-source'

export async function greedyAccuracy(m: RlModels, grader: Grader, problems: readonly Problem[], maxNewTokens: number): Promise<number> {
  const result = await generate(
    m.model,
    m.policy.params,
    problems.map((p) => m.prompts.encode(p)),
    { maxNewTokens, stopTokens: m.stopTokens, sampleVocab: m.tokenizer.vocabSize, seed: 0, temperature: 0 },
  )
  const finished = problems.flatMap((problem, i) => (result.finishReasons[i] === 'stop' ? [{ problem, response: m.tokenizer.decode(result.tokens[i]!) }] : []))
  const verdicts = await grader.verify(finished)
  return verdicts.reduce((sum, v) => sum + v.score, 0) / problems.length
}
