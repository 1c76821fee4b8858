// The model's checkpoints: parameters survive save/load bit for bit, the file holds Hugging Face's tensor names
// and [out, in] shapes with q_proj / lm_head really being the transposes of our fused matrices, a resumed
// optimizer and random stream continue exactly, and a Hugging Face-style directory (Qwen2 layout, written here
// independently of our mapping) imports with the reference forward's log-probs.
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_ADAMW, Rng, Runtime, TrainState } from '../engine'
import { hfConfigJson } from './checkpoint/hf-config'
import { llamaTensorLayout } from './checkpoint/llama-layout'
import { writeJson } from './checkpoint/json-file'
import { SafetensorsFile } from './checkpoint/safetensors-reader'
import { writeSafetensors } from './checkpoint/safetensors-writer'
import { CharTokenizer } from './tokenizers/char-tokenizer'
import { COMPACT_CHARSET } from './tokenizers/charsets'
import { modelConfig } from './config'
import { LanguageModel } from './language-model'
import { loadModel, resumeRng, resumeTrainState, saveModel } from './model-checkpoint'
import { referenceLogits, referenceTokenScore } from './reference-forward'
import { packSequences } from './token-batch'

const tokenizer = new CharTokenizer(COMPACT_CHARSET)
const config = modelConfig('XS', { dModel: 32, nHeads: 4, nKvHeads: 2, ffnDim: 48, maxPositions: 64 })
const bits = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)

let root = ''
let runtime: Runtime
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'model-checkpoint-'))
  runtime = await Runtime.create({ executionProvider: 'cpu' })
})
afterAll(async () => {
  await runtime.dispose()
  await rm(root, { recursive: true, force: true })
})

describe('model checkpoints', () => {
  it('round-trips parameters bit-exactly with the Hugging Face tensor layout', async () => {
    const model = new LanguageModel(config, runtime)
    const params = model.initParams(5)
    const dir = join(root, 'roundtrip')
    await saveModel(dir, { config, params, tokenizer })
    const loaded = await loadModel(dir)
    expect(loaded.config).toEqual(config)
    expect(bits(loaded.params).equals(bits(params))).toBe(true)
    expect(loaded.optimizer).toBeNull()

    const file = await SafetensorsFile.open(join(dir, 'model.safetensors'))
    try {
      const found = [...file.tensors].map(([name, info]) => [name, info.shape] as const)
      expect(new Map(found)).toEqual(new Map(llamaTensorLayout(config).map((s) => [s.name, s.shape])))
      expect(file.info('model.layers.1.self_attn.q_proj.weight').shape).toEqual([32, 32])
      expect(file.info('model.layers.1.self_attn.k_proj.weight').shape).toEqual([16, 32])
      expect(file.info('lm_head.weight').shape).toEqual([config.vocabSize, 32])
      // HF's q_proj [out, in] is the transpose of our fused wqkv's first 32 columns; lm_head of our head [C, V].
      const wqkv = model.layout.read(params, 'layers.1.wqkv') // (32, 64)
      const q = await file.readF32('model.layers.1.self_attn.q_proj.weight')
      for (const [o, i] of [[0, 0], [3, 17], [31, 30]] as const) expect(q[o * 32 + i]).toBe(wqkv[i * 64 + o])
      const head = model.layout.read(params, 'head') // (32, V)
      const lmHead = await file.readF32('lm_head.weight')
      expect(lmHead[5 * 32 + 7]).toBe(head[7 * config.vocabSize + 5])
    } finally {
      await file.close()
    }
  })

  it('resumes the optimizer and a random stream exactly', async () => {
    const model = new LanguageModel(config, runtime)
    const hyper = { ...DEFAULT_ADAMW, weightDecay: 0.1 }
    const batch = packSequences([{ prompt: tokenizer.encode('1+2='), response: tokenizer.encode('3') }, { prompt: tokenizer.encode('2+2='), response: tokenizer.encode('4') }], { padId: 0 })
    const state = new TrainState(model.initParams(1), hyper)
    for (let i = 0; i < 2; i++) await model.sftStep(state, batch, 1e-2)
    const rng = new Rng(77)
    rng.uniform()
    const dir = join(root, 'resume')
    await saveModel(dir, { config, params: state.params, tokenizer, optimizer: state, rngs: { sampling: rng } })

    const loaded = await loadModel(dir)
    const resumed = resumeTrainState(loaded, hyper)
    expect(resumed.step).toBe(2)
    const a = await model.sftStep(state, batch, 1e-2)
    const b = await model.sftStep(resumed, batch, 1e-2)
    expect(b.losses).toEqual(a.losses)
    expect(bits(resumed.params).equals(bits(state.params))).toBe(true)
    expect(bits(resumed.v).equals(bits(state.v))).toBe(true)
    const rngBack = resumeRng(loaded, 'sampling', 0)
    expect([rngBack.uniform(), rngBack.uniform()]).toEqual([rng.uniform(), rng.uniform()])
  })

  it('imports a Qwen2-style Hugging Face directory with the reference log-probs', async () => {
    const qwen = modelConfig('XS', { vocabSize: 64, dModel: 32, nHeads: 4, nKvHeads: 1, ffnDim: 40, attentionBias: true, tieEmbeddings: true, rmsNormEps: 1e-6, ropeTheta: 1e6, maxPositions: 64 })
    // Weights in HF's own names and shapes, as transformers would save them (not through our mapping).
    const rng = new Rng(8)
    const tensors = llamaTensorLayout(qwen).map((s) => {
      const data = new Float32Array(s.shape.reduce((a, b) => a * b, 1))
      if (s.name.endsWith('norm.weight')) rng.fillUniform(data, 0.5, 1.5)
      else rng.fillNormal(data, s.name.endsWith('.bias') ? 0.5 : 0.3)
      return { name: s.name, dtype: 'F32' as const, shape: s.shape, data }
    })
    const dir = join(root, 'qwen2')
    await mkdir(dir)
    await writeSafetensors(join(dir, 'model.safetensors'), tensors, { format: 'pt' })
    await writeJson(join(dir, 'config.json'), hfConfigJson(qwen, { bosTokenId: null, eosTokenIds: [2], padTokenId: 0 }))
    const files = tokenizer.hfFiles()
    await writeJson(join(dir, 'tokenizer.json'), files.tokenizerJson)
    await writeJson(join(dir, 'tokenizer_config.json'), files.tokenizerConfig)

    const loaded = await loadModel(dir)
    expect(loaded.hfConfig.modelType).toBe('qwen2')
    expect(loaded.config).toEqual(qwen)
    const model = new LanguageModel(loaded.config, runtime)
    const seq = tokenizer.encode('12*7=84')
    const batch = packSequences([{ prompt: seq.slice(0, 1), response: seq.slice(1) }], { padId: 0 })
    const { logProbs } = await model.logProbs(loaded.params, batch)
    const ref = referenceLogits(qwen, new Map(tensors.map((t) => [t.name, t.data])), seq.slice(0, -1))
    ref.forEach((row, t) => expect(logProbs[t]).toBeCloseTo(referenceTokenScore(row, seq[t + 1]!).logProb, 4))
  })
})
