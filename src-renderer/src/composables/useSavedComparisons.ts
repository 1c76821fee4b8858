// Saved comparisons (name, runs, settings) in Dexie, listed through a live query so a comparison saved in another
// window appears here too.
import { liveQuery } from 'dexie'
import { onScopeDispose, ref } from 'vue'
import type { CompareSettings } from '../compare/settings'
import type { SavedComparison } from '../db/database'
import { db } from '../db/instance'

export function useSavedComparisons() {
  const saved = ref<SavedComparison[]>([])
  const subscription = liveQuery(() => db.comparisons.orderBy('createdAt').reverse().toArray()).subscribe({
    next: (rows) => (saved.value = rows),
    error: (error: unknown) => console.warn('could not read saved comparisons:', error),
  })
  onScopeDispose(() => subscription.unsubscribe())

  return {
    saved,
    /** Saves under `name`, replacing a comparison of the same name. */
    async save(name: string, runIds: string[], settings: CompareSettings): Promise<void> {
      // Plain copies: Vue's reactive proxies cannot be stored in IndexedDB.
      const plain = JSON.parse(JSON.stringify({ runIds, settings })) as { runIds: string[]; settings: CompareSettings }
      await db.transaction('rw', db.comparisons, async () => {
        await db.comparisons.where('name').equals(name).delete()
        await db.comparisons.add({ name, createdAt: Date.now(), ...plain })
      })
    },
    remove: (id: number) => db.comparisons.delete(id),
  }
}
