// The engine smoke job: builds a small two-layer graph with the engine's graph builder, runs it in a real
// onnxruntime-node session step after step, and reports the time per step. It proves on any machine that the
// trainer process, ONNX Runtime, the run directory and the live views work together.
import type { z } from 'zod'
import type { EngineSmokeConfig } from '../../../src-preload/contract/schemas'
import { Graph, Runtime, hostTensor, type HostTensor } from '../../engine'
import { matmul } from '../../engine/ops/matmul'
import { relu } from '../../engine/ops/elementwise'
import type { JobContext } from '../job-context'

type Config = z.infer<typeof EngineSmokeConfig>

/** y = relu(x·W1)·W2 for x of shape (n, n): the FLOPs of two n×n×n matrix products. */
function buildGraph(n: number): Graph {
  const g = new Graph('engine_smoke')
  const x = g.input('x', 'float32', [n, n])
  const w1 = g.input('w1', 'float32', [n, n])
  const w2 = g.input('w2', 'float32', [n, n])
  g.output(matmul(relu(matmul(x, w1)), w2), 'y')
  return g
}

function seededMatrix(n: number, seed: number): HostTensor {
  const data = new Float32Array(n * n)
  let state = seed >>> 0
  for (let i = 0; i < data.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    data[i] = state / 2 ** 32 - 0.5
  }
  return hostTensor(data, [n, n])
}

export async function runEngineSmoke(config: Config, context: JobContext): Promise<void> {
  const n = config.matrixSize
  context.log('info', `building a ${n}×${n} two-layer graph and opening an ONNX Runtime session`)
  const runtime = await Runtime.create({ executionProvider: context.device, intraOpNumThreads: context.intraOpThreads, memoryBudget: context.memoryBudget })
  try {
    const program = await runtime.program('engine_smoke', `n${n}`, () => buildGraph(n))
    const feeds = { x: seededMatrix(n, 1), w1: seededMatrix(n, 2), w2: seededMatrix(n, 3) }
    const flops = 4 * n ** 3
    context.progress(0, config.steps, 'running')
    for (let step = 1; step <= config.steps; step++) {
      await context.checkpoint()
      const started = performance.now()
      const { y } = await program.run(feeds)
      const ms = performance.now() - started
      const output = (y?.data ?? new Float32Array()) as Float32Array
      context.metrics(step, { step_ms: ms, gflops: flops / ms / 1e6, output_mean: mean(output) })
      context.progress(step, config.steps, 'running')
      if (config.stepDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, config.stepDelayMs))
    }
    context.log('info', `finished ${config.steps} steps`)
  } finally {
    await runtime.dispose()
  }
}

function mean(values: Float32Array): number {
  let sum = 0
  for (const v of values) sum += v
  return values.length ? sum / values.length : 0
}
