// The metrics one run logged at one iteration (its metrics.ndjson row; the later line when a resumed run wrote the
// step twice), for readouts tied to an iteration such as the heatmap's localisation figures. The run's rows are read
// once and then only the new ones as it trains, so dragging the iteration slider reads no file; they are read afresh
// when the run's state changes (a resumed run rewrites the iterations after its checkpoint). Null while loading,
// for an iteration not logged yet, or when the read failed (the view then has nothing extra to show).
import { shallowRef, watch, type Ref } from 'vue'
import type { MetricsRow, RunSummary } from '../../../src-preload/contract/schemas'
import { useApi } from './useApi'

export function useIterationMetrics(run: Ref<RunSummary | null>, iteration: Ref<number | null>): Ref<Record<string, number> | null> {
  const values = shallowRef<Record<string, number> | null>(null)
  let held: { runId: string; state: string; byStep: Map<number, MetricsRow>; next: number } | null = null
  let request = 0

  async function load(): Promise<void> {
    const current = run.value
    const at = iteration.value
    const mine = ++request
    if (!current || at === null) {
      values.value = null
      return
    }
    try {
      if (held?.runId !== current.id || held.state !== current.state) held = { runId: current.id, state: current.state, byStep: new Map(), next: 0 }
      const mineHeld = held
      if (at >= mineHeld.next || !mineHeld.byStep.has(at)) {
        const rows = (await useApi().invoke('runs.metrics', { id: current.id, sinceStep: mineHeld.next })) as MetricsRow[]
        for (const row of rows) mineHeld.byStep.set(row.step, row)
        if (rows.length) mineHeld.next = Math.max(mineHeld.next, (rows.at(-1) as MetricsRow).step + 1)
      }
      if (mine === request) values.value = mineHeld.byStep.get(at)?.values ?? null
    } catch {
      if (mine === request) values.value = null
    }
  }
  watch(() => [run.value?.id, run.value?.state, run.value?.progress.step, iteration.value], load, { immediate: true })
  return values
}
