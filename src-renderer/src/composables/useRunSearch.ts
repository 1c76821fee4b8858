// Finding runs wherever runs are picked (the Compare list, the heatmap's and the rollout browser's pickers): the
// runs filter language (runs/run-query.ts) over names, settings and tags, so `tag:sweep-3` or `seed = 2` works in
// every picker as in the runs table. Text that is not a valid filter is searched as plain text.
import { computed, type Ref } from 'vue'
import type { RunSummary } from '../../../src-preload/contract/schemas'
import { matchesText, type RunRow } from '../runs/run-fields'
import { compileQuery, matches } from '../runs/run-query'
import { useRunCatalog } from './useRunCatalog'
import { useRunTags } from './useRunTags'

export function useRunSearch(runs: Ref<readonly RunSummary[]>, text: Ref<string>) {
  const tags = useRunTags()
  const catalog = useRunCatalog(runs)
  const rows = computed<RunRow[]>(() => runs.value.map((summary) => ({ summary, tags: tags.value.get(summary.id) ?? [] })))
  const found = computed(() => {
    const query = text.value.trim()
    if (!query) return runs.value
    const compiled = compileQuery(query, catalog.value)
    const test = compiled.ok ? (row: RunRow) => matches(compiled.node, row) : (row: RunRow) => matchesText(row, query)
    return rows.value.filter(test).map((row) => row.summary)
  })
  return { found, tags }
}
