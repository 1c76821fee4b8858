// A ref that follows another at most once per `ms` (first change at once, the last one never lost), so views
// that redraw on streamed data redraw a few times a second however fast rows arrive.
import { onScopeDispose, shallowRef, watch, type Ref, type WatchSource } from 'vue'

/**
 * `ms` may change over time (a getter): read at each change of the source. The value is held as it is (a shallow
 * ref): a deep ref made every row of a 20,000-row run a reactive proxy, and a run's panels took 2 s to read them.
 */
export function useThrottled<T>(source: WatchSource<T>, ms: number | (() => number), initial: T): Ref<T> {
  const value = shallowRef(initial) as Ref<T>
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
