// The page's side of the series worker (series.worker.ts): one worker per page, started on first use. In browser
// mode the worker fetches the runs' columns over HTTP itself; in the desktop app the page answers its
// requests (only the page reaches the preload bridge). The page passes on what the worker says about runs to
// whoever listens (useMetricSeries).
import type { ColumnChoice, MetricColumnsPayload } from '../../../src-preload/contract/metric-columns-wire'
import type { PrimeApi } from '../../../src-preload/contract/wire'
import { workerApiUrl } from '../api/client'
import { whenDrawn } from '../charts/frameQueue'
import { columnChoice } from '../db/metric-cache'
import type { SeriesState } from './series-service'
import type { WorkerMethods } from './series.worker'
import { connect, transfer, type Remote } from './worker-rpc'

export type PageMethods = {
  fetchColumns(runId: string, sinceStep: number, which?: ColumnChoice): Promise<MetricColumnsPayload>
  grew(runId: string, names: readonly string[], rows: number): void
  state(runId: string, state: SeriesState, error: string | null): void
  /** Resolves once the page's charts have nothing queued to draw and the user has not acted for a moment. */
  idle(): Promise<void>
}

export interface SeriesListener {
  /** The run's rows changed: it now holds `rows` rows logging `names`. */
  grew(runId: string, names: readonly string[], rows: number): void
  state(runId: string, state: SeriesState, error: string | null): void
  /** The worker could not start or stopped: nothing it holds will arrive. */
  failed(message: string): void
}

export interface SeriesClient {
  worker: Remote<WorkerMethods>
  listen(listener: SeriesListener): () => void
}

let shared: SeriesClient | null = null

/**
 * Background work (the metric cache's catch-up: megabytes fetched and written to IndexedDB per run) waits until the
 * user has not clicked, typed or scrolled for this long, so it takes the machine between actions rather than during
 * them — a filter typed in the runs table right after a comparison opened included.
 */
const INPUT_QUIET_MS = 1000
let lastInput = -Infinity
for (const type of ['pointerdown', 'keydown', 'wheel', 'input']) {
  window.addEventListener(type, () => (lastInput = performance.now()), { capture: true, passive: true })
}

async function pageIdle(): Promise<void> {
  for (;;) {
    await whenDrawn()
    const wait = lastInput + INPUT_QUIET_MS - performance.now()
    if (wait <= 0) return
    await new Promise((resolve) => setTimeout(resolve, wait))
  }
}

export function seriesClient(api: PrimeApi): SeriesClient {
  shared ??= startWorker(api)
  return shared
}

function startWorker(api: PrimeApi): SeriesClient {
  const listeners = new Set<SeriesListener>()
  const worker = new Worker(new URL('./series.worker.ts', import.meta.url), { type: 'module', name: 'series' })
  worker.addEventListener('error', (event) => {
    const message = `the chart worker stopped: ${event.message || 'it could not be loaded'}`
    for (const listener of listeners) listener.failed(message)
  })
  const page: PageMethods = {
    // The desktop app's path (its IPC copies the packed columns as one block); they move on to the worker.
    fetchColumns: async (runId, sinceStep, which) => {
      const payload = await api.invoke('runs.metricColumns', { id: runId, sinceStep, ...columnChoice(which) })
      return transfer(payload, [payload.values])
    },
    grew: (runId, names, rows) => {
      for (const listener of listeners) listener.grew(runId, names, rows)
    },
    state: (runId, state, error) => {
      for (const listener of listeners) listener.state(runId, state, error)
    },
    idle: () => pageIdle(),
  }
  const remote = connect<WorkerMethods>(worker, page)
  void remote.useApi(workerApiUrl())
  return {
    worker: remote,
    listen(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
