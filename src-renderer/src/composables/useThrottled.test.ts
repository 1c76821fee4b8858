import { describe, expect, it } from 'vitest'
import { effectScope, isReactive, nextTick, shallowRef } from 'vue'
import { useThrottled } from './useThrottled'

describe('useThrottled', () => {
  it('follows its source at most once per interval, the last change never lost, and holds values as they are', async () => {
    const scope = effectScope()
    const rows = shallowRef([{ step: 1, values: { a: 1 } }])
    const shown = scope.run(() => useThrottled(() => rows.value, 40, rows.value))!
    // Not made deeply reactive: reading 20,000 rows through proxies is what made a run's panels take seconds.
    expect(isReactive(shown.value[0])).toBe(false)
    expect(shown.value).toBe(rows.value)

    const second = [{ step: 2, values: { a: 2 } }]
    const third = [{ step: 3, values: { a: 3 } }]
    rows.value = second
    await nextTick()
    rows.value = third
    await nextTick()
    expect(shown.value).not.toBe(third)
    await new Promise((resolve) => setTimeout(resolve, 80))
    expect(shown.value).toBe(third)
    scope.stop()
  })
})
