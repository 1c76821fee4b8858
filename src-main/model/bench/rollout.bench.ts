// `npm run bench:rollout [-- --baseline DIR --rounds N --presets XS,S --batches 128,512]`: generated tokens/s of
// generate() on RL-shaped batches (workloads.ts ROLLOUT), for XS and S at 128 and 512 sequences, and where the time
// goes: inside ORT kernels, in ORT between kernels (binding, copies, Loop iterations; from ORT's profiler) and on
// the host outside run() (feeds, draws, collecting tokens; from generate()'s own timings). Page faults per generation
// are printed too: on these machines a freshly allocated page costs about 10 µs, so output buffers are expensive.
// --baseline DIR runs another checkout's generate() (e.g. `git worktree add /tmp/base <commit>` with its
// node_modules) as "before", interleaved round by round with this tree's in the same run, so their ratio is taken
// over the same stretch of machine time. The f32 MatMul peak is probed between rounds.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { median, printLoadAtEnd, printMachine } from '../../engine/bench/machine'
import { formatByOp, type ProfileSummary } from './ort-profile'
import { ROLLOUT } from './workloads'

const here = dirname(fileURLToPath(import.meta.url))
const thisTree = resolve(here, '../../..')
const { values } = parseArgs({
  options: {
    baseline: { type: 'string' },
    rounds: { type: 'string', default: '7' },
    presets: { type: 'string', default: ROLLOUT.presets.join(',') },
    batches: { type: 'string', default: ROLLOUT.batches.join(',') },
  },
})
const ROUNDS = Number(values.rounds)

type Reply = Record<string, unknown>
interface Run {
  ms: number
  /** CPU time of the worker process (all threads): the work done, less sensitive to other jobs than wall time. */
  cpuMs: number
  /** Minor page faults during the generation. */
  faults: number
  timings: Record<string, number>
}

class Worker {
  private readonly lines: AsyncIterator<string>
  private constructor(
    readonly name: string,
    private readonly child: ChildProcessWithoutNullStreams,
  ) {
    this.lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
    child.stderr.on('data', (d: Buffer) => {
      const text = d.toString()
      if (!text.includes('libonnxruntime_providers_shared')) process.stderr.write(`[${name}] ${text}`)
    })
  }

  static async start(name: string, tree: string, preset: string, batch: number): Promise<Worker> {
    const worker = new Worker(name, spawn(process.execPath, [...process.execArgv, join(here, 'rollout-worker.ts'), tree, preset, String(batch)], { stdio: ['pipe', 'pipe', 'pipe'] }))
    await worker.read()
    return worker
  }

  private async read(): Promise<Reply> {
    const next = await this.lines.next()
    if (next.done) throw new Error(`${this.name} exited unexpectedly`)
    return JSON.parse(next.value) as Reply
  }

  async ask(command: string): Promise<Reply> {
    this.child.stdin.write(command + '\n')
    return this.read()
  }

  stop(): void {
    this.child.stdin.end('exit\n')
  }
}

interface SideResult {
  tokensPerSecond: number
  msPerGeneration: number
  cpuMsPerGeneration: number
  /** Share of wall time outside run() (host work), from generate()'s timings. */
  hostShare: number
  pageFaults: number
  timings: Record<string, number>
  profile: (ProfileSummary & { wallMs: number }) | null
}

function summarise(runs: Run[], tokens: number, profile: Reply): SideResult {
  const ms = median(runs.map((r) => r.ms))
  const keys = Object.keys(runs[0]!.timings)
  const timings = Object.fromEntries(keys.map((k) => [k, median(runs.map((r) => r.timings[k]!))]))
  // Time inside run(): the whole generation is one run now (runMs); it was a prefill run plus one run per token.
  const inRun = (t: Record<string, number>) => t.runMs ?? (t.prefillMs ?? 0) + (t.decodeMs ?? 0)
  const hostShare = median(runs.map((r) => (r.ms - inRun(r.timings)) / r.ms))
  return { tokensPerSecond: (tokens * 1000) / ms, msPerGeneration: ms, cpuMsPerGeneration: median(runs.map((r) => r.cpuMs)), hostShare, pageFaults: median(runs.map((r) => r.faults)), timings, profile: profile.unsupported ? null : (profile as unknown as ProfileSummary & { wallMs: number }) }
}

const pct = (x: number) => `${(100 * x).toFixed(0)}%`

function describe(name: string, r: SideResult): void {
  const t = Object.entries(r.timings)
    .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(1)}`)
    .join(', ')
  console.log(
    `  ${name}: ${r.tokensPerSecond.toFixed(0)} tokens/s (median ${r.msPerGeneration.toFixed(0)} ms per generation, ${r.cpuMsPerGeneration.toFixed(0)} ms CPU); ` +
      `host outside run() ${pct(r.hostShare)}; ` +
      `${r.pageFaults} page faults; ${t}`,
  )
  if (r.profile) {
    const p = r.profile
    const outside = 1 - p.kernelMs / p.wallMs
    console.log(
      `    ORT profile (one generation, profiler on: ${p.wallMs.toFixed(0)} ms): kernels ${p.kernelMs.toFixed(0)} ms, ORT between kernels ${(p.runMs - p.kernelMs).toFixed(0)} ms, ` +
        `host ${(p.wallMs - p.runMs).toFixed(0)} ms -> outside kernels ${pct(outside)}; ${p.kernelsPerRun.toFixed(0)} kernels`,
    )
    console.log(`    by op: ${formatByOp(p, 8)}`)
  }
}

async function benchOne(preset: string, batch: number) {
  const tokens = batch * ROLLOUT.newTokens
  console.log(`\n## rollout ${preset}, ${batch} sequences (${batch / ROLLOUT.samplesPerPrompt} prompts x ${ROLLOUT.samplesPerPrompt}), ${ROLLOUT.newTokens} new tokens each`)
  const after = await Worker.start('after', thisTree, preset, batch)
  const before = values.baseline ? await Worker.start('before', resolve(values.baseline), preset, batch) : null
  const afterRuns: Run[] = []
  const beforeRuns: Run[] = []
  const peaks: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    afterRuns.push(...((await after.ask('run 1')).runs as Run[]))
    if (before) beforeRuns.push(...((await before.ask('run 1')).runs as Run[]))
    peaks.push(...((await after.ask('peak 2')).gflops as number[]))
  }
  const afterResult = summarise(afterRuns, tokens, await after.ask('profile'))
  const beforeResult = before ? summarise(beforeRuns, tokens, await before.ask('profile')) : null
  after.stop()
  before?.stop()
  console.log(`  f32 MatMul 1024^3 between rounds: median ${median(peaks).toFixed(1)} GFLOP/s`)
  if (beforeResult) describe('before', beforeResult)
  describe(before ? 'after' : 'this tree', afterResult)
  if (beforeResult) {
    console.log(
      `  after / before: ${(afterResult.tokensPerSecond / beforeResult.tokensPerSecond).toFixed(2)}x tokens/s (same run, interleaved); ` +
        `${(beforeResult.cpuMsPerGeneration / afterResult.cpuMsPerGeneration).toFixed(2)}x less CPU time per generation`,
    )
  }
  return { preset, batch, after: afterResult, before: beforeResult }
}

await printMachine('bench:rollout', ROLLOUT.threads)
console.log(`${ROUNDS} interleaved rounds per workload; ${values.baseline ? `before = ${values.baseline}` : 'no --baseline given'}`)
const results = []
for (const preset of values.presets.split(',')) for (const batch of values.batches.split(',').map(Number)) results.push(await benchOne(preset, batch))
console.log('\n## summary (tokens/s, medians)')
console.log('| preset | batch | before | after | after / before | CPU time before / after | host outside run() | outside kernels (profiled) |')
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |')
for (const r of results) {
  const outside = r.after.profile ? pct(1 - r.after.profile.kernelMs / r.after.profile.wallMs) : '-'
  const before = r.before ? r.before.tokensPerSecond.toFixed(0) : '-'
  const ratio = r.before ? `${(r.after.tokensPerSecond / r.before.tokensPerSecond).toFixed(2)}x` : '-'
  const cpu = r.before ? `${(r.before.cpuMsPerGeneration / r.after.cpuMsPerGeneration).toFixed(2)}x` : '-'
  console.log(`| ${r.preset} | ${r.batch} | ${before} | ${r.after.tokensPerSecond.toFixed(0)} | ${ratio} | ${cpu} | ${pct(r.after.hostShare)} | ${outside} |`)
}
printLoadAtEnd()
