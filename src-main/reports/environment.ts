// Where and with what a report was made: the app, Node, ONNX Runtime (as a real trainer process reports it, the
// same answer the Settings page shows), the platform and the date. Each run adds its own line saying which
// execution provider it trained on (from its events), since a run may have trained elsewhere.
import { availableParallelism } from 'node:os'
import type { RuntimeInfo } from '../../src-preload/contract/schemas'

export interface ReportEnvironment {
  app: string
  appVersion: string
  nodeVersion: string
  /** Null with `runtimeError` when no trainer could be asked. */
  ortVersion: string | null
  executionProviders: string | null
  runtimeError: string | null
  platform: string
  cpus: number
  generatedAt: string
}

export function reportEnvironment(
  app: { name: string; version: string },
  runtime: { info: RuntimeInfo } | { error: string },
  now: Date = new Date(),
): ReportEnvironment {
  const info = 'info' in runtime ? runtime.info : null
  return {
    app: app.name,
    appVersion: app.version,
    nodeVersion: info?.nodeVersion ?? process.versions.node,
    ortVersion: info?.ortVersion ?? null,
    executionProviders: info
      ? info.executionProviders.map((p) => (p.available ? `${p.name} (available)` : `${p.name} (unavailable${p.reason ? `: ${p.reason}` : ''})`)).join('; ')
      : null,
    runtimeError: 'error' in runtime ? runtime.error : null,
    platform: info?.platform ?? `${process.platform}-${process.arch}`,
    cpus: info?.cpus ?? availableParallelism(),
    generatedAt: now.toISOString(),
  }
}

/** Asks `describe` for the runtime, turning a failure into the reason the report shows instead. */
export async function describeRuntimeForReport(describe: () => Promise<RuntimeInfo>): Promise<{ info: RuntimeInfo } | { error: string }> {
  try {
    return { info: await describe() }
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) }
  }
}

/** The trainer's "ONNX Runtime on <provider> (<why>), <n> threads" log line; the last one when a run was resumed. */
export function runtimeLineOf(logLines: readonly string[]): string | null {
  for (let i = logLines.length - 1; i >= 0; i--) {
    const match = /\] (ONNX Runtime on .*)$/.exec(logLines[i] as string)
    if (match?.[1]) return match[1]
  }
  return null
}
