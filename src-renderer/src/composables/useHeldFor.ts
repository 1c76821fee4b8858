// True once `condition` has held for `ms` without a break; false again as soon as it does not hold.
import { onScopeDispose, ref, watch, type Ref, type WatchSource } from 'vue'

export function useHeldFor(condition: WatchSource<boolean>, ms: number): Ref<boolean> {
  const held = ref(false)
  let timer: ReturnType<typeof setTimeout> | null = null
  const stop = () => {
    if (timer !== null) clearTimeout(timer)
    timer = null
  }
  watch(
    condition,
    (holds) => {
      stop()
      held.value = false
      if (holds) timer = setTimeout(() => (held.value = true), ms)
    },
    { immediate: true },
  )
  onScopeDispose(stop)
  return held
}
