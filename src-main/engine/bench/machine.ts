// What every `npm run bench:*` prints first: the machine and its reference figures, measured in the same run, so
// no benchmark figure is read without the load it was measured under and the peak it can be compared with (the
// development machines are shared and their speed drifts from minute to minute: docs/environment.md).
//   machine:   CPU model, cores, memory, Node and onnxruntime-node versions, load average
//   reference: f32 MatMul 1024^3 throughput through ORT and through PyTorch (Debian's torch, when installed)
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import * as ort from 'onnxruntime-node'
import { Graph } from '../graph/graph'
import { matmul } from '../ops/matmul'
import { Rng } from '../runtime/random'
import { Runtime } from '../runtime/runtime'
import { hostTensor } from '../runtime/tensors'

export const PYTHON = process.env.PYTHON ?? '/usr/bin/python3'

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/** "1.4 2.3 1.3" (1, 5 and 15 minutes). */
export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')
}

export function machineLine(): string {
  const cpu = cpus()
  const model = cpu[0]?.model.trim() || 'unknown CPU'
  return (
    `machine: ${model}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ` +
    `onnxruntime-node ${ort.env.versions.node ?? '?'}; load average ${loadAverage()} (1/5/15 min)`
  )
}

/** A timed f32 MatMul of m x k x n through ORT: each call returns one measurement in GFLOP/s. */
export async function matmulProbe(runtime: Runtime, m = 1024, k = 1024, n = 1024): Promise<() => Promise<number>> {
  const program = await runtime.program('matmul-peak', `${m}x${k}x${n}`, () => {
    const g = new Graph('matmul')
    g.output(matmul(g.input('a', 'float32', [m, k]), g.input('b', 'float32', [k, n])), 'c')
    return g
  })
  const rng = new Rng(0)
  const feeds = { a: hostTensor(rng.fillNormal(new Float32Array(m * k)), [m, k]), b: hostTensor(rng.fillNormal(new Float32Array(k * n)), [k, n]) }
  await program.run(feeds)
  return async () => {
    const t0 = performance.now()
    await program.run(feeds)
    return (2 * m * k * n) / ((performance.now() - t0) * 1e6)
  }
}

const TORCH_MATMUL = `
import sys, time, torch
torch.set_num_threads(int(sys.argv[1]))
a, b = torch.randn(1024, 1024), torch.randn(1024, 1024)
for _ in range(3): a @ b
times = []
for _ in range(int(sys.argv[2])):
    t0 = time.perf_counter(); a @ b; times.append(time.perf_counter() - t0)
times.sort()
print(torch.__version__, 2 * 1024 ** 3 / times[len(times) // 2] / 1e9)
`

/** PyTorch's f32 MatMul 1024^3 (median GFLOP/s), or why it was skipped. */
export function torchMatmulPeak(threads: number, repeats = 9): { version: string; gflops: number } | { skipped: string } {
  if (!existsSync(PYTHON)) return { skipped: `${PYTHON} not found; apt-get install python3-torch libopenblas0-pthread` }
  const run = spawnSync(PYTHON, ['-c', TORCH_MATMUL, String(threads), String(repeats)], { encoding: 'utf8', timeout: 120_000 })
  const [version, gflops] = (run.stdout ?? '').trim().split(/\s+/)
  if (run.status !== 0 || !version || !Number.isFinite(Number(gflops))) return { skipped: `PyTorch failed: ${(run.stderr ?? '').trim().split('\n').pop()}` }
  return { version, gflops: Number(gflops) }
}

export interface MachineReference {
  /** ORT f32 MatMul 1024^3, median GFLOP/s at the start of the run. */
  ortMatmulGflops: number
  torch: { version: string; gflops: number } | null
}

/**
 * Prints the machine line and the reference MatMul figures (ORT and PyTorch, `threads` threads each), measured
 * now. Benchmarks that compute an MFU also interleave their own probes with the workload; this is the header.
 */
export async function printMachine(bench: string, threads = 2): Promise<MachineReference> {
  console.log(`${bench} — ${machineLine()}`)
  const runtime = await Runtime.create({ executionProvider: 'cpu', intraOpNumThreads: threads })
  const probe = await matmulProbe(runtime)
  const samples: number[] = []
  for (let i = 0; i < 9; i++) samples.push(await probe())
  await runtime.dispose()
  const ortMatmulGflops = median(samples)
  const torch = torchMatmulPeak(threads)
  const torchText = 'skipped' in torch ? `PyTorch skipped (${torch.skipped})` : `PyTorch ${torch.version} ${torch.gflops.toFixed(1)} GFLOP/s`
  console.log(`reference: f32 MatMul 1024^3 with ${threads} threads, medians of 9: ORT ${ortMatmulGflops.toFixed(1)} GFLOP/s, ${torchText}`)
  return { ortMatmulGflops, torch: 'skipped' in torch ? null : torch }
}

/** The closing line: the load may have changed while the benchmark ran. */
export function printLoadAtEnd(): void {
  console.log(`load average at the end: ${loadAverage()}`)
}
