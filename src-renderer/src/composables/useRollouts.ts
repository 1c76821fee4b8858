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

/**
 * The iterations of a run that have sampled rollouts (runs.rolloutSteps: the rollouts/<iteration>.ndjson files on
 * disk), asked again when the run advances or changes state, so a slider never offers an iteration without any.
 */
export function useRolloutSteps(run: Ref<RunSummary | null>) {
  const steps = ref<number[] | null>(null)
  const error = ref<string | null>(null)
  let request = 0
  async function load(): Promise<void> {
    const current = run.value
    const mine = ++request
    if (!current) {
      steps.value = null
      return
    }
    try {
      const found = await useApi().invoke('runs.rolloutSteps', { id: current.id })
      if (mine === request) {
        steps.value = found
        error.value = null
      }
    } catch (caught) {
      if (mine === request) error.value = errorMessage(caught)
    }
  }
  watch(() => [run.value?.id, run.value?.progress.step, run.value?.state], load, { immediate: true })
  return { steps, error }
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
