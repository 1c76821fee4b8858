// The engine smoke job: builds a small two-layer graph with the engine's graph builder, runs it in a real
// onnxruntime-node session step after step, and reports the time per step. It proves on any machine that the
// trainer process, ONNX Runtime, the run directory and the live views work together.
import * as ort from 'onnxruntime-node'
import type { z } from 'zod'
import type { EngineSmokeConfig } from '../../../src-preload/contract/schemas'
import { Graph } from '../../engine/graph/graph'
import { serializeModel } from '../../engine/graph/serialize'
import { matmul } from '../../engine/ops/matmul'
import { relu } from '../../engine/ops/elementwise'
import type { JobContext } from '../job-context'

type Config = z.infer<typeof EngineSmokeConfig>

/** y = relu(x·W1)·W2 for x of shape (n, n): the FLOPs of two n×n×n matrix products. */
function buildModel(n: number): Uint8Array {
  const g = new Graph('engine_smoke')
  const x = g.input('x', 'float32', [n, n])
  const w1 = g.input('w1', 'float32', [n, n])
  const w2 = g.input('w2', 'float32', [n, n])
  g.output(matmul(relu(matmul(x, w1)), w2), 'y')
  return serializeModel(g)
}

function seededMatrix(n: number, seed: number): ort.Tensor {
  const data = new Float32Array(n * n)
  let state = seed >>> 0
  for (let i = 0; i < data.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    data[i] = state / 2 ** 32 - 0.5
  }
  return new ort.Tensor('float32', data, [n, n])
}

export async function runEngineSmoke(config: Config, context: JobContext): Promise<void> {
  const n = config.matrixSize
  context.log('info', `building a ${n}×${n} two-layer graph and opening an ONNX Runtime session`)
  const session = await ort.InferenceSession.create(buildModel(n), {
    executionProviders: ['cpu'],
    intraOpNumThreads: context.intraOpThreads,
    extra: { session: { 'intra_op.allow_spinning': '0' } },
  })
  try {
    const feeds = { x: seededMatrix(n, 1), w1: seededMatrix(n, 2), w2: seededMatrix(n, 3) }
    const flops = 4 * n ** 3
    context.progress(0, config.steps, 'running')
    for (let step = 1; step <= config.steps; step++) {
      await context.checkpoint()
      const started = performance.now()
      const { y } = await session.run(feeds)
      const ms = performance.now() - started
      const output = (y?.data ?? new Float32Array()) as Float32Array
      context.metrics(step, { step_ms: ms, gflops: flops / ms / 1e6, output_mean: mean(output) })
      context.progress(step, config.steps, 'running')
      if (config.stepDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, config.stepDelayMs))
    }
    context.log('info', `finished ${config.steps} steps`)
  } finally {
    await session.release()
  }
}

function mean(values: Float32Array): number {
  let sum = 0
  for (const v of values) sum += v
  return values.length ? sum / values.length : 0
}
