// One run's sampled responses at one iteration (rollouts/<iteration>.ndjson), checked against the contract's
// RolloutRecord. Iterations that can no longer change (before the run's current step, or of a run that stopped) are
// cached for the session, so dragging the iteration slider back and forth does not re-read files.
import { ref, shallowRef, watch, type Ref } from 'vue'
import { isActiveRunState, type RolloutRecord, type RunSummary } from '../../../src-preload/contract/schemas'
import { parseRolloutRecords } from '../components/heatmap/rollout-records'
import { errorMessage, useApi } from './useApi'

const cache = new Map<string, RolloutRecord[]>()

function isFinal(run: RunSummary, iteration: number): boolean {
  return !isActiveRunState(run.state) || iteration < run.progress.step
}

export async function fetchRollouts(run: RunSummary, iteration: number): Promise<RolloutRecord[]> {
  const key = `${run.id}@${iteration}`
  const cached = cache.get(key)
  if (cached) return cached
  const raw = await useApi().invoke('runs.rollouts', { id: run.id, step: iteration })
  const records = parseRolloutRecords(raw, { runId: run.id, iteration })
  if (isFinal(run, iteration)) cache.set(key, records)
  return records
}

/** How far back from the run's current step to look for its latest rollouts before saying it has none. */
const PROBE_DEPTH = 4

/**
 * The newest iteration with rollouts, looking back a few iterations from the run's current step (the trainer may
 * count iterations from 0 or 1, and the newest file may not be written yet), then at iterations 0 and 1.
 * The contract has no call that lists a run's rollout files; this probing stands in for one.
 */
export async function latestRolloutIteration(run: RunSummary): Promise<number | null> {
  const top = run.progress.step
  const candidates = [...new Set([...Array.from({ length: PROBE_DEPTH }, (_, k) => top - k), 1, 0])].filter((i) => i >= 0)
  for (const iteration of candidates) {
    if ((await fetchRollouts(run, iteration)).length > 0) return iteration
  }
  return null
}

export interface RolloutState {
  records: Ref<RolloutRecord[] | null>
  loading: Ref<boolean>
  error: Ref<string | null>
}

/** The records of `run` at `iteration`, reloaded when either changes or the run advances. */
export function useRollouts(run: Ref<RunSummary | null>, iteration: Ref<number | null>): RolloutState {
  // Shallow: records are replaced whole, never edited, and deep reactivity over every token array costs for nothing.
  const records = shallowRef<RolloutRecord[] | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  let request = 0

  async function load(): Promise<void> {
    const current = run.value
    const at = iteration.value
    const mine = ++request
    if (!current || at === null) {
      records.value = null
      error.value = null
      return
    }
    loading.value = true
    try {
      const loaded = await fetchRollouts(current, at)
      // A slower answer for an iteration the user has already left must not overwrite the newer one.
      if (mine !== request) return
      records.value = loaded
      error.value = null
    } catch (caught) {
      if (mine !== request) return
      records.value = null
      error.value = errorMessage(caught)
    } finally {
      if (mine === request) loading.value = false
    }
  }

  watch(() => [run.value?.id, run.value?.progress.step, run.value?.state, iteration.value], load, { immediate: true })
  return { records, loading, error }
}
