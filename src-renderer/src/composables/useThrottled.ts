// A ref that follows another at most once per `ms` (first change at once, the last one never lost), so views
// that redraw on streamed data redraw a few times a second however fast rows arrive.
import { onScopeDispose, ref, watch, type Ref, type WatchSource } from 'vue'

/** `ms` may change over time (a getter): read at each change of the source. */
export function useThrottled<T>(source: WatchSource<T>, ms: number | (() => number), initial: T): Ref<T> {
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
    const wait = (typeof ms === 'number' ? ms : ms()) - (performance.now() - lastEmit)
    if (wait <= 0) emit()
    else timer = setTimeout(emit, wait)
  }, { immediate: true })
  onScopeDispose(() => {
    if (timer !== null) clearTimeout(timer)
  })
  return value
}
