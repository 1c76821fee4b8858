// Manual cross-check against PyTorch (not part of `npm test`: it needs Debian's python3-torch).
//   apt-get install -y python3-torch && npx tsx src-main/model/checkpoint/crosscheck/crosscheck.ts
// Writes a checkpoint with our writer (a tiny Llama and a tiny Qwen2, with awkward float values) and a file of
// every dtype, has read_safetensors.py read each file with torch.frombuffer, and compares every tensor's dtype,
// shape and values (float32 bit patterns after widening) with what our reader returns.
import { execFileSync } from 'node:child_process'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CharTokenizer } from '../../tokenizers/char-tokenizer'
import { writeCheckpoint } from '../checkpoint-dir'
import { llamaTensorLayout } from '../llama-layout'
import type { ModelConfig } from '../model-config'
import { SafetensorsFile } from '../safetensors-reader'
import { writeSafetensors } from '../safetensors-writer'

const PYTHON = '/usr/bin/python3'
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'read_safetensors.py')
type PyTensor = { dtype: string; shape: number[]; values: number[] }

const AWKWARD_F32_BITS = [0x7fc0beef, 0xff800001, 0x80000000, 0x00000001, 0x807fffff, 0x7f7fffff, 0x7f800000]

async function writeSamples(root: string): Promise<string[]> {
  const base: ModelConfig = { vocabSize: 64, dModel: 16, nLayers: 2, nHeads: 4, nKvHeads: 2, ffnDim: 24, tieEmbeddings: false, attentionBias: false, ropeTheta: 10000, rmsNormEps: 1e-5, maxPositions: 64 }
  const files: string[] = []
  for (const config of [base, { ...base, attentionBias: true, tieEmbeddings: true }]) {
    const weights = new Map(
      llamaTensorLayout(config).map((s, k) => [s.name, Float32Array.from({ length: s.shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(k * 100 + i) * 0.05)]),
    )
    weights.get('model.embed_tokens.weight')!.set(new Float32Array(new Uint32Array(AWKWARD_F32_BITS).buffer))
    const dir = join(root, config.attentionBias ? 'qwen2' : 'llama')
    const params = llamaTensorLayout(config)
    const total = params.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0)
    await writeCheckpoint(dir, { config, weights, tokenizer: new CharTokenizer('0123456789+-*/=() \nabcdefghijklmnopqrstuvwxyz'), optimizer: { step: 5, m: new Float32Array(total).fill(0.25), v: new Float32Array(total).fill(1e-8), params } })
    for (const f of await readdir(dir)) if (f.endsWith('.safetensors')) files.push(join(dir, f))
  }
  const dtypes = join(root, 'dtypes.safetensors')
  await writeSafetensors(dtypes, [
    { name: 'f16', dtype: 'F16', shape: [2, 5], data: new Uint16Array([0x3c00, 0xc000, 0x7bff, 0x0001, 0x03ff, 0x8000, 0x7c00, 0xfc00, 0x7e01, 0xfc01]) },
    { name: 'bf16', dtype: 'BF16', shape: [6], data: new Uint16Array([0x3f80, 0xc049, 0x0001, 0x8000, 0x7fc1, 0xff81]) },
    { name: 'i64', dtype: 'I64', shape: [3], data: new BigInt64Array([-5n, 0n, 2n ** 40n]) },
    { name: 'i32', dtype: 'I32', shape: [3], data: new Int32Array([-2147483648, 0, 2147483647]) },
    { name: 'u8', dtype: 'U8', shape: [3], data: new Uint8Array([0, 128, 255]) },
    { name: 'empty', dtype: 'F32', shape: [0, 3], data: new Float32Array(0) },
  ])
  files.push(dtypes)
  return files
}

async function compare(path: string): Promise<string[]> {
  const theirs = JSON.parse(execFileSync(PYTHON, [SCRIPT, path], { encoding: 'utf8', maxBuffer: 1 << 28 })) as Record<string, PyTensor>
  const file = await SafetensorsFile.open(path)
  const problems: string[] = []
  try {
    const { __metadata__: metadata, ...tensors } = theirs
    if (JSON.stringify(metadata) !== JSON.stringify(file.metadata)) problems.push(`${path}: metadata differs`)
    if (Object.keys(tensors).length !== file.tensors.size) problems.push(`${path}: tensor count differs`)
    for (const [name, py] of Object.entries(tensors)) {
      const info = file.info(name)
      const ours: number[] = ['F32', 'F16', 'BF16'].includes(info.dtype)
        ? Array.from(new Int32Array((await file.readF32(name)).buffer))
        : Array.from((await file.readRaw(name)) as ArrayLike<number | bigint>, (x) => Number(x))
      if (py.dtype !== info.dtype || JSON.stringify(py.shape) !== JSON.stringify(info.shape)) problems.push(`${path} ${name}: dtype/shape differ`)
      const firstDiff = ours.findIndex((x, i) => x !== py.values[i])
      if (firstDiff >= 0 || ours.length !== py.values.length) {
        const i = Math.max(firstDiff, 0)
        problems.push(`${path} ${name}[${i}]: ours 0x${((ours[i] ?? 0) >>> 0).toString(16)}, PyTorch 0x${((py.values[i] ?? 0) >>> 0).toString(16)}`)
      }
    }
    return problems
  } finally {
    await file.close()
  }
}

const root = await mkdtemp(join(tmpdir(), 'crosscheck-'))
try {
  const files = await writeSamples(root)
  const problems = (await Promise.all(files.map(compare))).flat()
  console.log(`${files.length} files compared with PyTorch ${execFileSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' }).trim()}`)
  for (const p of problems) console.log(`DIFFERENT ${p}`)
  if (problems.length === 0) console.log('every tensor identical (dtype, shape, float32 bits)')
  process.exitCode = problems.length === 0 ? 0 : 1
} finally {
  await rm(root, { recursive: true, force: true })
}
