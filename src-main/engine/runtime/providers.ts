// Which execution providers this process can really open. CUDA needs the provider libraries that
// onnxruntime-node's install step downloads (ONNXRUNTIME_NODE_INSTALL=cuda12) plus CUDA 12 / cuDNN 9; the only
// reliable test is to open a tiny session with it, and when that fails the error is the reason shown to the user.
import * as ort from 'onnxruntime-node'
import type { Device } from '../../../src-preload/contract/primitives'
import { Graph } from '../graph/graph'
import { serializeModel } from '../graph/serialize'
import { neg } from '../ops/elementwise'

/** The providers a run can ask for are the devices of the contract (Settings, the trainer's `start` message). */
export type ExecutionProviderName = Device

export interface ExecutionProviderInfo {
  name: string
  available: boolean
  reason?: string
}

export interface RuntimeDescription {
  ortVersion: string
  executionProviders: ExecutionProviderInfo[]
}

let probeModel: Uint8Array | null = null

function tinyModel(): Uint8Array {
  if (!probeModel) {
    const g = new Graph('probe')
    g.output(neg(g.input('x', 'float32', [1])), 'y')
    probeModel = serializeModel(g)
  }
  return probeModel
}

const probes = new Map<ExecutionProviderName, Promise<ExecutionProviderInfo>>()

/** Opens (once per process) a one-node session on `name` and reports whether that worked, and why not. */
export function probeExecutionProvider(name: ExecutionProviderName): Promise<ExecutionProviderInfo> {
  let probe = probes.get(name)
  if (!probe) {
    probe = (async () => {
      try {
        const session = await ort.InferenceSession.create(tinyModel(), { executionProviders: [name], logSeverityLevel: 4 })
        await session.release()
        return { name, available: true }
      } catch (err) {
        const message = (err as Error).message.split('\n')[0] ?? String(err)
        const hint = name === 'cuda' ? ' (install the CUDA provider with `npm run setup:cuda`; needs CUDA 12 and cuDNN 9)' : ''
        return { name, available: false, reason: `${message}${hint}` }
      }
    })()
    probes.set(name, probe)
  }
  return probe
}

export function ortVersion(): string {
  return ort.env.versions.node ?? ort.env.versions.common
}

/** What the Settings page shows: the ORT version and each provider's availability with the reason. */
export async function describeRuntime(): Promise<RuntimeDescription> {
  const executionProviders = [await probeExecutionProvider('cuda'), await probeExecutionProvider('cpu')]
  return { ortVersion: ortVersion(), executionProviders }
}

export interface ProviderChoice {
  provider: ExecutionProviderName
  /** Why this provider was chosen, for run.json and the UI. */
  reason: string
}

/** 'auto' takes CUDA when it opens, else CPU, and says why; an explicit 'cuda' that cannot open is an error. */
export async function chooseExecutionProvider(preference: 'auto' | ExecutionProviderName): Promise<ProviderChoice> {
  if (preference === 'cpu') return { provider: 'cpu', reason: 'CPU requested' }
  const cuda = await probeExecutionProvider('cuda')
  if (cuda.available) return { provider: 'cuda', reason: 'CUDA execution provider opened a session' }
  if (preference === 'cuda') throw new Error(`CUDA execution provider requested but unavailable: ${cuda.reason}`)
  return { provider: 'cpu', reason: `CUDA unavailable, using CPU: ${cuda.reason}` }
}
