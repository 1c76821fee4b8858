// The metric series of the picked runs, for charts: read from the Dexie cache (so a comparison opens with what
// was cached before the host answers), brought up to date from the run directories (`runs.metrics` from the last
// cached step), and extended as the trainer streams rows. The cache is the only path to the view: streamed rows
// are written to Dexie and arrive here through a live query (db/metric-series-reader.ts).
//
// Rows are kept as plain columns (src-preload/analysis/metric-columns.ts), outside Vue's reactivity (20,000 rows × 8 runs of
// proxies would cost more than the charts); `version` counts changes and is what views depend on.
import { markRaw, onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue'
import { isFinishedRunState, type MetricsRow, type RunSummary } from '../../../src-preload/contract/schemas'
import { MetricColumns } from '../../../src-preload/analysis'
import { db } from '../db/instance'
import { MetricCache } from '../db/metric-cache'
import { watchMetricSeries } from '../db/metric-series-reader'
import { errorMessage, useApi } from './useApi'

export type SeriesState = 'loading' | 'ready' | 'error'

let sharedCache: MetricCache | null = null
function metricCache(): MetricCache {
  const api = useApi()
  sharedCache ??= new MetricCache(db, (id, sinceStep) => api.invoke('runs.metrics', { id, sinceStep }))
  return sharedCache
}

export function useMetricSeries(runIds: Ref<readonly string[]>, runs: Ref<readonly RunSummary[]>) {
  const cache = metricCache()
  const columnsByRun = markRaw(new Map<string, MetricColumns>())
  const version = ref(0)
  const metricNames = shallowRef<string[]>([])
  const state = ref<Record<string, SeriesState>>({})
  const errors = ref<Record<string, string>>({})
  const watchers = new Map<string, () => void>()
  const synced = new Set<string>()

  function refreshNames(): void {
    const all = new Set<string>()
    for (const columns of columnsByRun.values()) for (const name of columns.names()) all.add(name)
    const sorted = [...all].sort()
    if (sorted.join('\n') !== metricNames.value.join('\n')) metricNames.value = sorted
  }

  function receive(runId: string, rows: MetricsRow[], replace: boolean): void {
    const held = columnsByRun.get(runId)
    if (replace || !held) columnsByRun.set(runId, MetricColumns.fromRows(rows))
    else held.append(rows)
    refreshNames()
    version.value++
  }

  async function sync(run: RunSummary): Promise<void> {
    try {
      await cache.sync(run)
      state.value = { ...state.value, [run.id]: 'ready' }
      const { [run.id]: _cleared, ...rest } = errors.value
      errors.value = rest
    } catch (error) {
      state.value = { ...state.value, [run.id]: columnsByRun.get(run.id)?.length ? 'ready' : 'error' }
      errors.value = { ...errors.value, [run.id]: errorMessage(error) }
    }
  }

  function start(runId: string): void {
    state.value = { ...state.value, [runId]: 'loading' }
    watchers.set(
      runId,
      watchMetricSeries(db, runId, (update) => receive(runId, update.rows, update.kind === 'replace'), (error) => {
        errors.value = { ...errors.value, [runId]: errorMessage(error) }
      }),
    )
  }

  function stop(runId: string): void {
    watchers.get(runId)?.()
    watchers.delete(runId)
    synced.delete(runId)
    columnsByRun.delete(runId)
    const { [runId]: _state, ...states } = state.value
    state.value = states
    refreshNames()
    version.value++
  }

  // Start watching each picked run at once (cached rows show immediately), and sync it with the host as soon as
  // its summary is known (a saved comparison may be opened before the run list has loaded).
  watch(
    [runIds, runs],
    ([ids, summaries]) => {
      for (const id of [...watchers.keys()]) if (!ids.includes(id)) stop(id)
      for (const id of ids) {
        if (!watchers.has(id)) start(id)
        const summary = summaries.find((r) => r.id === id)
        if (summary && !synced.has(id)) {
          synced.add(id)
          void sync(summary)
        }
      }
    },
    { immediate: true },
  )

  const unsubscribe = useApi().onEvent((event) => {
    if (event.type === 'run.metrics' && watchers.has(event.runId)) cache.add(event.runId, event.row)
    // A run that stops gets a last catch-up from disk, so the cache ends exactly where its metrics.ndjson does.
    if (event.type === 'run.status' && watchers.has(event.run.id) && isFinishedRunState(event.run.state)) {
      void cache.flush(event.run.id).then(() => sync(event.run))
    }
  })

  onScopeDispose(() => {
    unsubscribe()
    void cache.flush()
    for (const id of [...watchers.keys()]) watchers.get(id)?.()
    watchers.clear()
  })

  return { columnsByRun: columnsByRun as ReadonlyMap<string, MetricColumns>, version, metricNames, state, errors }
}
