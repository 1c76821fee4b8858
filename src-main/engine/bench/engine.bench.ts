// `npm run bench:engine`: one training step (forward + backward + clip + AdamW) of a 4-layer Llama-style stack
// sized like the model issue's S workload, timed against this machine's own f32 MatMul throughput measured in
// the same run (their ratio is the MFU). Medians only: these machines are noisy (docs/environment.md).
import { stackData, stackLoss, stackParams, stackTrainFlops, type StackConfig } from '../nn/transformer-stack'
import { type AdamWHyper, DEFAULT_ADAMW } from '../optim/adamw'
import { ParamLayout } from '../optim/param-layout'
import { buildTrainStepGraph } from '../optim/train-step'
import { TrainState } from '../optim/train-state'
import { Rng } from '../runtime/random'
import { type CompiledProgram, Runtime } from '../runtime/runtime'
import { type Feeds, hostTensor } from '../runtime/tensors'
import { matmulProbe, median, printLoadAtEnd, printMachine } from './machine'

const S: StackConfig = { vocab: 64, width: 256, layers: 4, heads: 4, ffn: 704, batch: 16, seq: 128 }
const STEPS = Number(process.env.BENCH_STEPS ?? 10)
const LOOP_K = 4

function stackFeeds(c: StackConfig, rng: Rng, stack = 1): Feeds {
  const n = stack * c.batch * c.seq
  const dims = stack === 1 ? [c.batch, c.seq] : [stack, c.batch, c.seq]
  const tokens = BigInt64Array.from({ length: n }, () => BigInt(Math.floor(rng.uniform() * c.vocab)))
  return {
    tokens: hostTensor(tokens, dims),
    targets: hostTensor(tokens.map((t) => (t * 7n + 3n) % BigInt(c.vocab)), dims),
    mask: hostTensor(new Float32Array(n).fill(1), dims),
  }
}

async function trainStepProgram(runtime: Runtime, layout: ParamLayout, hyper: AdamWHyper, stepsPerRun: number): Promise<CompiledProgram> {
  const name = stepsPerRun === 1 ? 'bench-train' : `bench-train-loop${stepsPerRun}`
  return runtime.program(name, `B${S.batch}xT${S.seq}`, () =>
    buildTrainStepGraph({ name, layout, hyper, stepsPerRun, data: stackData(S), loss: stackLoss(S) }),
  )
}

async function main(): Promise<void> {
  const threads = Number(process.env.BENCH_THREADS ?? 2)
  await printMachine('bench:engine', threads)
  const runtime = await Runtime.create({ intraOpNumThreads: threads, allowSpinning: false })
  console.log(`execution provider: ${runtime.provider.provider} (${runtime.provider.reason})`)
  console.log(`threads: ${runtime.options.intraOpNumThreads}, spinning: ${runtime.options.allowSpinning}`)
  const layout = new ParamLayout(stackParams(S))
  const hyper = { ...DEFAULT_ADAMW, weightDecay: 0.01 }
  const flops = stackTrainFlops(S)
  console.log(
    `workload: vocab ${S.vocab}, d ${S.width}, ${S.layers} layers, ${S.heads} heads, ffn ${S.ffn}, batch ${S.batch} x seq ${S.seq}; ` +
      `${(layout.size / 1e6).toFixed(2)}M parameters, ${(flops / 1e9).toFixed(1)} GFLOP per step`,
  )

  const tBuild = performance.now()
  const single = await trainStepProgram(runtime, layout, hyper, 1)
  console.log(`train-step program: ${single.nodeCount} nodes, built and loaded in ${(performance.now() - tBuild).toFixed(0)} ms`)
  const rng = new Rng(1)
  const state = new TrainState(layout.initialise(rng), hyper)
  const feeds = stackFeeds(S, rng)
  // The machines are shared and their speed drifts within a minute, so the MatMul probes are interleaved with the
  // timed steps and every figure is a median over the same stretch of time.
  const peakProbe = await matmulProbe(runtime, 1024, 1024, 1024)
  const shapedProbe = await matmulProbe(runtime, S.batch * S.seq, S.width, 2 * S.ffn)
  const peaks: number[] = []
  const shapedPeaks: number[] = []
  const stepTimes: number[] = []
  for (let i = 0; i < 3; i++) await state.run(single, 1e-3, feeds)
  for (let i = 0; i < STEPS; i++) {
    const t0 = performance.now()
    await state.run(single, 1e-3, feeds)
    stepTimes.push(performance.now() - t0)
    peaks.push(await peakProbe(), await peakProbe())
    shapedPeaks.push(await shapedProbe())
  }
  const stepMs = median(stepTimes)
  const peak = median(peaks)
  const shaped = median(shapedPeaks)
  const achieved = flops / (stepMs * 1e6)

  // Loop vs one step per run(), paired round by round so both see the same machine load.
  const looped = await trainStepProgram(runtime, layout, hyper, LOOP_K)
  const loopState = new TrainState(state.params.slice(), hyper, LOOP_K)
  const loopFeeds = stackFeeds(S, rng, LOOP_K)
  await loopState.run(looped, 1e-3, loopFeeds)
  const loopStepTimes: number[] = []
  const pairedStepTimes: number[] = []
  for (let round = 0; round < Math.max(2, Math.ceil(STEPS / LOOP_K)); round++) {
    let t0 = performance.now()
    await loopState.run(looped, 1e-3, loopFeeds)
    loopStepTimes.push((performance.now() - t0) / LOOP_K)
    t0 = performance.now()
    for (let k = 0; k < LOOP_K; k++) await state.run(single, 1e-3, feeds)
    pairedStepTimes.push((performance.now() - t0) / LOOP_K)
  }
  const loopStepMs = median(loopStepTimes)
  const pairedStepMs = median(pairedStepTimes)

  console.log('')
  console.log(`train step (fwd+bwd+AdamW): median ${stepMs.toFixed(1)} ms/step over ${STEPS} steps (min ${Math.min(...stepTimes).toFixed(1)}, max ${Math.max(...stepTimes).toFixed(1)})`)
  console.log(`achieved: ${achieved.toFixed(1)} GFLOP/s`)
  console.log(`f32 MatMul 1024^3, interleaved with the steps: ${peak.toFixed(1)} GFLOP/s (model-shaped ${S.batch * S.seq}x${S.width}x${2 * S.ffn}: ${shaped.toFixed(1)} GFLOP/s)`)
  console.log(`MFU (achieved / MatMul peak): ${((100 * achieved) / peak).toFixed(1)}%`)
  console.log(
    `ONNX Loop, ${LOOP_K} steps per run(): median ${loopStepMs.toFixed(1)} ms/step vs ${pairedStepMs.toFixed(1)} ms/step one step ` +
      `per run() in the same rounds (${((100 * (pairedStepMs - loopStepMs)) / pairedStepMs).toFixed(1)}% saved)`,
  )
  await runtime.dispose()
  printLoadAtEnd()
}

await main()
