// Light or dark theme, following the system until the user picks one; the choice is remembered.
import { ref, watchEffect } from 'vue'

type Theme = 'light' | 'dark'
const STORAGE_KEY = 'prime-workbench.theme'
const stored = localStorage.getItem(STORAGE_KEY)
const theme = ref<Theme>(
  stored === 'light' || stored === 'dark' ? stored : matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light',
)
watchEffect(() => (document.documentElement.dataset.theme = theme.value))

export function useTheme() {
  return {
    theme,
    toggle(): void {
      theme.value = theme.value === 'dark' ? 'light' : 'dark'
      localStorage.setItem(STORAGE_KEY, theme.value)
    },
  }
}
