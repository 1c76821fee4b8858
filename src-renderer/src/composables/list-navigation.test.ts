import { describe, expect, it } from 'vitest'
import { nextIndex } from './list-navigation'

describe('nextIndex', () => {
  it('moves by one within bounds and jumps to the ends', () => {
    expect(nextIndex('ArrowDown', 0, 3)).toBe(1)
    expect(nextIndex('ArrowDown', 2, 3)).toBe(2)
    expect(nextIndex('ArrowUp', 0, 3)).toBe(0)
    expect(nextIndex('ArrowUp', 2, 3)).toBe(1)
    expect(nextIndex('Home', 2, 3)).toBe(0)
    expect(nextIndex('End', 0, 3)).toBe(2)
  })

  it('ignores other keys and empty lists', () => {
    expect(nextIndex('a', 0, 3)).toBeNull()
    expect(nextIndex('ArrowDown', 0, 0)).toBeNull()
  })
})
