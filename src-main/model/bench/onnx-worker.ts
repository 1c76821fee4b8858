// The project's side of `npm run bench:model`: one workload per process (so its peak RSS is its own), driven by
// model.bench.ts over stdin/stdout, one JSON object per line. Commands: `run N` (N timed repetitions), `peak N`
// (f32 MatMul 1024^3 throughput probes, interleaved with the workload by the driver), `rss` (peak RSS so far),
// `profile` (ORT's per-op profile of the workload, in a second session: ask for the RSS first), `exit`.
import { readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { DEFAULT_ADAMW, Graph, Rng, Runtime, TrainState, hostTensor, ops, serializeModel } from '../../engine'
import * as ort from 'onnxruntime-node'
import { modelConfig } from '../config'
import { generate } from '../generation/generate'
import { buildDecodeGraph } from '../generation/programs'
import { KvCache } from '../generation/kv-cache'
import { LanguageModel } from '../language-model'
import { SFT_LOSS, buildPolicyStepGraph, paramFeeds } from '../programs'
import { packSequences } from '../token-batch'
import { DECODE, TRAIN } from './workloads'

const workload = process.argv[2]
const reply = (o: unknown) => process.stdout.write(JSON.stringify(o) + '\n')

async function main(): Promise<void> {
  const runtime = await Runtime.create({ executionProvider: 'cpu', intraOpNumThreads: TRAIN.threads })
  const config = modelConfig('S')
  const model = new LanguageModel(config, runtime)
  const rng = new Rng(1)
  const randomIds = (n: number) => Array.from({ length: n }, () => Math.floor(rng.uniform() * config.vocabSize))
  let once: () => Promise<Record<string, number>>
  let profileGraph: () => { graph: Graph; feeds: Record<string, ort.Tensor> }

  if (workload === 'train') {
    const batch = packSequences(
      Array.from({ length: TRAIN.batch }, () => ({ prompt: randomIds(1), response: randomIds(TRAIN.seq) })),
      { padId: 0 },
    )
    const state = new TrainState(model.initParams(1), DEFAULT_ADAMW)
    once = async () => ({ loss: (await model.sftStep(state, batch, 1e-3)).losses[0]! })
    profileGraph = () => {
      const dims = [batch.batch, batch.seq]
      const P = state.params.length
      return {
        graph: buildPolicyStepGraph(config, batch, DEFAULT_ADAMW, SFT_LOSS),
        feeds: {
          tokens: hostTensor(batch.tokens, dims), targets: hostTensor(batch.targets, dims), mask: hostTensor(batch.mask, dims),
          params: hostTensor(state.params, [P]), adam_m: hostTensor(state.m, [P]), adam_v: hostTensor(state.v, [P]),
          lr: hostTensor(new Float32Array([1e-3]), []), bias_correction1: hostTensor(new Float32Array([0.1]), []), bias_correction2: hostTensor(new Float32Array([0.01]), []),
        },
      }
    }
  } else if (workload === 'decode') {
    const params = model.initParams(1)
    const prompts = Array.from({ length: DECODE.sequences }, () => randomIds(DECODE.prompt))
    let seed = 0
    once = async () => {
      const out = await generate(model, params, prompts, { temperature: 1, maxNewTokens: DECODE.newTokens, stopTokens: [], seed: seed++ })
      const generated = out.tokens.reduce((n, t) => n + t.length, 0)
      if (generated !== DECODE.sequences * DECODE.newTokens) throw new Error(`decode generated ${generated} tokens`)
      return { ...out.timings }
    }
    profileGraph = () => {
      // A decode step half-way through generation: positions 16 + 56, three of four 32-position chunks in use.
      const cache = new KvCache(config, DECODE.sequences, 32, 4)
      return {
        graph: buildDecodeGraph(config, DECODE.sequences, 32, 3),
        feeds: {
          ...paramFeeds(model.layout, params), ...cache.feeds(3),
          tokens: hostTensor(new BigInt64Array(DECODE.sequences).fill(5n), [DECODE.sequences, 1]),
          positions: hostTensor(new BigInt64Array(DECODE.sequences).fill(72n), [DECODE.sequences]),
        },
      }
    }
  } else {
    throw new Error(`unknown workload "${workload}" (train | decode)`)
  }

  const peakProgram = await runtime.program('matmul-peak', '1024', () => {
    const g = new Graph('matmul')
    g.output(ops.matmul(g.input('a', 'float32', [1024, 1024]), g.input('b', 'float32', [1024, 1024])), 'c')
    return g
  })
  const peakFeeds = { a: hostTensor(rng.fillNormal(new Float32Array(1024 * 1024)), [1024, 1024]), b: hostTensor(rng.fillNormal(new Float32Array(1024 * 1024)), [1024, 1024]) }

  const tBuild = performance.now()
  await once() // builds and loads the programs
  const buildMs = performance.now() - tBuild
  await once()
  await peakProgram.run(peakFeeds)
  reply({ ready: true, buildMs, parameters: model.layout.size })

  for await (const line of createInterface({ input: process.stdin })) {
    const [command, arg] = line.trim().split(/\s+/)
    const n = Number(arg ?? 1)
    if (command === 'run') {
      const times: number[] = []
      const details: Record<string, number>[] = []
      for (let i = 0; i < n; i++) {
        const t0 = performance.now()
        details.push(await once())
        times.push(performance.now() - t0)
      }
      reply({ times, details })
    } else if (command === 'peak') {
      const gflops: number[] = []
      for (let i = 0; i < n; i++) {
        const t0 = performance.now()
        await peakProgram.run(peakFeeds)
        gflops.push((2 * 1024 ** 3) / ((performance.now() - t0) * 1e6))
      }
      reply({ gflops })
    } else if (command === 'profile') {
      reply(await profile(runtime, profileGraph()))
    } else if (command === 'rss') {
      reply({ maxRssMB: process.resourceUsage().maxRSS / 1024 })
    } else if (command === 'exit') {
      break
    }
  }
  await runtime.dispose()
}

/** Kernel time per op type over a few runs of the workload's main program, with ORT's own profiler. */
async function profile(runtime: Runtime, p: { graph: Graph; feeds: Record<string, ort.Tensor> }) {
  const prefix = join(tmpdir(), `model-bench-profile-${process.pid}`)
  const session = await ort.InferenceSession.create(serializeModel(p.graph), { ...runtime.sessionOptions(), enableProfiling: true, profileFilePrefix: prefix })
  const runs = 5
  for (let i = 0; i <= runs; i++) await session.run(p.feeds)
  session.endProfiling()
  await session.release()
  const file = (await readdir(tmpdir())).filter((f) => f.startsWith(`model-bench-profile-${process.pid}`)).sort().pop()!
  const events = JSON.parse(await readFile(join(tmpdir(), file), 'utf8')) as { cat: string; name: string; ts: number; dur: number; args?: { op_name?: string } }[]
  await rm(join(tmpdir(), file))
  // The first run allocates and warms up; only the runs after it count.
  const firstRun = events.filter((e) => e.cat === 'Session' && e.name === 'model_run').sort((a, b) => a.ts - b.ts)[0]!
  const warmEnd = firstRun.ts + firstRun.dur
  const byOp: Record<string, number> = {}
  let total = 0
  let nodes = 0
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time') || e.ts < warmEnd) continue
    const op = e.args?.op_name ?? '?'
    byOp[op] = (byOp[op] ?? 0) + e.dur / 1000 / runs
    total += e.dur / 1000 / runs
    nodes++
  }
  return { nodesPerRun: nodes / runs, kernelMsPerRun: total, byOp: Object.fromEntries(Object.entries(byOp).sort((a, b) => b[1] - a[1])) }
}

await main()
