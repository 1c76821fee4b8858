// Every run's tags (its notes in Dexie, runs/RunNotes.vue), kept current by a live query, for the run pickers and
// the runs table: tags are searchable everywhere runs are picked.
import { liveQuery } from 'dexie'
import { shallowRef, type Ref } from 'vue'
import { db } from '../db/instance'

const tags: Ref<ReadonlyMap<string, readonly string[]>> = shallowRef(new Map())
let started = false

export function useRunTags(): Ref<ReadonlyMap<string, readonly string[]>> {
  if (!started) {
    started = true
    liveQuery(() => db.notes.toArray()).subscribe({
      next: (notes) => (tags.value = new Map(notes.filter((n) => n.tags.length).map((n) => [n.runId, n.tags]))),
      error: (error: unknown) => console.warn('could not read run tags:', error),
    })
  }
  return tags
}
