// `npm run bench:model`: the model issue's benchmarks, each run by the project (onnx-worker.ts) and by PyTorch
// (torch_bench.py, Debian's torch through /usr/bin/python3) on the identical workload. The two run in separate
// processes (so each peak RSS is its own) and are interleaved round by round, because these shared 2-core machines
// change speed from minute to minute: every figure is a median over the same stretch of time, and the ratio is
// taken between medians of the same run. Never run it beside another heavy job.
//   train S:  batch 16 x seq 128, forward + backward + clip + AdamW; ms/step, tokens/s, MFU vs f32 MatMul peak
//   decode S: 64 sequences, 16-token prompt, 112 sampled tokens with a KV cache; tokens/s
// `npm run bench:model [train|decode] [-- --baseline DIR]`: with --baseline, another checkout's worker (e.g. the
// commit before a change, with its node_modules) runs the same workload as "before", interleaved in the same rounds.
// Environment: BENCH_ROUNDS (default 5), BENCH_TRAIN_STEPS per round (default 3), PYTHON (default /usr/bin/python3).
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { DEFAULT_ADAMW } from '../../engine'
import { PYTHON, median, printLoadAtEnd, printMachine } from '../../engine/bench/machine'
import { hfConfigJson } from '../checkpoint/hf-config'
import { modelConfig, parameterCount } from '../config'
import { formatByOp, type ProfileSummary } from './ort-profile'
import { DECODE, TRAIN, trainFlops } from './workloads'

const here = dirname(fileURLToPath(import.meta.url))
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const TRAIN_STEPS = Number(process.env.BENCH_TRAIN_STEPS ?? 3)
const { values, positionals } = parseArgs({ options: { baseline: { type: 'string' } }, allowPositionals: true })

type Reply = Record<string, unknown>

/** A worker process answering one JSON line per command. */
class Worker {
  private readonly lines: AsyncIterator<string>
  private constructor(
    readonly name: string,
    private readonly child: ChildProcessWithoutNullStreams,
  ) {
    this.lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
    child.stderr.on('data', (d: Buffer) => {
      const text = d.toString()
      // ORT prints one line when probing for a CUDA library that is not installed; everything else is shown.
      if (!text.includes('libonnxruntime_providers_shared')) process.stderr.write(`[${name}] ${text}`)
    })
  }

  static async start(name: string, command: string, args: string[]): Promise<{ worker: Worker; ready: Reply }> {
    const worker = new Worker(name, spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] }))
    return { worker, ready: await worker.read() }
  }

  private async read(): Promise<Reply> {
    const next = await this.lines.next()
    if (next.done) throw new Error(`${this.name} exited unexpectedly`)
    return JSON.parse(next.value) as Reply
  }

  /** Ends the worker without waiting for an answer. */
  stop(): void {
    this.child.stdin.end('exit\n')
  }

  async ask(command: string): Promise<Reply> {
    this.child.stdin.write(command + '\n')
    return this.read()
  }
}

const config = modelConfig('S')
const ours = (workload: string) => Worker.start('onnx', process.execPath, [...process.execArgv, join(here, 'onnx-worker.ts'), workload])
/** The baseline checkout's own worker (same line protocol), or null without --baseline. */
const baseline = (workload: string) =>
  values.baseline ? Worker.start('before', process.execPath, [...process.execArgv, join(resolve(values.baseline), 'src-main/model/bench/onnx-worker.ts'), workload]) : null
const torchAvailable = existsSync(PYTHON)

async function startTorch(workload: string, sizes: object) {
  if (!torchAvailable) return null
  const spec = { config: hfConfigJson(config, { bosTokenId: 1, eosTokenIds: [2], padTokenId: 0 }), threads: TRAIN.threads, hyper: DEFAULT_ADAMW, ...sizes }
  try {
    return await Worker.start('torch', PYTHON, [join(here, 'torch_bench.py'), workload, JSON.stringify(spec)])
  } catch (e) {
    console.log(`PyTorch side skipped: ${(e as Error).message}`)
    return null
  }
}

async function benchTrain(): Promise<void> {
  const { worker, ready } = await ours('train')
  const before = await baseline('train')
  const torch = await startTorch('train', { batch: TRAIN.batch, seq: TRAIN.seq })
  const flops = trainFlops(config, TRAIN.batch, TRAIN.seq)
  console.log(`\n## train S: batch ${TRAIN.batch} x seq ${TRAIN.seq}, forward + backward + clip + AdamW (${(parameterCount(config) / 1e6).toFixed(2)}M parameters, ${(flops / 1e9).toFixed(1)} GFLOP/step)`)
  console.log(`programs built and loaded in ${(ready.buildMs as number).toFixed(0)} ms${torch ? `; PyTorch ${torch.ready.torch as string}, ${torch.ready.threads as number} threads` : ''}`)
  const oursTimes: number[] = []
  const oursCpu: number[] = []
  const beforeTimes: number[] = []
  const beforeCpu: number[] = []
  const torchTimes: number[] = []
  const peaks: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const mine = await worker.ask(`run ${TRAIN_STEPS}`)
    oursTimes.push(...(mine.times as number[]))
    oursCpu.push(...(mine.cpuTimes as number[]))
    peaks.push(...((await worker.ask('peak 2')).gflops as number[]))
    if (before) {
      const theirs = await before.worker.ask(`run ${TRAIN_STEPS}`)
      beforeTimes.push(...(theirs.times as number[]))
      beforeCpu.push(...((theirs.cpuTimes as number[] | undefined) ?? []))
    }
    if (torch) torchTimes.push(...((await torch.worker.ask(`run ${TRAIN_STEPS}`)).times as number[]))
  }
  const oursRss = (await worker.ask('rss')).maxRssMB as number
  const beforeRss = before ? ((await before.worker.ask('rss')).maxRssMB as number) : null
  const profile = (await worker.ask('profile')) as unknown as ProfileSummary & { wallMs: number }
  worker.stop()
  before?.worker.stop()
  const torchRss = torch ? ((await torch.worker.ask('exit')).maxRssMB as number) : null

  const ms = median(oursTimes)
  const peak = median(peaks)
  const mfu = (stepMs: number) => (100 * flops) / (stepMs * 1e6) / peak
  const tokens = TRAIN.batch * TRAIN.seq
  console.log(
    `project: median ${ms.toFixed(1)} ms/step over ${oursTimes.length} steps (min ${Math.min(...oursTimes).toFixed(1)}, max ${Math.max(...oursTimes).toFixed(1)}), ` +
      `${median(oursCpu).toFixed(0)} ms CPU/step, ${((tokens * 1000) / ms).toFixed(0)} tokens/s, peak RSS ${oursRss.toFixed(0)} MB`,
  )
  console.log(`MFU: ${(flops / (ms * 1e6)).toFixed(1)} GFLOP/s achieved / ${peak.toFixed(1)} GFLOP/s f32 MatMul 1024^3 peak (interleaved, same run) = ${mfu(ms).toFixed(1)}% (target >= 65%)`)
  if (before) {
    const b = median(beforeTimes)
    const cpu = beforeCpu.length ? `, ${median(beforeCpu).toFixed(0)} ms CPU/step (${(median(beforeCpu) / median(oursCpu)).toFixed(2)}x after's)` : ''
    console.log(`before (${values.baseline}): median ${b.toFixed(1)} ms/step${cpu}, MFU ${mfu(b).toFixed(1)}%, peak RSS ${beforeRss!.toFixed(0)} MB; after / before: ${(b / ms).toFixed(2)}x steps/s`)
  }
  if (torch) {
    const t = median(torchTimes)
    console.log(`PyTorch: median ${t.toFixed(1)} ms/step over ${torchTimes.length} steps (min ${Math.min(...torchTimes).toFixed(1)}), ${((tokens * 1000) / t).toFixed(0)} tokens/s, peak RSS ${torchRss!.toFixed(0)} MB`)
    console.log(`ratio: project is ${(t / ms).toFixed(2)}x PyTorch (target >= 1.5x); peak RSS project / PyTorch ${(oursRss / torchRss!).toFixed(2)} (target <= 1)`)
  } else {
    console.log(`PyTorch: skipped (${PYTHON} not found; apt-get install python3-torch libopenblas0-pthread)`)
  }
  printProfile('train step', profile)
}

async function benchDecode(): Promise<void> {
  const { worker, ready } = await ours('decode')
  const torch = await startTorch('decode', DECODE)
  const tokens = DECODE.sequences * DECODE.newTokens
  console.log(`\n## decode S: ${DECODE.sequences} sequences, ${DECODE.prompt}-token prompts, ${DECODE.newTokens} sampled tokens each (temperature 1, KV cache)`)
  console.log(`programs built and loaded in ${(ready.buildMs as number).toFixed(0)} ms`)
  const oursTimes: number[] = []
  const torchTimes: number[] = []
  const parts: Record<string, number[]> = {}
  for (let round = 0; round < ROUNDS; round++) {
    const r = await worker.ask('run 1')
    oursTimes.push(...(r.times as number[]))
    for (const d of r.details as Record<string, number>[]) for (const [k, v] of Object.entries(d)) (parts[k] ??= []).push(v)
    if (torch) torchTimes.push(...((await torch.worker.ask('run 1')).times as number[]))
  }
  const oursRss = (await worker.ask('rss')).maxRssMB as number
  const profile = (await worker.ask('profile')) as unknown as ProfileSummary & { wallMs: number }
  worker.stop()
  const torchRss = torch ? ((await torch.worker.ask('exit')).maxRssMB as number) : null
  const ms = median(oursTimes)
  console.log(`project: median ${ms.toFixed(0)} ms per generation over ${oursTimes.length} runs = ${((tokens * 1000) / ms).toFixed(0)} tokens/s, peak RSS ${oursRss.toFixed(0)} MB`)
  console.log(`  generate() timings (medians): ${Object.entries(parts).map(([k, v]) => `${k} ${median(v).toFixed(1)}`).join(', ')}`)
  if (torch) {
    const t = median(torchTimes)
    console.log(`PyTorch: median ${t.toFixed(0)} ms per generation = ${((tokens * 1000) / t).toFixed(0)} tokens/s, peak RSS ${torchRss!.toFixed(0)} MB`)
    console.log(`ratio: project is ${(t / ms).toFixed(2)}x PyTorch (target >= 3x)`)
  } else {
    console.log(`PyTorch: skipped (${PYTHON} not found; apt-get install python3-torch libopenblas0-pthread)`)
  }
  printProfile('generation', profile)
}

function printProfile(what: string, p: ProfileSummary & { wallMs: number }): void {
  console.log(
    `ORT profile of one ${what} (profiler on: ${p.wallMs.toFixed(0)} ms): ${p.kernelsPerRun.toFixed(0)} kernels, ${p.kernelMs.toFixed(1)} ms in kernels, ` +
      `${(p.runMs - p.kernelMs).toFixed(1)} ms in ORT between kernels, ${(p.wallMs - p.runMs).toFixed(1)} ms on the host; by op:`,
  )
  console.log(`  ${formatByOp(p)}`)
}

const which = positionals[0] ?? 'all'
await printMachine('bench:model', TRAIN.threads)
console.log(`${ROUNDS} interleaved rounds; ORT and PyTorch with ${TRAIN.threads} threads${values.baseline ? `; before = ${values.baseline}` : ''}`)
if (which === 'all' || which === 'train') await benchTrain()
if (which === 'all' || which === 'decode') await benchDecode()
printLoadAtEnd()
