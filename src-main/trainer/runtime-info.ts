// The trainer's answer to describe-runtime: the engine's view of ONNX Runtime (version, and which execution
// providers this process can really open, with the reason when one cannot) plus facts about the process.
import { availableParallelism } from 'node:os'
import type { RuntimeInfo } from '../../src-preload/contract/schemas'
import { describeRuntime as describeEngineRuntime } from '../engine/runtime/providers'

export async function describeRuntime(): Promise<RuntimeInfo> {
  const engine = await describeEngineRuntime()
  return {
    ortVersion: engine.ortVersion,
    executionProviders: engine.executionProviders,
    nodeVersion: process.versions.node,
    platform: `${process.platform}-${process.arch}`,
    cpus: availableParallelism(),
  }
}
