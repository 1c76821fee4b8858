// Small HTML building blocks for the report: escaped tables and number formats. Cells are text (escaped here) or
// `Html` (markup built by this module's callers from escaped parts).
import { escapeHtml } from './escape'

/** Markup that is already safe to insert. */
export class Html {
  constructor(readonly markup: string) {}
}

export type Cell = string | number | null | Html

function cellMarkup(cell: Cell): string {
  if (cell instanceof Html) return cell.markup
  if (cell === null) return '—'
  return escapeHtml(typeof cell === 'number' ? formatNumber(cell) : cell)
}

export function table(header: readonly string[], rows: readonly (readonly Cell[])[], className = ''): string {
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((row) => row[i] === null || typeof row[i] === 'number'))
  const th = header.map((h, i) => `<th${numeric[i] ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('')
  const body = rows
    .map((row) => `<tr>${row.map((cell, i) => `<td${numeric[i] ? ' class="num"' : ''}>${cellMarkup(cell)}</td>`).join('')}</tr>`)
    .join('\n')
  return `<table${className ? ` class="${className}"` : ''}><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value)
  if (Number.isInteger(value)) return String(value)
  const abs = Math.abs(value)
  if (abs >= 1000) return value.toFixed(0)
  if (abs >= 1e-3) return String(Number(value.toPrecision(3)))
  return value.toExponential(2)
}

export function formatSeconds(seconds: number | null): string | null {
  if (seconds === null || !Number.isFinite(seconds)) return null
  if (seconds < 60) return `${seconds.toFixed(1)} s`
  const s = Math.round(seconds)
  const m = Math.floor(s / 60)
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`
}

/** A ratio as "2.5×" (null stays null). */
export function formatRatio(value: number | null): string | null {
  return value === null ? null : `${value.toFixed(2)}×`
}
