// The CLI functions: `init` writes a loadable checkpoint whose weights are the seed's, and `score` gives each
// JSONL line the reference forward's per-token log-probs for its response, naming file and line on bad input.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Runtime } from '../engine'
import { initCheckpoint, scoreJsonl } from './cli-commands'
import { modelConfig } from './config'
import { toHfWeights } from './hf-weights'
import { LanguageModel } from './language-model'
import { loadModel } from './model-checkpoint'
import { referenceLogits, referenceTokenScore } from './reference-forward'

let root = ''
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'model-cli-'))
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('model CLI commands', () => {
  it('initialises a checkpoint from a preset and a seed, and scores a JSONL file', async () => {
    const dir = join(root, 'xs')
    const result = await initCheckpoint('XS', 42, dir)
    expect(result.parameters).toBe(new LanguageModel(modelConfig('XS'), null as unknown as Runtime).layout.size)
    const loaded = await loadModel(dir)
    expect(loaded.config).toEqual(modelConfig('XS'))
    expect(loaded.tokenizer.vocabSize).toBe(64)
    const fresh = new LanguageModel(modelConfig('XS'), null as unknown as Runtime).initParams(42)
    expect(Buffer.from(loaded.params.buffer).equals(Buffer.from(fresh.buffer))).toBe(true)

    const input = join(root, 'score.jsonl')
    await writeFile(input, ['{"id": "a", "prompt": [1, 5, 6], "response": [7, 8, 2]}', '', '{"tokens": [1, 9, 10, 11], "prompt_length": 1}'].join('\n'))
    const lines = (await scoreJsonl(dir, input)).map((l) => JSON.parse(l) as { id?: string; logprobs: number[]; entropy: number[] })
    expect(lines.length).toBe(2)
    expect(lines[0]!.id).toBe('a')
    expect(lines[1]!.id).toBeUndefined()
    const hf = toHfWeights(loaded.config, loaded.params)
    for (const [line, full, promptLength] of [[lines[0]!, [1, 5, 6, 7, 8, 2], 3], [lines[1]!, [1, 9, 10, 11], 1]] as const) {
      const logits = referenceLogits(loaded.config, hf, full.slice(0, -1))
      expect(line.logprobs.length).toBe(full.length - promptLength)
      line.logprobs.forEach((lp, i) => expect(lp).toBeCloseTo(referenceTokenScore(logits[promptLength - 1 + i]!, full[promptLength + i]!).logProb, 4))
    }
  })

  it('names the file, line and field of bad input', async () => {
    const dir = join(root, 'bad')
    await initCheckpoint('XS', 1, dir)
    const input = join(root, 'bad.jsonl')
    await writeFile(input, '{"prompt": [1], "response": [2]}\n{"prompt": [1], "response": ["x"]}\n')
    await expect(scoreJsonl(dir, input)).rejects.toThrow(`${input}:2: "response" must be a list`)
    await writeFile(input, '{"prompt": [1], "response": [64]}\n')
    await expect(scoreJsonl(dir, input)).rejects.toThrow(`${input}:1: token id 64 is outside`)
    await expect(initCheckpoint('XXL', 1, join(root, 'nope'))).rejects.toThrow(/unknown preset "XXL"/)
  })
})
