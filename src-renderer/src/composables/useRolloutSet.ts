// The sampled responses of one run at one iteration or at all of them, for the rollout browser: iterations are
// read one file at a time (runs.rollouts, cached by useRollouts for iterations that can no longer change) with the
// progress shown, and a new choice abandons a load still in progress.
import { ref, shallowRef, watch, type Ref } from 'vue'
import type { RolloutRecord, RunSummary } from '../../../src-preload/contract/schemas'
import { errorMessage } from './useApi'
import { fetchRollouts } from './useRollouts'

/** One iteration, or every iteration that has rollouts. */
export type IterationChoice = number | 'all'

export function useRolloutSet(run: Ref<RunSummary | null>, steps: Ref<number[] | null>, choice: Ref<IterationChoice | null>) {
  const records = shallowRef<RolloutRecord[]>([])
  const loaded = ref(0)
  const total = ref(0)
  const loading = ref(false)
  const error = ref<string | null>(null)
  let generation = 0

  async function load(): Promise<void> {
    const mine = ++generation
    const current = run.value
    const wanted = choice.value
    const available = steps.value ?? []
    const iterations = !current || wanted === null ? [] : wanted === 'all' ? [...available].reverse() : [wanted]
    records.value = []
    loaded.value = 0
    total.value = iterations.length
    error.value = null
    if (!current || iterations.length === 0) return
    loading.value = true
    const collected: RolloutRecord[] = []
    try {
      for (const iteration of iterations) {
        const batch = await fetchRollouts(current, iteration)
        if (mine !== generation) return
        collected.push(...batch)
        loaded.value += 1
        // Show what has arrived every few files, so the newest iterations appear at once.
        if (loaded.value % 5 === 0 || loaded.value === iterations.length) records.value = [...collected]
      }
    } catch (caught) {
      if (mine === generation) error.value = errorMessage(caught)
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  watch(() => [run.value?.id, choice.value, choice.value === 'all' ? steps.value?.length : null], load, { immediate: true })
  return { records, loaded, total, loading, error }
}
