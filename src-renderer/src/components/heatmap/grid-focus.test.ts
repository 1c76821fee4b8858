import { describe, expect, it } from 'vitest'
import { moveFocus } from './grid-focus'

const rows = [5, 3, 0, 6]

describe('moveFocus', () => {
  it('starts at the first cell and moves with the arrows', () => {
    expect(moveFocus(null, { key: 'ArrowRight' }, rows)).toEqual({ row: 0, col: 1 })
    expect(moveFocus({ row: 0, col: 1 }, { key: 'ArrowDown' }, rows)).toEqual({ row: 1, col: 1 })
    expect(moveFocus({ row: 1, col: 1 }, { key: 'ArrowUp' }, rows)).toEqual({ row: 0, col: 1 })
    expect(moveFocus({ row: 1, col: 1 }, { key: 'ArrowLeft' }, rows)).toEqual({ row: 1, col: 0 })
  })
  it('clamps to the edges and to a shorter row', () => {
    expect(moveFocus({ row: 0, col: 4 }, { key: 'ArrowDown' }, rows)).toEqual({ row: 1, col: 2 })
    expect(moveFocus({ row: 1, col: 2 }, { key: 'ArrowDown' }, rows)).toEqual({ row: 2, col: 0 })
    expect(moveFocus({ row: 3, col: 5 }, { key: 'ArrowRight' }, rows)).toEqual({ row: 3, col: 5 })
    expect(moveFocus({ row: 0, col: 0 }, { key: 'ArrowUp' }, rows)).toEqual({ row: 0, col: 0 })
  })
  it('jumps with Home/End and Ctrl+Home/End', () => {
    expect(moveFocus({ row: 1, col: 1 }, { key: 'End' }, rows)).toEqual({ row: 1, col: 2 })
    expect(moveFocus({ row: 1, col: 1 }, { key: 'Home' }, rows)).toEqual({ row: 1, col: 0 })
    expect(moveFocus({ row: 1, col: 1 }, { key: 'End', ctrlKey: true }, rows)).toEqual({ row: 3, col: 5 })
    expect(moveFocus({ row: 3, col: 3 }, { key: 'Home', ctrlKey: true }, rows)).toEqual({ row: 0, col: 0 })
  })
  it('lets other keys through and does nothing on an empty panel', () => {
    expect(moveFocus({ row: 0, col: 0 }, { key: 'Enter' }, rows)).toBeNull()
    expect(moveFocus(null, { key: 'ArrowDown' }, [])).toBeNull()
  })
})
