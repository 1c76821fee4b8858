// The metric series of the picked runs, for the Compare view. The series worker (series/) keeps them, off the main
// thread: it shows what the page's IndexedDB cache holds at once, brings it up to date from the run directories
// (`runs.metricColumns` from the last cached step), appends the rows the trainer streams, and computes what the
// view shows from them (ComparePanel and EfficiencyReadout ask it). The page hears only how far each run's rows
// reach and which metrics they log; `version` counts those changes and is what views depend on.
import { markRaw, onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue'
import { isFinishedRunState, type RunSummary } from '../../../src-preload/contract/schemas'
import { seriesClient } from '../series/series-client'
import type { SeriesState } from '../series/series-service'
import { errorMessage, useApi } from './useApi'

export type { SeriesState }

export function useMetricSeries(runIds: Ref<readonly string[]>, runs: Ref<readonly RunSummary[]>) {
  const api = useApi()
  const client = seriesClient(api)
  /** Rows and metric names the worker holds per run (not reactive: `version` says when they changed). */
  const rowsByRun = markRaw(new Map<string, number>())
  const namesByRun = new Map<string, readonly string[]>()
  const version = ref(0)
  const metricNames = shallowRef<string[]>([])
  const state = ref<Record<string, SeriesState>>({})
  const errors = ref<Record<string, string>>({})
  const opened = new Set<string>()
  const synced = new Set<string>()

  function refreshNames(): void {
    const all = new Set<string>()
    for (const names of namesByRun.values()) for (const name of names) all.add(name)
    const sorted = [...all].sort()
    if (sorted.join('\n') !== metricNames.value.join('\n')) metricNames.value = sorted
  }

  const reportError = (runId: string) => (error: unknown) => {
    errors.value = { ...errors.value, [runId]: errorMessage(error) }
  }

  const stopListening = client.listen({
    grew(runId, names, rows) {
      if (!opened.has(runId)) return
      rowsByRun.set(runId, rows)
      namesByRun.set(runId, names)
      refreshNames()
      version.value++
    },
    state(runId, next, error) {
      if (!opened.has(runId)) return
      state.value = { ...state.value, [runId]: next }
      const { [runId]: _cleared, ...rest } = errors.value
      errors.value = error === null ? rest : { ...rest, [runId]: error }
    },
    failed(message) {
      for (const runId of opened) {
        state.value = { ...state.value, [runId]: 'error' }
        errors.value = { ...errors.value, [runId]: message }
      }
    },
  })

  function stop(runId: string): void {
    opened.delete(runId)
    synced.delete(runId)
    rowsByRun.delete(runId)
    namesByRun.delete(runId)
    void client.worker.close(runId)
    const { [runId]: _state, ...states } = state.value
    state.value = states
    refreshNames()
    version.value++
  }

  // Open each picked run at once (cached rows show immediately), and sync it with the host as soon as its summary
  // is known (a saved comparison may be opened before the run list has loaded).
  watch(
    [runIds, runs],
    ([ids, summaries]) => {
      for (const id of [...opened]) if (!ids.includes(id)) stop(id)
      for (const id of ids) {
        if (!opened.has(id)) {
          opened.add(id)
          state.value = { ...state.value, [id]: 'loading' }
          client.worker.open(id).catch(reportError(id))
        }
        const summary = summaries.find((r) => r.id === id)
        if (summary && !synced.has(id)) {
          synced.add(id)
          client.worker.sync({ id, createdAt: summary.createdAt }).catch(reportError(id))
        }
      }
    },
    { immediate: true },
  )

  const unsubscribe = api.onEvent((event) => {
    if (event.type === 'run.metrics' && opened.has(event.runId)) void client.worker.streamed(event.runId, event.row)
    // A run that stops gets a last catch-up from disk, so the cache ends exactly where its metrics.ndjson does.
    if (event.type === 'run.status' && opened.has(event.run.id) && isFinishedRunState(event.run.state)) {
      client.worker.finished({ id: event.run.id, createdAt: event.run.createdAt }).catch(reportError(event.run.id))
    }
  })

  onScopeDispose(() => {
    unsubscribe()
    stopListening()
    void client.worker.flush()
    for (const id of opened) void client.worker.close(id)
    opened.clear()
  })

  return { rowsByRun: rowsByRun as ReadonlyMap<string, number>, version, metricNames, state, errors, client }
}
