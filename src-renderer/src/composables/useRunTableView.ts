// The runs table's current view (filter, columns, sort) for the session, and its saved views in Dexie: opening a
// saved view copies it into the current one; saving stores the current one under a name (replacing one of that
// name). Saved views are listed through a live query, so one saved in another window appears here too.
import { liveQuery } from 'dexie'
import { reactive, shallowRef } from 'vue'
import type { SavedRunView } from '../db/database'
import { db } from '../db/instance'
import { defaultRunTableView, readRunTableView, type RunTableView } from '../runs/table-view'

const current = reactive<RunTableView>(defaultRunTableView())
const saved = shallowRef<SavedRunView[]>([])
let listening = false

function apply(view: RunTableView): void {
  const next = readRunTableView(structuredClone(view))
  current.query = next.query
  current.columns = next.columns
  current.sort = next.sort
}

export function useRunTableView() {
  if (!listening) {
    listening = true
    liveQuery(() => db.runViews.orderBy('name').toArray()).subscribe({
      next: (rows) => (saved.value = rows.map((row) => ({ ...row, view: readRunTableView(row.view) }))),
      error: (error: unknown) => console.warn('could not read saved run views:', error),
    })
  }
  return {
    view: current,
    saved,
    apply,
    reset: () => apply(defaultRunTableView()),
    async save(name: string): Promise<void> {
      // A plain copy: Vue's reactive proxies cannot be stored in IndexedDB.
      const view = readRunTableView(JSON.parse(JSON.stringify(current)))
      await db.transaction('rw', db.runViews, async () => {
        await db.runViews.where('name').equals(name).delete()
        await db.runViews.add({ name, view, createdAt: Date.now() })
      })
    },
    remove: (id: number) => db.runViews.delete(id),
  }
}
