import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CharTokenizer } from '../tokenizers/char-tokenizer'
import { hfConfigJson } from './hf-config'
import { readHfModelDir } from './hf-model-dir'
import { llamaTensorLayout, type TensorSpec } from './llama-layout'
import type { ModelConfig } from './model-config'
import { writeSafetensors, type TensorToWrite } from './safetensors-writer'

// A Qwen2-style model (q/k/v biases, tied embedding) saved the way the Hub ships them: BF16, sharded.
const config: ModelConfig = { vocabSize: 40, dModel: 8, nLayers: 2, nHeads: 2, nKvHeads: 1, ffnDim: 12, tieEmbeddings: true, attentionBias: true, ropeTheta: 1e6, rmsNormEps: 1e-6, maxPositions: 64 }
const layout = llamaTensorLayout(config)
const tokenizer = new CharTokenizer('abcdefghij0123456789 +=\n')
const numel = (s: TensorSpec) => s.shape.reduce((a, b) => a * b, 1)
/** Distinct BF16 patterns per tensor; as float32 each is exactly the pattern shifted up 16 bits. */
const bf16 = (k: number, n: number) => Uint16Array.from({ length: n }, (_, i) => 0x3c00 + ((k * 37 + i) % 0x300))
const asF32 = (b: Uint16Array) => new Float32Array(new Uint32Array(Array.from(b, (x) => x << 16)).buffer)
const tensor = (s: TensorSpec, k: number): TensorToWrite => ({ name: s.name, dtype: 'BF16', shape: s.shape, data: bf16(k, numel(s)) })

let root = ''
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hf-import-'))
})
afterAll(() => rm(root, { recursive: true, force: true }))

async function modelDir(name: string, configJson: object = hfConfigJson(config, { bosTokenId: 1, eosTokenIds: [2], padTokenId: 0 }, 'bfloat16')): Promise<string> {
  const dir = join(root, name)
  await mkdir(dir)
  const { tokenizerJson, tokenizerConfig } = tokenizer.hfFiles()
  await writeFile(join(dir, 'config.json'), JSON.stringify(configJson))
  await writeFile(join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson))
  await writeFile(join(dir, 'tokenizer_config.json'), JSON.stringify(tokenizerConfig))
  return dir
}

async function shardedDir(name: string, weightMapEdit: (m: Record<string, string>) => void = () => {}): Promise<string> {
  const dir = await modelDir(name)
  const tensors = layout.map(tensor)
  // Older exports saved RoPE's inverse frequencies; transformers ignores them, and so do we.
  tensors.push({ name: 'model.layers.0.self_attn.rotary_emb.inv_freq', dtype: 'F32', shape: [2], data: new Float32Array([1, 0.001]) })
  const first = tensors.slice(0, 9)
  const second = tensors.slice(9)
  await writeSafetensors(join(dir, 'model-00001-of-00002.safetensors'), first, { format: 'pt' })
  await writeSafetensors(join(dir, 'model-00002-of-00002.safetensors'), second, { format: 'pt' })
  const weightMap: Record<string, string> = {}
  for (const t of first) weightMap[t.name] = 'model-00001-of-00002.safetensors'
  for (const t of second) weightMap[t.name] = 'model-00002-of-00002.safetensors'
  weightMapEdit(weightMap)
  await writeFile(join(dir, 'model.safetensors.index.json'), JSON.stringify({ metadata: { total_size: 0 }, weight_map: weightMap }))
  return dir
}

describe('importing a local Hugging Face model directory', () => {
  it('reads sharded BF16 weights as float32, by layout, with config and tokenizer', async () => {
    const model = await readHfModelDir(await shardedDir('sharded'))
    expect(model.config).toMatchObject({ modelType: 'qwen2', model: config, torchDtype: 'bfloat16' })
    expect([...model.weights.keys()]).toEqual(layout.map((s) => s.name))
    layout.forEach((s, k) => expect(model.weights.get(s.name), s.name).toEqual(asF32(bf16(k, numel(s)))))
    expect(model.tokenizer.encode('1+1=2')).toEqual(tokenizer.encode('1+1=2'))
  })

  it('accepts the copy of a tied embedding that some exports save as lm_head.weight', async () => {
    const dir = await modelDir('tied-copy')
    const tensors = [...layout.map(tensor), { name: 'lm_head.weight', dtype: 'BF16', shape: [40, 8], data: bf16(0, 320) } as TensorToWrite]
    await writeSafetensors(join(dir, 'model.safetensors'), tensors, { format: 'pt' })
    const model = await readHfModelDir(dir)
    expect(model.weights.has('lm_head.weight')).toBe(false)
    expect(model.weights.size).toBe(layout.length)
  })

  it('names a tensor missing from every shard', async () => {
    const dir = join(root, 'missing')
    await modelDir('missing')
    await writeSafetensors(join(dir, 'model.safetensors'), layout.filter((s) => s.name !== 'model.layers.1.self_attn.v_proj.bias').map(tensor))
    await expect(readHfModelDir(dir)).rejects.toThrow(`${dir}: tensors do not match the Llama layout of the config:\n  missing (1): model.layers.1.self_attn.v_proj.bias [4]`)
  })

  it('rejects an index that points at a tensor its shard lacks, or outside the directory', async () => {
    const misplaced = await shardedDir('misplaced', (m) => (m['model.norm.weight'] = 'model-00001-of-00002.safetensors'))
    await expect(readHfModelDir(misplaced)).rejects.toThrow(`${misplaced}/model.safetensors.index.json: weight_map puts "model.norm.weight" in model-00001-of-00002.safetensors, which has no such tensor`)
    const escaping = await shardedDir('escaping', (m) => (m['model.norm.weight'] = '../sharded/model-00002-of-00002.safetensors'))
    await expect(readHfModelDir(escaping)).rejects.toThrow('weight_map "model.norm.weight" must name a file in the same directory')
    const absent = await shardedDir('absent', (m) => (m['model.norm.weight'] = 'model-00003-of-00002.safetensors'))
    await expect(readHfModelDir(absent)).rejects.toThrow(/ENOENT.*model-00003-of-00002\.safetensors/)
  })

  it('says what is missing from a directory without safetensors weights or config', async () => {
    const dir = await modelDir('no-weights')
    await expect(readHfModelDir(dir)).rejects.toThrow(`${dir}: neither model.safetensors nor model.safetensors.index.json found`)
    await expect(readHfModelDir(join(root, 'nothing'))).rejects.toThrow(/nothing\/config\.json: not found/)
  })

  it('rejects a tokenizer with more ids than the model has embeddings', async () => {
    const dir = await modelDir('small-vocab', hfConfigJson({ ...config, vocabSize: 20 }, { bosTokenId: 1, eosTokenIds: [2], padTokenId: 0 }))
    await expect(readHfModelDir(dir)).rejects.toThrow(`${dir}: the tokenizer has 27 ids but config.json vocab_size is 20`)
  })
})
