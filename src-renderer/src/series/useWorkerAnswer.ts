// A figure the series worker computes for the page (a readout), kept to the latest inputs: one request is in flight
// at a time, and changes meanwhile make one more when it returns — so a dragged slider or streaming rows never queue
// up stale work in the worker. While `active` is false (the readout is off screen) changes are only noted, and one
// request follows when it becomes true.
import { ref, shallowRef, watch, type Ref, type WatchSource } from 'vue'
import { errorMessage } from '../composables/useApi'

export function useWorkerAnswer<T>(ask: () => Promise<T>, sources: WatchSource[], active: Ref<boolean> = ref(true)) {
  const answer = shallowRef<T | null>(null)
  const failure = ref<string | null>(null)
  let inFlight = false
  let stale = false
  async function recompute(): Promise<void> {
    if (inFlight || !active.value) {
      stale = true
      return
    }
    inFlight = true
    stale = false
    try {
      answer.value = await ask()
      failure.value = null
    } catch (error) {
      failure.value = errorMessage(error)
    } finally {
      inFlight = false
    }
    if (stale) void recompute()
  }
  watch(sources, () => void recompute(), { immediate: true })
  watch(active, (now) => now && stale && void recompute())
  return { answer, failure }
}

/**
 * Groups as plain copies: a request crosses to the worker by structured clone, which refuses Vue's proxies (and the
 * worker needs only each run's id, name and config).
 */
export function plainGroups(groups: readonly { key: string; label: string; runs: readonly { id: string; name: string; config: object }[] }[]) {
  return groups.map((g) => ({ key: g.key, label: g.label, runs: g.runs.map((r) => ({ id: r.id, name: r.name, config: JSON.parse(JSON.stringify(r.config)) as object })) }))
}
