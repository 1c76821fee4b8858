// Figures of chosen metrics for every run (runs.figures: computed on the host by the analysis module), in one call
// for the whole table — never one call per row — refreshed while runs log new rows, at most every REFRESH_MS.
import { onScopeDispose, shallowRef, watch, type Ref } from 'vue'
import type { MetricFigures } from '../../../src-preload/contract/schemas'
import { errorMessage, useApi } from './useApi'

const REFRESH_MS = 3000

export type FiguresByRun = Readonly<Record<string, Readonly<Record<string, MetricFigures>>>>

export function useRunFigures(metrics: Ref<readonly string[]>) {
  const api = useApi()
  const figures = shallowRef<FiguresByRun>({})
  const error = shallowRef<string | null>(null)
  let timer: ReturnType<typeof setTimeout> | null = null
  let request = 0

  async function load(): Promise<void> {
    const wanted = [...metrics.value]
    const mine = ++request
    if (wanted.length === 0) {
      figures.value = {}
      return
    }
    try {
      const answer = await api.invoke('runs.figures', { metrics: wanted })
      if (mine === request) {
        figures.value = answer
        error.value = null
      }
    } catch (caught) {
      if (mine === request) error.value = errorMessage(caught)
    }
  }

  function soon(): void {
    if (timer || metrics.value.length === 0) return
    timer = setTimeout(() => {
      timer = null
      void load()
    }, REFRESH_MS)
  }

  watch(() => metrics.value.join('\n'), load, { immediate: true })
  const unsubscribe = api.onEvent((event) => {
    if (event.type === 'run.metrics' || event.type === 'runs.changed') soon()
  })
  onScopeDispose(() => {
    unsubscribe()
    if (timer) clearTimeout(timer)
  })
  return { figures, error }
}
