// Small HTML building blocks for the report: escaped tables. Cells are text (escaped here), numbers (written as
// every readout writes figures, src-preload/analysis/format.ts) or `Html` (markup built by this module's callers
// from escaped parts).
import { formatFigure } from '../../src-preload/analysis'
import { escapeHtml } from './escape'

/** Markup that is already safe to insert. */
export class Html {
  constructor(readonly markup: string) {}
}

export type Cell = string | number | null | Html

function cellMarkup(cell: Cell): string {
  if (cell instanceof Html) return cell.markup
  if (cell === null) return '—'
  return escapeHtml(typeof cell === 'number' ? formatFigure(cell) : cell)
}

/** Numeric columns are right-aligned: those holding only numbers, and those `figureColumns` names (figures as text). */
export function table(header: readonly string[], rows: readonly (readonly Cell[])[], className = '', figureColumns: readonly number[] = []): string {
  const numeric = header.map((_, i) => figureColumns.includes(i) || (rows.length > 0 && rows.every((row) => row[i] === null || typeof row[i] === 'number')))
  const th = header.map((h, i) => `<th${numeric[i] ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('')
  const body = rows
    .map((row) => `<tr>${row.map((cell, i) => `<td${numeric[i] ? ' class="num"' : ''}>${cellMarkup(cell)}</td>`).join('')}</tr>`)
    .join('\n')
  return `<table${className ? ` class="${className}"` : ''}><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`
}
