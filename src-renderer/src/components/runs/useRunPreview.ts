// The first prompt the model will see, rendered by the host through the trainer's own encoder (runs.preview), for
// the launch form's settings as they are now: asked again a moment after the settings stop changing. A refusal
// names the setting at fault, so the form can show it beside that field.
import { onScopeDispose, ref, watch, type Ref } from 'vue'
import type { RlConfig } from '../../../../src-preload/contract/rl-config'
import type { RunPreview } from '../../../../src-preload/contract/schemas'
import { ApiCallError } from '../../../../src-preload/contract/wire'
import { errorMessage, useApi } from '../../composables/useApi'

const DELAY_MS = 300
const FIELD_PREFIX = 'request.config.'

export interface RunPreviewState {
  preview: Ref<RunPreview | null>
  /** Why the settings cannot work, and the setting (a dotted config path) it names, if any. */
  error: Ref<{ message: string; path: string | null } | null>
  loading: Ref<boolean>
}

export function useRunPreview(config: Ref<RlConfig | null>): RunPreviewState {
  const api = useApi()
  const preview = ref<RunPreview | null>(null)
  const error = ref<{ message: string; path: string | null } | null>(null)
  const loading = ref(false)
  let timer: ReturnType<typeof setTimeout> | null = null
  let asked = 0
  watch(
    () => (config.value ? JSON.stringify(config.value) : null),
    (key) => {
      if (timer !== null) clearTimeout(timer)
      if (key === null) {
        asked++
        preview.value = null
        error.value = null
        loading.value = false
        return
      }
      timer = setTimeout(async () => {
        const ticket = ++asked
        loading.value = true
        try {
          const result = await api.invoke('runs.preview', { config: JSON.parse(key) as RlConfig })
          if (ticket !== asked) return
          preview.value = result
          error.value = null
        } catch (e) {
          if (ticket !== asked) return
          preview.value = null
          const field = e instanceof ApiCallError ? e.body.field : null
          error.value = { message: errorMessage(e), path: field?.startsWith(FIELD_PREFIX) ? field.slice(FIELD_PREFIX.length) : null }
        } finally {
          if (ticket === asked) loading.value = false
        }
      }, DELAY_MS)
    },
    { immediate: true },
  )
  onScopeDispose(() => {
    if (timer !== null) clearTimeout(timer)
  })
  return { preview, error, loading }
}
