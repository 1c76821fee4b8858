// A ref that follows another at most once per `ms` (first change at once, the last one never lost), so views
// that redraw on streamed data redraw a few times a second however fast rows arrive.
import { onScopeDispose, ref, watch, type Ref, type WatchSource } from 'vue'

export function useThrottled<T>(source: WatchSource<T>, ms: number, initial: T): Ref<T> {
  const value = ref(initial) as Ref<T>
  let timer: ReturnType<typeof setTimeout> | null = null
  let latest = initial
  let lastEmit = 0
  const emit = () => {
    timer = null
    lastEmit = performance.now()
    value.value = latest
  }
  watch(source, (next) => {
    latest = next
    if (timer !== null) return
    const wait = ms - (performance.now() - lastEmit)
    if (wait <= 0) emit()
    else timer = setTimeout(emit, wait)
  }, { immediate: true })
  onScopeDispose(() => {
    if (timer !== null) clearTimeout(timer)
  })
  return value
}
