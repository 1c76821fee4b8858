// Whether an element is on screen or within `margin` of it (an IntersectionObserver): work for what nobody can see
// yet (a chart below the fold, a readout at the bottom of the page) waits until it comes near.
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

export function useOnScreen(element: Ref<HTMLElement | null>, margin = '300px 0px'): Ref<boolean> {
  const onScreen = ref(false)
  let observer: IntersectionObserver | null = null
  onMounted(() => {
    if (!element.value) return
    observer = new IntersectionObserver((entries) => (onScreen.value = entries.some((e) => e.isIntersecting)), { rootMargin: margin })
    observer.observe(element.value)
  })
  onBeforeUnmount(() => observer?.disconnect())
  return onScreen
}
