// Keyboard focus in a heatmap panel: one focused cell, moved by the arrow keys across prompt blocks as if the
// panel's rows were one list (a WAI-ARIA grid's movement: arrows, Home/End within a row, Ctrl+Home/End to the ends).

export interface CellFocus {
  /** Index into the panel's rows, counted across prompt blocks. */
  row: number
  /** Step index. */
  col: number
}

export interface FocusKey {
  key: string
  ctrlKey?: boolean
}

/**
 * The focus after a key press, or null when the key is not a movement key (so the caller lets it through).
 * `cellsPerRow[i]` is how many steps row i has; a row without steps can hold the focus at col 0 (its label).
 */
export function moveFocus(focus: CellFocus | null, event: FocusKey, cellsPerRow: readonly number[]): CellFocus | null {
  if (cellsPerRow.length === 0) return null
  const lastCol = (row: number) => Math.max(0, (cellsPerRow[row] ?? 1) - 1)
  const clamp = (row: number, col: number): CellFocus => {
    const r = Math.min(Math.max(row, 0), cellsPerRow.length - 1)
    return { row: r, col: Math.min(Math.max(col, 0), lastCol(r)) }
  }
  const at = focus ? clamp(focus.row, focus.col) : { row: 0, col: 0 }
  switch (event.key) {
    case 'ArrowUp':
      return clamp(at.row - 1, at.col)
    case 'ArrowDown':
      return clamp(at.row + 1, at.col)
    case 'ArrowLeft':
      return clamp(at.row, at.col - 1)
    case 'ArrowRight':
      return clamp(at.row, at.col + 1)
    case 'Home':
      return event.ctrlKey ? clamp(0, 0) : clamp(at.row, 0)
    case 'End':
      return event.ctrlKey ? clamp(cellsPerRow.length - 1, lastCol(cellsPerRow.length - 1)) : clamp(at.row, lastCol(at.row))
    case 'PageUp':
      return clamp(at.row - 10, at.col)
    case 'PageDown':
      return clamp(at.row + 10, at.col)
    default:
      return null
  }
}
