// One run's metrics and log, read from its folder and then kept current by the trainer's streamed events. The
// metrics live in a shallowRef (a new value per change, no deep proxies: run-metrics.ts), so charts that watch them
// redraw only when they really changed.
import { onScopeDispose, shallowRef, watch, type Ref } from 'vue'
import { unpackColumns } from '../../../../src-preload/contract/metric-columns-wire'
import { isFinishedRunState, type MetricsRow, type RunSummary } from '../../../../src-preload/contract/schemas'
import type { PrimeApi } from '../../../../src-preload/contract/wire'
import { errorMessage, useApi } from '../../composables/useApi'
import { shownMetrics } from './live-metrics'
import { mergeRow, runMetrics, type RunMetrics } from './run-metrics'

const MAX_LOG_LINES = 2000
const LOG_TAIL = 500

function streamedLogLine(level: string, message: string, time: number): string {
  // Same shape as the lines runs.logs reads from events.ndjson, so streamed and loaded lines look alike.
  return `${new Date(time * 1000).toISOString()} [${level}] ${message}`
}

/**
 * The run's metrics: step 0's lines as written (the SFT warm start's progress and the starting model's validation),
 * then its iterations as packed columns of the metrics the view shows (`runs.metricColumns`, one per step, the later
 * line of a repeated step winning). A run of 20,000 iterations is 45 MB as JSON rows — seconds for the host to send
 * and a second of the page's main thread to read — 9 MB as columns of every metric, 4 MB of the shown ones.
 */
async function readRunMetrics(api: PrimeApi, run: RunSummary): Promise<RunMetrics> {
  const { id } = run
  const names = shownMetrics(run.config)
  const [start, iterations] = await Promise.all([
    api.invoke('runs.metrics', { id, sinceStep: 0, untilStep: 0 }),
    api.invoke('runs.metricColumns', { id, sinceStep: 1, ...(names ? { names } : {}) }),
  ])
  return runMetrics(start, unpackColumns(iterations))
}

export function useRunStream(run: Ref<RunSummary>) {
  const api = useApi()
  const metrics = shallowRef<RunMetrics>(runMetrics())
  const logs = shallowRef<readonly string[]>([])
  const loadError = shallowRef<string | null>(null)
  let generation = 0
  /** Rows streamed while a load reads the files; merged over what the files held. */
  let streamedDuringLoad: MetricsRow[] | null = null

  async function load(): Promise<void> {
    const { id } = run.value
    const mine = ++generation
    streamedDuringLoad = []
    try {
      const [read, lines] = await Promise.all([readRunMetrics(api, run.value), api.invoke('runs.logs', { id, tail: LOG_TAIL })])
      if (mine !== generation) return
      // Rows streamed while the files were being read are merged in, not lost (and not duplicated).
      let merged = read
      for (const row of streamedDuringLoad ?? []) merged = mergeRow(merged, row)
      metrics.value = merged
      logs.value = lines
      loadError.value = null
    } catch (error) {
      if (mine === generation) loadError.value = errorMessage(error)
    } finally {
      if (mine === generation) streamedDuringLoad = null
    }
  }

  const unsubscribe = api.onEvent((event) => {
    if (event.type === 'run.metrics' && event.runId === run.value.id) {
      streamedDuringLoad?.push(event.row)
      const next = mergeRow(metrics.value, event.row)
      if (next !== metrics.value) metrics.value = next
    }
    if (event.type === 'run.log' && event.runId === run.value.id) {
      logs.value = [...logs.value.slice(-(MAX_LOG_LINES - 1)), streamedLogLine(event.level, event.message, event.time)]
    }
  })
  onScopeDispose(unsubscribe)

  watch(
    () => run.value.id,
    () => {
      metrics.value = runMetrics()
      logs.value = []
      void load()
    },
    { immediate: true },
  )
  // When a run stops, its folder holds the full story (the host's crash record included); when a stopped run is
  // resumed, the trainer truncates metrics back to its checkpoint. Either way, re-read the files.
  watch(
    () => run.value.state,
    (state, previous) => {
      const stopped = isFinishedRunState(state)
      const restarted = state === 'running' && previous === 'queued'
      if (stopped || restarted) void load()
    },
  )

  // Another process started or stopped training this run: its files are the story now.
  watch(
    () => run.value.trainedElsewhere?.pid ?? null,
    (pid, previous) => {
      if (pid !== previous) void load()
    },
  )

  return { metrics, logs, loadError, reload: load }
}
