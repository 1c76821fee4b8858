// Validation: greedy accuracy on held-out prompts (val/acc), every `validateEvery` iterations.
import { generate } from '../../model/generation/generate'
import type { SyntheticProblem } from '../../tasks/synthetic/task'
import { encodePrompt } from './episodes'
import type { RlModels } from './iteration'

export async function greedyAccuracy(m: RlModels, problems: readonly SyntheticProblem[], maxNewTokens: number): Promise<number> {
  const result = await generate(
    m.model,
    m.policy.params,
    problems.map((p) => encodePrompt(m.tokenizer, p.prompt)),
    { maxNewTokens, stopTokens: [m.tokenizer.eosId], seed: 0, temperature: 0 },
  )
  let correct = 0
  problems.forEach((problem, i) => {
    if (result.finishReasons[i] !== 'stop') return
    correct += m.task.verify(m.tokenizer.decode(result.tokens[i]!), problem.answer).score
  })
  return correct / problems.length
}
