// Measured by hand, once, not in npm test (issue 11's closing note): what stops a 0.5B model from training here.
// Builds the Qwen2.5-0.5B shape (hidden 896, 24 layers, 14 heads / 2 KV heads, intermediate 4864, vocabulary 151,936,
// tied head, q/k/v biases) with random weights, then times one rollout (batched generation with the KV cache) and
// one PPO policy step (forward, backward, clip, AdamW), printing wall time and the process's peak memory after each.
//   npx tsx src-main/model/bench/half-billion.measure.ts [--rows 1] [--prompt 64] [--response 64] [--sequences 4] [--new 32] [--weight-decay 0] [--layers 24]
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { DEFAULT_ADAMW, Rng, Runtime, TrainState, hostTensor } from '../../engine'
import { MODEL_IO } from '../programs'
import { ppoPolicyLoss, RL_IO } from '../../rl/loop/rl-programs'
import { parameterCount, type ModelConfig } from '../config'
import { generate } from '../generation/generate'
import { LanguageModel } from '../language-model'
import { packSequences } from '../token-batch'

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1' },
    prompt: { type: 'string', default: '64' },
    response: { type: 'string', default: '64' },
    sequences: { type: 'string', default: '4' },
    new: { type: 'string', default: '32' },
    threads: { type: 'string', default: '2' },
    // With weight decay the train step embeds the per-parameter decay mask as a [P] constant (2 GiB here): building
    // and loading that program did not finish in 30 minutes on a 2-core machine. 0 measures the step without it.
    'weight-decay': { type: 'string', default: '0' },
    /** Fewer layers than the 24 of the real shape, to see how time and memory grow where the full model does not fit. */
    layers: { type: 'string', default: '24' },
  },
})
const QWEN25_05B: ModelConfig = {
  vocabSize: 151_936,
  dModel: 896,
  nLayers: 24,
  nHeads: 14,
  nKvHeads: 2,
  ffnDim: 4864,
  tieEmbeddings: true,
  attentionBias: true,
  ropeTheta: 1_000_000,
  rmsNormEps: 1e-6,
  maxPositions: 512,
}

/** Peak resident memory of this process so far (VmHWM), in GiB. */
function peakGiB(): number {
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0)
  return kb / 2 ** 20
}
const seconds = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1)
const log = (what: string) => console.log(`${what} · peak RSS ${peakGiB().toFixed(2)} GiB`)

const config = { ...QWEN25_05B, nLayers: Number(values.layers) }
console.log(`Qwen2.5-0.5B shape with ${config.nLayers} layers: ${(parameterCount(config) / 1e6).toFixed(1)}M parameters (${((parameterCount(config) * 4) / 2 ** 30).toFixed(2)} GiB in f32)`)
const runtime = await Runtime.create({ executionProvider: 'cpu', intraOpNumThreads: Number(values.threads) })
const model = new LanguageModel(config, runtime)
let t0 = performance.now()
const params = model.initParams(1)
log(`random init ${seconds(t0)} s`)

const rng = new Rng(5)
const randomTokens = (n: number) => Array.from({ length: n }, () => rng.nextUint32() % 150_000)

// One rollout: `sequences` prompts, `new` sampled tokens each, temperature 1.
const sequences = Number(values.sequences)
const newTokens = Number(values.new)
t0 = performance.now()
const rollout = await generate(model, params, Array.from({ length: sequences }, () => randomTokens(Number(values.prompt))), {
  maxNewTokens: newTokens,
  stopTokens: [],
  seed: 1,
  temperature: 1,
})
const t = rollout.timings
log(`rollout ${sequences} × (${values.prompt} + ${newTokens}) tokens: ${seconds(t0)} s (compile ${(t.programMs / 1000).toFixed(1)} s, one run of prefill + ${t.decodeSteps} decode steps ${(t.runMs / 1000).toFixed(1)} s = ${(t.runMs / Math.max(1, t.decodeSteps + 1)).toFixed(0)} ms/token step, host ${(t.hostMs / 1000).toFixed(1)} s)`)

// One PPO policy step on `rows` sequences of prompt + response tokens.
const rows = Number(values.rows)
const responseLength = Number(values.response)
const batch = packSequences(
  Array.from({ length: rows }, () => ({ prompt: randomTokens(Number(values.prompt)), response: randomTokens(responseLength) })),
  { padId: 0, seq: Number(values.prompt) + responseLength, batch: rows, vocabSize: config.vocabSize },
)
const state = new TrainState(params, { ...DEFAULT_ADAMW, weightDecay: Number(values['weight-decay']), maxGradNorm: 1 })
log('train state (params + AdamW moments)')
const loss = ppoPolicyLoss({ clipRange: 0.2, reduction: 'token-mean', entropyCoef: 0, klCoef: 0 })
t0 = performance.now()
const program = await model.trainProgram(loss, batch, state.hyper)
log(`policy-step program built and compiled: ${seconds(t0)} s`)
const dims = [batch.batch, batch.seq]
const old = await model.logProbs(params, batch, 1)
const advantages = Float32Array.from(batch.mask, (m, i) => m * Math.sin(i))
t0 = performance.now()
const result = await state.run(
  program,
  1e-6,
  {
    [MODEL_IO.tokens]: hostTensor(batch.tokens, dims),
    [MODEL_IO.targets]: hostTensor(batch.targets, dims),
    [MODEL_IO.mask]: hostTensor(batch.mask, dims),
    [MODEL_IO.temperature]: hostTensor(Float32Array.of(1), []),
    [RL_IO.oldLogProbs]: hostTensor(old.logProbs, dims),
    [RL_IO.advantages]: hostTensor(advantages, dims),
  },
  ['pg_loss'],
)
log(`one policy step on ${rows} × ${batch.seq} tokens: ${seconds(t0)} s (loss ${result.losses[0]!.toFixed(4)}, grad norm ${result.gradNorms[0]!.toFixed(3)})`)
await runtime.dispose()
