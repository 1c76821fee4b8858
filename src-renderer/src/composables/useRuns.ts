// The run list, kept current by the host's events and mirrored into Dexie so views can open with cached data
// before the host answers.
import { ref, type Ref } from 'vue'
import type { RunSummary } from '../../../src-preload/contract/schemas'
import { db } from '../db/instance'
import { errorMessage, useApi } from './useApi'

const runs: Ref<RunSummary[]> = ref([])
const loadError = ref<string | null>(null)
let started = false

async function refresh(): Promise<void> {
  try {
    const list = await useApi().invoke('runs.list', {})
    runs.value = list
    loadError.value = null
    cache(list)
  } catch (error) {
    loadError.value = errorMessage(error)
  }
}

/** Mirrors summaries into IndexedDB, as plain copies: Vue's reactive proxies cannot be stored. */
function cache(summaries: RunSummary[]): void {
  const plain = JSON.parse(JSON.stringify(summaries)) as RunSummary[]
  const rows = plain.map((summary) => ({ id: summary.id, summary, syncedAt: Date.now() }))
  db.runs.bulkPut(rows).catch((error: unknown) => console.warn('could not cache runs:', error))
}

/** Summaries changed since the last write to IndexedDB; progress streams many times a second, so writes batch. */
const dirty = new Map<string, RunSummary>()
let flushTimer: ReturnType<typeof setTimeout> | null = null
const CACHE_INTERVAL_MS = 1000

function replace(summary: RunSummary): void {
  const index = runs.value.findIndex((r) => r.id === summary.id)
  if (index === -1) runs.value = [summary, ...runs.value]
  else runs.value.splice(index, 1, summary)
  dirty.set(summary.id, summary)
  flushTimer ??= setTimeout(() => {
    flushTimer = null
    cache([...dirty.values()])
    dirty.clear()
  }, CACHE_INTERVAL_MS)
}

function start(): void {
  if (started) return
  started = true
  void db.runs.toArray().then((cached) => {
    if (runs.value.length === 0) runs.value = cached.map((c) => c.summary).sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  })
  useApi().onEvent((event) => {
    if (event.type === 'runs.changed') void refresh()
    if (event.type === 'run.status') replace(event.run)
    if (event.type === 'run.progress') {
      const run = runs.value.find((r) => r.id === event.runId)
      if (run) replace({ ...run, progress: { step: event.step, total: event.total, etaSeconds: event.etaSeconds } })
    }
  })
  void refresh()
}

export function useRuns() {
  start()
  return { runs, loadError, refresh }
}
