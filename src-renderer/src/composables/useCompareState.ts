// What the Compare view shows — the picked runs and the settings — kept for the page's lifetime, so leaving the
// view and coming back restores the comparison. Saved comparisons (useSavedComparisons) persist it in Dexie.
import { reactive, ref } from 'vue'
import { defaultCompareSettings, type CompareSettings } from '../compare/settings'

const picked = ref<string[]>([])
const settings = reactive<CompareSettings>(defaultCompareSettings())

export function useCompareState() {
  return {
    picked,
    settings,
    update(patch: Partial<CompareSettings>): void {
      Object.assign(settings, patch)
    },
  }
}
