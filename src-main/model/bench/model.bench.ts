// `npm run bench:model`: the model issue's benchmarks, each run by the project (onnx-worker.ts) and by PyTorch
// (torch_bench.py, Debian's torch through /usr/bin/python3) on the identical workload. The two run in separate
// processes (so each peak RSS is its own) and are interleaved round by round, because these shared 2-core machines
// change speed from minute to minute: every figure is a median over the same stretch of time, and the ratio is
// taken between medians of the same run. Never run it beside another heavy job.
//   train S:  batch 16 x seq 128, forward + backward + clip + AdamW; ms/step, tokens/s, MFU vs f32 MatMul peak
//   decode S: 64 sequences, 16-token prompt, 112 sampled tokens with a KV cache; tokens/s
// Environment: BENCH_ROUNDS (default 5), BENCH_TRAIN_STEPS per round (default 3), PYTHON (default /usr/bin/python3).
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { DEFAULT_ADAMW } from '../../engine'
import { hfConfigJson } from '../checkpoint/hf-config'
import { modelConfig, parameterCount } from '../config'
import { DECODE, TRAIN, trainFlops } from './workloads'

const here = dirname(fileURLToPath(import.meta.url))
const PYTHON = process.env.PYTHON ?? '/usr/bin/python3'
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const TRAIN_STEPS = Number(process.env.BENCH_TRAIN_STEPS ?? 3)

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

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

const config = modelConfig('S')
const ours = (workload: string) => Worker.start('onnx', process.execPath, [...process.execArgv, join(here, 'onnx-worker.ts'), workload])
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
  const torch = await startTorch('train', { batch: TRAIN.batch, seq: TRAIN.seq })
  const flops = trainFlops(config, TRAIN.batch, TRAIN.seq)
  console.log(`\n## train S: batch ${TRAIN.batch} x seq ${TRAIN.seq}, forward + backward + clip + AdamW (${(parameterCount(config) / 1e6).toFixed(2)}M parameters, ${(flops / 1e9).toFixed(1)} GFLOP/step)`)
  console.log(`programs built and loaded in ${(ready.buildMs as number).toFixed(0)} ms${torch ? `; PyTorch ${torch.ready.torch as string}, ${torch.ready.threads as number} threads` : ''}`)
  const oursTimes: number[] = []
  const torchTimes: number[] = []
  const peaks: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    oursTimes.push(...((await worker.ask(`run ${TRAIN_STEPS}`)).times as number[]))
    peaks.push(...((await worker.ask('peak 2')).gflops as number[]))
    if (torch) torchTimes.push(...((await torch.worker.ask(`run ${TRAIN_STEPS}`)).times as number[]))
  }
  const oursRss = (await worker.ask('rss')).maxRssMB as number
  const profile = (await worker.ask('profile')) as { nodesPerRun: number; kernelMsPerRun: number; byOp: Record<string, number> }
  worker.stop()
  const torchRss = torch ? ((await torch.worker.ask('exit')).maxRssMB as number) : null

  const ms = median(oursTimes)
  const peak = median(peaks)
  const achieved = flops / (ms * 1e6)
  const tokens = TRAIN.batch * TRAIN.seq
  console.log(`project: median ${ms.toFixed(1)} ms/step over ${oursTimes.length} steps (min ${Math.min(...oursTimes).toFixed(1)}, max ${Math.max(...oursTimes).toFixed(1)}), ${((tokens * 1000) / ms).toFixed(0)} tokens/s, peak RSS ${oursRss.toFixed(0)} MB`)
  console.log(`MFU: ${achieved.toFixed(1)} GFLOP/s achieved / ${peak.toFixed(1)} GFLOP/s f32 MatMul 1024^3 peak (interleaved, same run) = ${((100 * achieved) / peak).toFixed(1)}% (target >= 50%)`)
  if (torch) {
    const t = median(torchTimes)
    console.log(`PyTorch: median ${t.toFixed(1)} ms/step over ${torchTimes.length} steps (min ${Math.min(...torchTimes).toFixed(1)}), ${((tokens * 1000) / t).toFixed(0)} tokens/s, peak RSS ${torchRss!.toFixed(0)} MB`)
    console.log(`ratio: project is ${(t / ms).toFixed(2)}x PyTorch (target >= 1.5x)`)
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
  const profile = (await worker.ask('profile')) as { nodesPerRun: number; kernelMsPerRun: number; byOp: Record<string, number> }
  worker.stop()
  const torchRss = torch ? ((await torch.worker.ask('exit')).maxRssMB as number) : null
  const ms = median(oursTimes)
  console.log(`project: median ${ms.toFixed(0)} ms per generation over ${oursTimes.length} runs = ${((tokens * 1000) / ms).toFixed(0)} tokens/s, peak RSS ${oursRss.toFixed(0)} MB`)
  const steps = median(parts.decodeSteps ?? [0])
  console.log(
    `  where the time goes (medians): prefill ${median(parts.prefillMs!).toFixed(0)} ms, ${steps} decode runs ${median(parts.decodeMs!).toFixed(0)} ms ` +
      `(${(median(parts.decodeMs!) / steps).toFixed(2)} ms each), KV-cache writes ${median(parts.cacheMs!).toFixed(0)} ms, host sampling ${median(parts.samplingMs!).toFixed(0)} ms`,
  )
  if (torch) {
    const t = median(torchTimes)
    console.log(`PyTorch: median ${t.toFixed(0)} ms per generation = ${((tokens * 1000) / t).toFixed(0)} tokens/s, peak RSS ${torchRss!.toFixed(0)} MB`)
    console.log(`ratio: project is ${(t / ms).toFixed(2)}x PyTorch (target >= 3x)`)
  } else {
    console.log(`PyTorch: skipped (${PYTHON} not found; apt-get install python3-torch libopenblas0-pthread)`)
  }
  printProfile('decode step (3 of 4 cache chunks in use)', profile)
}

function printProfile(what: string, p: { nodesPerRun: number; kernelMsPerRun: number; byOp: Record<string, number> }): void {
  const top = Object.entries(p.byOp).slice(0, 10)
  console.log(`ORT profile of one ${what}: ${p.nodesPerRun.toFixed(0)} kernels, ${p.kernelMsPerRun.toFixed(1)} ms kernel time; by op:`)
  console.log('  ' + top.map(([op, ms]) => `${op} ${ms.toFixed(1)} ms (${((100 * ms) / p.kernelMsPerRun).toFixed(0)}%)`).join(', '))
}

const which = process.argv[2] ?? 'all'
console.log(`bench:model: ${ROUNDS} interleaved rounds; ORT and PyTorch with ${TRAIN.threads} threads; load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`)
if (which === 'all' || which === 'train') await benchTrain()
if (which === 'all' || which === 'decode') await benchDecode()
