// The trainer's answer to describe-runtime: ONNX Runtime's version and which execution providers this process
// can really open, found by trying (a provider that cannot start says why).
import { availableParallelism } from 'node:os'
import * as ort from 'onnxruntime-node'
import type { RuntimeInfo } from '../../src-preload/contract/schemas'
import { Graph } from '../engine/graph/graph'
import { serializeModel } from '../engine/graph/serialize'
import { relu } from '../engine/ops/elementwise'

/** Opens a one-node session on `provider`; an unavailable provider answers with ONNX Runtime's reason. */
export async function probeProvider(provider: string): Promise<{ name: string; available: boolean; reason?: string }> {
  const g = new Graph('probe')
  g.output(relu(g.input('x', 'float32', [1])), 'y')
  try {
    const session = await ort.InferenceSession.create(serializeModel(g), { executionProviders: [provider] })
    await session.release()
    return { name: provider, available: true }
  } catch (error) {
    return { name: provider, available: false, reason: (error as Error).message.split('\n')[0] }
  }
}

export async function describeRuntime(): Promise<RuntimeInfo> {
  return {
    ortVersion: ort.env.versions.common ?? 'unknown',
    executionProviders: [await probeProvider('cpu'), await probeProvider('cuda')],
    nodeVersion: process.versions.node,
    platform: `${process.platform}-${process.arch}`,
    cpus: availableParallelism(),
  }
}
