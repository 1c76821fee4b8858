// Reads one run's cached metric series and keeps it current through a Dexie live query on the run's small index
// row (database.ts, v2): when the cache grows, only the chunks from the one last read are read again, and only
// their new rows delivered; when it was rebuilt (a new generation), the whole series is read again. Live queries
// also fire for writes made by another window of the app.
import { liveQuery, type Subscription } from 'dexie'
import type { MetricsRow } from '../../../src-preload/contract/schemas'
import { CHUNK_ROWS, type WorkbenchDatabase } from './database'
import { readCachedRows } from './metric-cache'

export type SeriesUpdate = { kind: 'replace'; rows: MetricsRow[] } | { kind: 'append'; rows: MetricsRow[] }

/** Calls `onUpdate` with the cached rows now, then with every change; returns the function that stops watching. */
export function watchMetricSeries(
  db: WorkbenchDatabase,
  runId: string,
  onUpdate: (update: SeriesUpdate) => void,
  onError: (error: unknown) => void = (error) => console.warn(`metric series ${runId}:`, error),
): () => void {
  let generation: number | null = null
  let lastStep = -1
  let held = 0
  let reading = Promise.resolve()
  let stopped = false

  const subscription: Subscription = liveQuery(() => db.metricSeries.get(runId)).subscribe({
    next: (index) => {
      if (!index) return
      // Reads run one after another, each deciding from what the previous one left behind.
      reading = reading
        .then(async () => {
          if (stopped) return
          if (index.generation !== generation) {
            const rows = await readCachedRows(db, runId)
            generation = index.generation
            lastStep = rows.at(-1)?.step ?? -1
            held = rows.length
            if (!stopped) onUpdate({ kind: 'replace', rows })
          } else if (index.lastStep > lastStep) {
            const rows = (await readCachedRows(db, runId, Math.floor(held / CHUNK_ROWS))).filter((row) => row.step > lastStep)
            if (rows.length === 0) return
            lastStep = rows.at(-1)?.step ?? lastStep
            held += rows.length
            if (!stopped) onUpdate({ kind: 'append', rows })
          }
        })
        .catch(onError)
    },
    error: onError,
  })
  return () => {
    stopped = true
    subscription.unsubscribe()
  }
}
