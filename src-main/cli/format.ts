// Text formatting for the terminal. Numbers are written as every readout writes figures (src-preload/analysis).
import { formatFigure } from '../../src-preload/analysis'

/** A plain-text table with aligned columns; numbers are right-aligned. */
export function formatTable(header: string[], rows: (string | number | null)[][]): string {
  const cells = rows.map((row) => row.map((cell) => (cell === null ? '—' : typeof cell === 'number' ? formatFigure(cell) : cell)))
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]?.length ?? 0)))
  const numeric = header.map((_, i) => rows.every((row) => row[i] === null || typeof row[i] === 'number'))
  const line = (row: string[]) => row.map((cell, i) => (numeric[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ')
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n')
}

