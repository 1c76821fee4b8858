// Words for a step and a response, shared by the tooltip and the screen-reader announcement so both say the same.
import { QUANTITY_NAMES, formatCredit } from '../../../../src-preload/analysis'
import type { HeatmapCell, HeatmapRow } from './heatmap-model'

export function truthText(truth: boolean | null): string {
  return truth === null ? 'unknown (the task does not judge steps)' : truth ? 'right' : 'wrong'
}

export function outcomeText(row: HeatmapRow): string {
  const base = row.outcome === 'correct' ? 'correct' : 'incorrect'
  return `${base}${row.record.truncated ? ', truncated at the length limit' : ''}`
}

/** One sentence about a cell, for a live region. */
export function describeCell(promptNumber: number, row: HeatmapRow, cell: HeatmapCell): string {
  return (
    `Prompt ${promptNumber}, response ${row.row}, ${outcomeText(row)}. ` +
    `Step ${cell.step + 1} of ${row.cells.length}: ${cell.text.trim()}. ` +
    `${QUANTITY_NAMES[cell.quantity]} ${formatCredit(cell.value)}. Truth: ${truthText(cell.truth)}. ` +
    'Enter opens the token view.'
  )
}
