// The PRM against human step labels, on a real (tiny, randomly initialised) model: solutions with a wrong labelled
// step are scored per step; steps after the first error (unlabelled) count as candidates but not for the AUC; with
// the PRM equal to the reference every step scores 0, which is exactly chance; and batched scoring matches scoring
// one solution at a time.
import { afterAll, describe, expect, it } from 'vitest'
import { PLAIN_PROMPT } from '../../../src-preload/contract/rl-config'
import { Runtime } from '../../engine'
import { modelConfig } from '../../model/config'
import { LanguageModel } from '../../model/language-model'
import { CharTokenizer } from '../../model/tokenizers/char-tokenizer'
import { COMPACT_CHARSET } from '../../model/tokenizers/charsets'
import { labelledSolutions, validateAgainstStepLabels } from './labelled-steps'
import type { Problem } from './problem-source'
import { promptEncoder } from './prompt-encoder'

const runtimePromise = Runtime.create({ executionProvider: 'cpu' })
afterAll(async () => (await runtimePromise).dispose())

const PROBLEMS: Problem[] = [
  { id: 'a', prompt: '1 +2 *2', answer: '6', stepLabels: { steps: ['1+2=3', '3*2=7', '7=7'], correct: [true, false, null] } },
  { id: 'b', prompt: '4 -1', answer: '3', stepLabels: { steps: ['4-1=5', '\\boxed{5}'], correct: [false, null] } },
  { id: 'c', prompt: '2 +2', answer: '4', stepLabels: { steps: ['2+2=4', '\\boxed{4}'], correct: [true, true] } },
  { id: 'd', prompt: '3 +3', answer: '6' },
  { id: 'e', prompt: '5 +1 +1', answer: '7', stepLabels: { steps: ['5+1=6', '6+1=8', '\\boxed{8}'], correct: [true, true, false] } },
]

describe('PRM step scores against human labels', () => {
  const tokenizer = new CharTokenizer(COMPACT_CHARSET)
  const prompts = promptEncoder(PLAIN_PROMPT, tokenizer, 'XS')

  it('keeps incorrect labelled solutions only, with exact step token spans', () => {
    const solutions = labelledSolutions(PROBLEMS, tokenizer, prompts, 512)
    expect(solutions.map((s) => s.problem.id)).toEqual(['a', 'b', 'e'])
    const a = solutions[0]!
    expect(a.spans.map(([s, e]) => tokenizer.decode(a.responseTokens.slice(s, e)))).toEqual(['1+2=3', '3*2=7', '7=7'])
    expect(tokenizer.decode(a.responseTokens)).toBe('1+2=3\n\n3*2=7\n\n7=7')
    expect(labelledSolutions(PROBLEMS, tokenizer, prompts, 24).map((s) => s.problem.id)).toEqual(['b'])
  })

  it('scores chance when the PRM equals the reference, and batches exactly as one at a time', async () => {
    const model = new LanguageModel(modelConfig('XS', { vocabSize: tokenizer.vocabSize }), await runtimePromise)
    const reference = model.initParams(1)
    const same = await validateAgainstStepLabels({ model, tokenizer, prompts }, reference, reference, PROBLEMS, 2)
    // Every step ties at q = 0, so top-1 is 1/steps (every step a candidate): a 1/3, b 1/2, e 1/3 — exactly chance.
    // AUC over labelled steps: a [right, wrong] 0.5; b has no right step; e 0.5.
    const chance = (1 / 3 + 1 / 2 + 1 / 3) / 3
    expect(same).toEqual({ 'val/step_labels/solutions': 3, 'val/step_labels/first_error_top1': chance, 'val/step_labels/chance_top1': chance, 'val/step_labels/auc': 0.5 })

    const prm = model.initParams(2)
    const batched = await validateAgainstStepLabels({ model, tokenizer, prompts }, prm, reference, PROBLEMS, 2)
    const single = await validateAgainstStepLabels({ model, tokenizer, prompts }, prm, reference, PROBLEMS, 1)
    expect(Object.keys(batched)).toEqual(Object.keys(single))
    for (const [name, value] of Object.entries(batched)) expect(value).toBeCloseTo(single[name]!, 6)
    expect(batched['val/step_labels/solutions']).toBe(3)
  })
})
