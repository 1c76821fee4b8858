import { describe, expect, it } from 'vitest'
import { CharTokenizer } from '../../model/tokenizers/char-tokenizer'
import { COMPACT_CHARSET } from '../../model/tokenizers/charsets'
import { arithChain } from '../../tasks/synthetic/arith-chain'
import { gradeEpisodes } from './episodes'
import { taskGrader } from './problems'

describe('gradeEpisodes', () => {
  const tokenizer = new CharTokenizer(COMPACT_CHARSET)
  const problem = arithChain.parsePrompt('7 +3 -4')
  const grade = async (response: string, truncated: boolean) =>
    (
      await gradeEpisodes(taskGrader(arithChain), tokenizer, [
        { problemIndex: 0, problem, promptTokens: tokenizer.encode(problem.prompt), responseTokens: tokenizer.encode(response), sampleLogProbs: [], truncated },
      ])
    )[0]!

  it('verifies a response that hit the length limit like any other (as the authors’ verifier does)', async () => {
    expect((await grade('7+3=10\n10-4=6\n\\boxed{6}', true)).acc).toBe(1)
    expect(await grade('7+3=10\n10-4=6', true)).toMatchObject({ acc: 0, verifierDetail: 'no answer line' })
  })

  it('maps every step onto the tokens that cover it, with its truth', async () => {
    const episode = await grade('7+3=10\n10-4=7\n\\boxed{7}', false)
    expect(episode.steps.map((s) => [s.tokenStart, s.tokenEnd, s.truth])).toEqual([[0, 6, true], [7, 13, false], [14, 23, true]])
  })
})
