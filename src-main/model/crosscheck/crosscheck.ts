// Cross-check against PyTorch (not part of `npm test`): `npx tsx src-main/model/crosscheck/crosscheck.ts`.
// For each case: writes a checkpoint with the project's own saveModel, scores fixed inputs with the `logprobs`
// program, takes one sftStep and saves the result; then crosscheck.py (Debian's torch via /usr/bin/python3) loads
// the first checkpoint into an independent PyTorch implementation and reports the largest differences in per-token
// log-probs and, after one AdamW step from the same weights, in every parameter. Exits non-zero past the limits.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type AdamWHyper, Rng, Runtime, TrainState } from '../../engine'
import { CharTokenizer } from '../tokenizers/char-tokenizer'
import { COMPACT_CHARSET } from '../tokenizers/charsets'
import { type ModelConfig, modelConfig } from '../config'
import { LanguageModel } from '../language-model'
import { saveModel } from '../model-checkpoint'
import { packSequences } from '../token-batch'

const PYTHON = process.env.PYTHON ?? '/usr/bin/python3'
const LOGPROB_LIMIT = 1e-4
const here = dirname(fileURLToPath(import.meta.url))

const CASES: [string, ModelConfig][] = [
  ['S preset', modelConfig('S')],
  ['S with grouped-query attention (4 heads, 2 kv heads)', modelConfig('S', { nKvHeads: 2 })],
  ['Qwen2-style: q/k/v biases, tied embedding, theta 1e6', modelConfig('XS', { attentionBias: true, tieEmbeddings: true, ropeTheta: 1e6, rmsNormEps: 1e-6, nKvHeads: 1 })],
]

interface Report {
  logprobs: { temperature: number; tokens: number; max_abs_diff_logprob: number; max_abs_diff_entropy: number }[]
  sft_step: {
    loss_torch: number
    loss_ours: number
    grad_norm_torch: number
    grad_norm_ours: number
    max_abs_diff_params_after: number
    worst_tensor: string
    update_relative_l2_diff: number
    weights_differing_by_over_lr_10: number
    weights: number
  }
}

/** Initial weights are tiny (std 0.02) and give near-uniform predictions; these give peaked, position-dependent ones. */
function sharpen(model: LanguageModel, params: Float32Array, rng: Rng): void {
  for (const e of model.layout.entries) {
    const view = params.subarray(e.offset, e.offset + e.size)
    if (e.init.kind === 'normal') view.forEach((v, i) => (view[i] = v * 4))
    else rng.fillUniform(view, 0.5, 1.5)
  }
}

async function runCase(runtime: Runtime, root: string, name: string, config: ModelConfig): Promise<boolean> {
  const tokenizer = new CharTokenizer(COMPACT_CHARSET)
  const model = new LanguageModel(config, runtime)
  const rng = new Rng(2024)
  const params = model.initParams(7)
  sharpen(model, params, rng)
  const lines = ['12+30=42', 'the cat sat on the mat', '(3*4)-5=7', 'x^2+y^2=z^2', 'abcdefghijklmnopqrstuvwxyz0123456789']
  const batch = packSequences(
    lines.map((l) => {
      const ids = [tokenizer.bosId, ...tokenizer.encode(l), tokenizer.eosId]
      return { prompt: ids.slice(0, 4), response: ids.slice(4) }
    }),
    { padId: tokenizer.padId },
  )
  const before = join(root, `${name.replace(/\W+/g, '_')}_before`)
  const after = join(root, `${name.replace(/\W+/g, '_')}_after`)
  await saveModel(before, { config, params, tokenizer })
  const scores = []
  for (const temperature of [1, 0.7]) {
    const s = await model.logProbs(params, batch, temperature)
    scores.push({ temperature, logProbs: Array.from(s.logProbs), entropy: Array.from(s.entropy) })
  }
  const hyper: AdamWHyper = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, maxGradNorm: 1 }
  const lr = 1e-3
  const state = new TrainState(params.slice(), hyper)
  const step = await model.sftStep(state, batch, lr)
  await saveModel(after, { config, params: state.params, tokenizer })

  const casePath = join(root, `${name.replace(/\W+/g, '_')}.json`)
  const list = (a: BigInt64Array) => Array.from({ length: batch.batch }, (_, b) => Array.from(a.subarray(b * batch.seq, (b + 1) * batch.seq), Number))
  await writeFile(
    casePath,
    JSON.stringify({
      before,
      after,
      tokens: list(batch.tokens),
      targets: list(batch.targets),
      mask: Array.from({ length: batch.batch }, (_, b) => Array.from(batch.mask.subarray(b * batch.seq, (b + 1) * batch.seq))),
      scores,
      hyper,
      lr,
      sft: { loss: step.losses[0], gradNorm: step.gradNorms[0] },
    }),
  )
  const report = JSON.parse(execFileSync(PYTHON, [join(here, 'crosscheck.py'), casePath], { encoding: 'utf8' })) as Report
  console.log(`\n== ${name}: ${(model.layout.size / 1e6).toFixed(2)}M parameters, ${batch.batch} x ${batch.seq} tokens`)
  let ok = true
  for (const r of report.logprobs) {
    const pass = r.max_abs_diff_logprob < LOGPROB_LIMIT
    ok &&= pass
    console.log(`log-probs at temperature ${r.temperature}: max |ours - torch| = ${r.max_abs_diff_logprob.toExponential(2)} over ${r.tokens} tokens (entropy ${r.max_abs_diff_entropy.toExponential(2)}) ${pass ? 'OK' : `FAIL (limit ${LOGPROB_LIMIT})`}`)
  }
  const s = report.sft_step
  const relativeNorm = Math.abs(s.grad_norm_ours - s.grad_norm_torch) / s.grad_norm_torch
  // The update as a whole must agree; single weights whose gradient is ~0 may not (see crosscheck.py).
  const pass = s.update_relative_l2_diff < 1e-3 && Math.abs(s.loss_ours - s.loss_torch) < 1e-4 && relativeNorm < 1e-4
  ok &&= pass
  console.log(`sftStep: loss ours ${s.loss_ours.toFixed(6)} / torch ${s.loss_torch.toFixed(6)}; grad norm ours ${s.grad_norm_ours.toFixed(5)} / torch ${s.grad_norm_torch.toFixed(5)} (relative ${relativeNorm.toExponential(1)})`)
  console.log(
    `  after one AdamW step (lr ${lr}): update relative L2 difference ${s.update_relative_l2_diff.toExponential(2)}; max |ours - torch| ${s.max_abs_diff_params_after.toExponential(2)} ` +
      `(${s.worst_tensor}); ${s.weights_differing_by_over_lr_10} of ${s.weights} weights differ by > lr/10 ${pass ? 'OK' : 'FAIL'}`,
  )
  return ok
}

async function main(): Promise<void> {
  if (!existsSync(PYTHON)) {
    console.log(`skipped: ${PYTHON} not found (install python3-torch and libopenblas0-pthread, or set PYTHON)`)
    return
  }
  const root = await mkdtemp(join(tmpdir(), 'model-crosscheck-'))
  const runtime = await Runtime.create({ executionProvider: 'cpu' })
  let ok = true
  try {
    for (const [name, config] of CASES) ok = (await runCase(runtime, root, name, config)) && ok
  } finally {
    await runtime.dispose()
    await rm(root, { recursive: true, force: true })
  }
  console.log(ok ? '\nall cross-checks passed' : '\ncross-check FAILED')
  if (!ok) process.exitCode = 1
}

await main()
