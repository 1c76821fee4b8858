// The chart colours of the current theme, read from the CSS variables of styles.css (so charts and the page agree),
// as a computed value that changes with the theme.
import { computed } from 'vue'
import { useTheme } from '../composables/useTheme'
import type { ChartColors } from './chartOption'

export function readThemeColors(): ChartColors {
  const style = getComputedStyle(document.documentElement)
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback
  return { text: read('--text', '#1d1f24'), muted: read('--muted', '#667085'), border: read('--border', '#d9dbe1'), panel: read('--panel', '#fff') }
}

export function useThemeColors() {
  const { theme } = useTheme()
  // The theme's data attribute is set in a watchEffect; reading after it keeps the colours in step.
  return computed(() => (theme.value, readThemeColors()))
}
