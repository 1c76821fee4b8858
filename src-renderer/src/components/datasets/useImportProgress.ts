// The progress bar's state for one import at a time: bytes sent while uploading, then the host's `dataset.progress`
// events for that file (matched by upload id, or by path for an import from a path on the host).
import { onBeforeUnmount, ref } from 'vue'
import type { ApiEvent } from '../../../../src-preload/contract/events'
import { useApi } from '../../composables/useApi'

export interface ImportProgress {
  label: string
  done: number
  total: number
}

export function useImportProgress() {
  const progress = ref<ImportProgress | null>(null)
  let match: ((event: Extract<ApiEvent, { type: 'dataset.progress' }>) => boolean) | null = null

  const unsubscribe = useApi().onEvent((event) => {
    if (event.type !== 'dataset.progress' || !match?.(event)) return
    progress.value = { label: 'Importing', done: event.bytesRead, total: event.totalBytes }
  })
  onBeforeUnmount(unsubscribe)

  return {
    progress,
    uploading(sent: number, total: number): void {
      progress.value = { label: 'Uploading', done: sent, total }
    },
    /** From now on, show the import progress of this upload or path. */
    follow(key: { uploadId: string } | { path: string }): void {
      match = 'uploadId' in key ? (e) => e.uploadId === key.uploadId : (e) => e.path === key.path
    },
    clear(): void {
      match = null
      progress.value = null
    },
  }
}
