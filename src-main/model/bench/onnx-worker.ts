// The project's side of `npm run bench:model`: one workload per process (so its peak RSS is its own), driven by
// model.bench.ts over stdin/stdout, one JSON object per line. Commands: `run N` (N timed repetitions: wall and CPU
// time, the latter counting every thread and less sensitive to other jobs), `peak N`
// (f32 MatMul 1024^3 throughput probes, interleaved with the workload by the driver), `rss` (peak RSS so far),
// `profile` (ORT's per-op profile of the workload, in a second runtime: ask for the RSS first), `exit`.
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { DEFAULT_ADAMW, Rng, Runtime, TrainState } from '../../engine'
import { matmulProbe } from '../../engine/bench/machine'
import { modelConfig } from '../config'
import { generate } from '../generation/generate'
import { LanguageModel } from '../language-model'
import { packSequences } from '../token-batch'
import { summariseProfiles } from './ort-profile'
import { DECODE, TRAIN } from './workloads'

const workload = process.argv[2]
const reply = (o: unknown) => process.stdout.write(JSON.stringify(o) + '\n')

/** The workload on a given runtime: `once` runs it one time (a train step, or one generation). */
function workloadOn(runtime: Runtime): () => Promise<Record<string, number>> {
  const config = modelConfig('S')
  const model = new LanguageModel(config, runtime)
  const rng = new Rng(1)
  const randomIds = (n: number) => Array.from({ length: n }, () => Math.floor(rng.uniform() * config.vocabSize))
  if (workload === 'train') {
    const batch = packSequences(
      Array.from({ length: TRAIN.batch }, () => ({ prompt: randomIds(1), response: randomIds(TRAIN.seq) })),
      { padId: 0 },
    )
    const state = new TrainState(model.initParams(1), DEFAULT_ADAMW)
    return async () => ({ loss: (await model.sftStep(state, batch, 1e-3)).losses[0]! })
  }
  if (workload === 'decode') {
    const params = model.initParams(1)
    const prompts = Array.from({ length: DECODE.sequences }, () => randomIds(DECODE.prompt))
    let seed = 0
    return async () => {
      const out = await generate(model, params, prompts, { temperature: 1, maxNewTokens: DECODE.newTokens, stopTokens: [], seed: seed++ })
      const generated = out.tokens.reduce((n, t) => n + t.length, 0)
      if (generated !== DECODE.sequences * DECODE.newTokens) throw new Error(`decode generated ${generated} tokens`)
      return { ...out.timings }
    }
  }
  throw new Error(`unknown workload "${workload}" (train | decode)`)
}

async function main(): Promise<void> {
  const runtime = await Runtime.create({ executionProvider: 'cpu', intraOpNumThreads: TRAIN.threads })
  const once = workloadOn(runtime)
  const peak = await matmulProbe(runtime)

  const tBuild = performance.now()
  await once() // builds and loads the programs
  const buildMs = performance.now() - tBuild
  await once()
  reply({ ready: true, buildMs })

  for await (const line of createInterface({ input: process.stdin })) {
    const [command, arg] = line.trim().split(/\s+/)
    const n = Number(arg ?? 1)
    if (command === 'run') {
      const times: number[] = []
      const cpuTimes: number[] = []
      const details: Record<string, number>[] = []
      for (let i = 0; i < n; i++) {
        const cpu0 = process.cpuUsage()
        const t0 = performance.now()
        details.push(await once())
        times.push(performance.now() - t0)
        const cpu = process.cpuUsage(cpu0)
        cpuTimes.push((cpu.user + cpu.system) / 1000)
      }
      reply({ times, cpuTimes, details })
    } else if (command === 'peak') {
      const gflops: number[] = []
      for (let i = 0; i < n; i++) gflops.push(await peak())
      reply({ gflops })
    } else if (command === 'profile') {
      reply(await profile())
    } else if (command === 'rss') {
      reply({ maxRssMB: process.resourceUsage().maxRSS / 1024 })
    } else if (command === 'exit') {
      break
    }
  }
  await runtime.dispose()
}

/** Where the workload's time goes, from ORT's profiler on a fresh runtime (its own sessions), after a warm-up run. */
async function profile() {
  const prefix = join(tmpdir(), `model-bench-profile-${process.pid}`)
  const runtime = await Runtime.create({ executionProvider: 'cpu', intraOpNumThreads: TRAIN.threads, profileFilePrefix: prefix })
  const once = workloadOn(runtime)
  const runs = workload === 'train' ? 5 : 2
  await once()
  const t0 = performance.now()
  for (let i = 0; i < runs; i++) await once()
  const wallMs = (performance.now() - t0) / runs
  await runtime.endProfiling()
  await runtime.dispose()
  return { wallMs, ...(await summariseProfiles(prefix, runs)) }
}

await main()
