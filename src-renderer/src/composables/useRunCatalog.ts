// What the runs filter and the column picker may name: the config paths of the workspace's runs (and of an RL
// config, so a filter on a setting works before the first run of its kind) and the metrics any run has logged
// (runs.metricNames, asked again when runs come or go, when a run logs a metric not seen before, and when one completes).
import { computed, shallowRef, type Ref } from 'vue'
import { SFT_METRIC_PREFIX } from '../../../src-preload/analysis'
import { LAPTOP_PRESET } from '../../../src-preload/contract/rl-config'
import type { RunSummary } from '../../../src-preload/contract/schemas'
import { configPaths } from '../runs/run-fields'
import type { FieldCatalog } from '../runs/run-query'
import { useApi } from './useApi'

const metricNames = shallowRef<string[]>([])
let known = new Set<string>()
let loading: Promise<void> | null = null
let listening = false

function reload(): void {
  loading ??= useApi()
    .invoke('runs.metricNames', {})
    .then((names) => {
      metricNames.value = names
      known = new Set(names)
    })
    .catch((error: unknown) => console.warn('could not list metric names:', error))
    .finally(() => (loading = null))
}

function listen(): void {
  if (listening) return
  listening = true
  useApi().onEvent((event) => {
    if (event.type === 'runs.changed' || (event.type === 'run.status' && event.run.state === 'completed')) reload()
    if (event.type === 'run.metrics' && Object.keys(event.row.values).some((name) => !name.startsWith(SFT_METRIC_PREFIX) && !known.has(name))) reload()
  })
  reload()
}

export function useRunCatalog(runs: Ref<readonly RunSummary[]>): Ref<FieldCatalog> {
  listen()
  const paths = computed(() => configPaths([{ config: LAPTOP_PRESET }, ...runs.value]).filter((path) => path !== 'kind'))
  return computed<FieldCatalog>(() => ({ configPaths: paths.value, metrics: metricNames.value }))
}
