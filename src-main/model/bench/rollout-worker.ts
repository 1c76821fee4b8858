// One side of `npm run bench:rollout`: generate() from a source tree (this one, or an older checkout given to the
// driver as --baseline, so "before" and "after" run in the same benchmark), driven over stdin/stdout with one JSON
// object per line. Commands: `run N` (N timed generations), `peak N` (f32 MatMul 1024^3 probes), `profile` (one
// generation under ORT's profiler, when the tree's Runtime supports it), `exit`.
// Usage: rollout-worker.ts SOURCE_ROOT PRESET BATCH
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { matmulProbe } from '../../engine/bench/machine'
import { Runtime } from '../../engine'
import { summariseProfiles } from './ort-profile'
import { ROLLOUT, rolloutPrompts } from './workloads'

const [source, preset, batchArg] = process.argv.slice(2) as [string, string, string]
const batch = Number(batchArg)
const reply = (o: unknown) => process.stdout.write(JSON.stringify(o) + '\n')

/** The tree's own modules: its engine, model and generate(), so the baseline runs exactly its own code. */
async function load(root: string) {
  const from = (path: string) => import(join(root, path))
  const [engine, config, languageModel, generation] = await Promise.all([
    from('src-main/engine/index.ts'),
    from('src-main/model/config.ts'),
    from('src-main/model/language-model.ts'),
    from('src-main/model/generation/generate.ts'),
  ])
  return { Runtime: engine.Runtime, modelConfig: config.modelConfig, LanguageModel: languageModel.LanguageModel, generate: generation.generate }
}

async function main(): Promise<void> {
  const tree = await load(source)
  const prompts = rolloutPrompts(batch)
  const open = async (options: object) => {
    const runtime = await tree.Runtime.create({ executionProvider: 'cpu', intraOpNumThreads: ROLLOUT.threads, ...options })
    const model = new tree.LanguageModel(tree.modelConfig(preset), runtime)
    return { runtime, model, params: model.initParams(1) as Float32Array }
  }
  const { runtime, model, params } = await open({})
  let seed = 0
  const once = async (m = model, p = params) => {
    const faults0 = process.resourceUsage().minorPageFault
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    const out = await tree.generate(m, p, prompts, { temperature: 1, maxNewTokens: ROLLOUT.newTokens, stopTokens: [], seed: seed++ })
    const ms = performance.now() - t0
    const cpu = process.cpuUsage(cpu0)
    const faults = process.resourceUsage().minorPageFault - faults0
    const generated = (out.tokens as number[][]).reduce((n, t) => n + t.length, 0)
    if (generated !== batch * ROLLOUT.newTokens) throw new Error(`generated ${generated} tokens, expected ${batch * ROLLOUT.newTokens}`)
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000, faults, timings: out.timings as Record<string, number> }
  }
  /** Kernel time vs run() time of two generations, from ORT's profiler in a fresh runtime (its own sessions). */
  const profile = async () => {
    const prefix = join(tmpdir(), `rollout-profile-${process.pid}`)
    const profiled = await open({ profileFilePrefix: prefix })
    if (!profiled.runtime.endProfiling) {
      // An older tree's Runtime without profiling support.
      await profiled.runtime.dispose()
      return { unsupported: true }
    }
    await once(profiled.model, profiled.params) // compiles; each session's first run is left out below
    const runs = 2
    const t0 = performance.now()
    for (let i = 0; i < runs; i++) await once(profiled.model, profiled.params)
    const wallMs = (performance.now() - t0) / runs
    await profiled.runtime.endProfiling()
    await profiled.runtime.dispose()
    return { wallMs, ...(await summariseProfiles(prefix, runs)) }
  }
  await once() // builds and loads the programs
  await once()
  const peak = await matmulProbe(await Runtime.create({ executionProvider: 'cpu', intraOpNumThreads: ROLLOUT.threads }))
  reply({ ready: true })

  for await (const line of createInterface({ input: process.stdin })) {
    const [command, arg] = line.trim().split(/\s+/)
    const n = Number(arg ?? 1)
    if (command === 'run') {
      const runs = []
      for (let i = 0; i < n; i++) runs.push(await once())
      reply({ runs })
    } else if (command === 'peak') {
      const gflops: number[] = []
      for (let i = 0; i < n; i++) gflops.push(await peak())
      reply({ gflops })
    } else if (command === 'profile') {
      reply(await profile())
    } else if (command === 'exit') {
      break
    }
  }
  await runtime.dispose()
}

await main()
