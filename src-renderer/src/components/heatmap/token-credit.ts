// The token-level view of one response: each token's text (from its character span), the step it belongs to and
// the per-token number chosen (process reward s/Z, implicit reward q, or advantage), laid out line by line.
import type { RolloutRecord } from '../../../../src-preload/contract/schemas'

export type TokenQuantity = 'processReward' | 'q' | 'advantages'

export const TOKEN_QUANTITY_LABELS: Readonly<Record<TokenQuantity, string>> = {
  processReward: 'process reward s/Z',
  q: 'implicit reward q = log πφ − log πref',
  advantages: 'advantage',
}

export interface TokenCell {
  index: number
  id: number
  /** The characters the token produced ('' for a token that produced none, e.g. EOS). */
  text: string
  value: number
  /** Step the token lies in, or null (line breaks between steps, EOS). */
  step: number | null
  truth: boolean | null
}

/** Per-token quantities this record carries, most informative first. */
export function availableTokenQuantities(record: RolloutRecord): TokenQuantity[] {
  return (['processReward', 'q', 'advantages'] as const).filter((q) => record[q] !== null)
}

export function tokenCells(record: RolloutRecord, quantity: TokenQuantity): TokenCell[] {
  const values = record[quantity]
  if (values === null) throw new Error(`row ${record.row} has no per-token ${quantity} (an outcome-only run)`)
  const stepOf = new Array<number | null>(record.tokens.length).fill(null)
  record.steps.forEach((step, k) => stepOf.fill(k, step.tokenStart, step.tokenEnd))
  return record.tokens.map((id, index) => {
    const [start, end] = record.tokenSpans[index]!
    const step = stepOf[index] ?? null
    return { index, id, text: record.response.slice(start, end), value: values[index]!, step, truth: step === null ? null : record.steps[step]!.truth }
  })
}

/** Splits tokens into display lines after every token whose text ends a line. */
export function tokenLines(cells: readonly TokenCell[]): TokenCell[][] {
  const lines: TokenCell[][] = [[]]
  for (const cell of cells) {
    lines.at(-1)!.push(cell)
    if (cell.text.endsWith('\n')) lines.push([])
  }
  return lines.at(-1)!.length === 0 && lines.length > 1 ? lines.slice(0, -1) : lines
}

/** What a token looks like on screen: line breaks and spaces made visible, empty tokens shown by id. */
export function tokenLabel(cell: Pick<TokenCell, 'text' | 'id'>): string {
  if (cell.text === '') return `‹${cell.id}›`
  return cell.text.replace(/\n/g, '↵').replace(/ /g, '·').replace(/\t/g, '→')
}
