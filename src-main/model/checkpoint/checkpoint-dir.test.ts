import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CharTokenizer } from '../tokenizers/char-tokenizer'
import { COMPACT_CHARSET } from '../tokenizers/charsets'
import { readCheckpoint, writeCheckpoint, type CheckpointToSave } from './checkpoint-dir'
import { llamaTensorLayout } from './llama-layout'
import type { ModelConfig } from './model-config'
import { SafetensorsFile } from './safetensors-reader'
import { assertSameParams, type OptimizerState } from './training-state'

const config: ModelConfig = { vocabSize: 64, dModel: 16, nLayers: 2, nHeads: 4, nKvHeads: 2, ffnDim: 32, tieEmbeddings: false, attentionBias: false, ropeTheta: 10000, rmsNormEps: 1e-5, maxPositions: 128 }
const layout = llamaTensorLayout(config)
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1)
const filled = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 1000 + i * 1.7) * 0.1)
const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length))

function weights(seed: number): Map<string, Float32Array> {
  const w = new Map(layout.map((s, k) => [s.name, filled(size(s.shape), seed + k)]))
  // Values a lossy path would change: NaN with a payload, -0, the smallest subnormal.
  w.get('model.norm.weight')!.set(new Float32Array(new Uint32Array([0x7fc0beef, 0x80000000, 0x00000001]).buffer))
  return w
}

function optimizer(step: number): OptimizerState {
  const params = layout.map((s) => ({ name: s.name, shape: s.shape }))
  const total = params.reduce((n, p) => n + size(p.shape), 0)
  return { step, m: filled(total, 7), v: filled(total, 8).map(Math.abs), params }
}

function checkpoint(step: number): CheckpointToSave {
  return { config, weights: weights(step), tokenizer: new CharTokenizer(COMPACT_CHARSET), optimizer: optimizer(step), rng: { sampler: [1, 2, 3, 0xffffffff], tasks: [42] } }
}

let root = ''
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'checkpoint-'))
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('checkpoint directory', () => {
  it('holds a Hugging Face model directory plus optimizer and RNG state and their checksums, and nothing else', async () => {
    const dir = join(root, 'a', 'step-1')
    await writeCheckpoint(dir, checkpoint(1))
    expect((await readdir(dir)).sort()).toEqual(['config.json', 'manifest.json', 'model.safetensors', 'optimizer.safetensors', 'rng.json', 'tokenizer.json', 'tokenizer_config.json'])
    expect(await readdir(join(root, 'a'))).toEqual(['step-1'])
  })

  it('stores every tensor under its HF name and shape, as F32, with format "pt"', async () => {
    const dir = join(root, 'b')
    await writeCheckpoint(dir, checkpoint(1))
    const f = await SafetensorsFile.open(join(dir, 'model.safetensors'))
    try {
      expect(f.metadata).toEqual({ format: 'pt' })
      expect([...f.tensors.values()].map((t) => [t.name, t.dtype, t.shape])).toEqual(layout.map((s) => [s.name, 'F32', s.shape]))
      expect(f.info('model.layers.1.self_attn.k_proj.weight').shape).toEqual([8, 16])
    } finally {
      await f.close()
    }
    const configJson = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'))
    expect(configJson).toMatchObject({ model_type: 'llama', vocab_size: 64, bos_token_id: 1, eos_token_id: 2, pad_token_id: 0 })
  })

  it('reads back bit-exact weights, the config, the tokenizer and the training state', async () => {
    const dir = join(root, 'c')
    const saved = checkpoint(3)
    await writeCheckpoint(dir, saved)
    const loaded = await readCheckpoint(dir)
    expect(loaded.config.model).toEqual(config)
    expect([...loaded.weights.keys()]).toEqual(layout.map((s) => s.name))
    for (const [name, data] of saved.weights) expect(bits(loaded.weights.get(name)!), name).toEqual(bits(data))
    expect(loaded.tokenizer).toBeInstanceOf(CharTokenizer)
    expect((loaded.tokenizer as CharTokenizer).charset).toBe(COMPACT_CHARSET)
    expect(loaded.optimizer!.step).toBe(3)
    expect(loaded.optimizer!.params).toEqual(saved.optimizer!.params)
    expect(bits(loaded.optimizer!.m)).toEqual(bits(saved.optimizer!.m))
    expect(bits(loaded.optimizer!.v)).toEqual(bits(saved.optimizer!.v))
    expect(loaded.rng).toEqual(saved.rng)
  })

  it('replaces an existing checkpoint whole', async () => {
    const dir = join(root, 'd', 'latest')
    await writeCheckpoint(dir, checkpoint(1))
    await writeCheckpoint(dir, { ...checkpoint(2), optimizer: undefined, rng: undefined })
    const loaded = await readCheckpoint(dir)
    expect(bits(loaded.weights.get('lm_head.weight')!)).toEqual(bits(weights(2).get('lm_head.weight')!))
    // The new version had no training state: none may survive from the old one.
    expect(loaded.optimizer).toBeNull()
    expect(loaded.rng).toBeNull()
    expect(await readdir(join(root, 'd'))).toEqual(['latest'])
  })

  it('leaves the previous checkpoint intact, and no temporary files, when a write fails', async () => {
    const dir = join(root, 'e', 'latest')
    await writeCheckpoint(dir, checkpoint(1))
    const broken = checkpoint(2)
    broken.weights = new Map(broken.weights)
    ;(broken.weights as Map<string, Float32Array>).delete('model.layers.0.mlp.up_proj.weight')
    await expect(writeCheckpoint(dir, broken)).rejects.toThrow(/missing \(1\): model\.layers\.0\.mlp\.up_proj\.weight \[32, 16\]/)
    const loaded = await readCheckpoint(dir)
    expect(loaded.optimizer!.step).toBe(1)
    expect(await readdir(join(root, 'e'))).toEqual(['latest'])
  })

  it('refuses weights of the wrong size and a tokenizer larger than the vocabulary', async () => {
    const wrong = checkpoint(1)
    wrong.weights = new Map(wrong.weights).set('model.norm.weight', new Float32Array(15))
    await expect(writeCheckpoint(join(root, 'f'), wrong)).rejects.toThrow('wrong shape (1): model.norm.weight: expected [16], found [15]')
    await expect(writeCheckpoint(join(root, 'f'), { ...checkpoint(1), tokenizer: new CharTokenizer() })).rejects.toThrow("the tokenizer has 99 ids but the model's vocabSize is 64")
    await expect(readdir(join(root, 'f'))).rejects.toThrow('ENOENT')
  })

  it('checks optimizer buffers against the parameter layout', async () => {
    const bad = checkpoint(1)
    bad.optimizer = { ...bad.optimizer!, v: new Float32Array(3) }
    await expect(writeCheckpoint(join(root, 'g'), bad)).rejects.toThrow(/optimizer\.safetensors: v has 3 values but the parameters hold \d+/)
    const params = optimizer(1).params
    expect(() => assertSameParams(params, params, 'ckpt')).not.toThrow()
    const swapped = [params[1]!, params[0]!, ...params.slice(2)]
    expect(() => assertSameParams(params, swapped, 'ckpt')).toThrow('ckpt: the saved optimizer state does not fit the current parameters: at position 0 it has model.embed_tokens.weight[64,16], the model has model.layers.0.input_layernorm.weight[16]')
    expect(() => assertSameParams(params, params.slice(0, -1), 'ckpt')).toThrow(`at position ${params.length - 1} it has lm_head.weight[64,16], the model has nothing`)
  })
})
