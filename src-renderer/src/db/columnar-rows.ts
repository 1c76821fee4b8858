// Operations on rows held as columns (contract/metric-columns-wire.ts `ColumnarRows`) that the metric cache needs:
// cutting them into chunks, joining chunks, keeping the rows after a step, and reading them back as rows for the
// rare rewrite after a resume. A metric missing from one part is NaN in the joined rows. Rows that are made here
// are packed as the wire packs them (metric-columns-wire.ts): every column a view of one shared buffer (one
// allocation, one transfer, one stored value).
import { unpackColumns, type ColumnarRows } from '../../../src-preload/contract/metric-columns-wire'
import type { MetricsRow } from '../../../src-preload/contract/schemas'

export function noRows(): ColumnarRows {
  return { steps: new Float64Array(0), times: new Float64Array(0), columns: new Map() }
}

export function rowCount(rows: ColumnarRows): number {
  return rows.steps.length
}


/** The parts one after another, in one new buffer (columns missing from a part are NaN there). */
function packParts(parts: readonly { rows: ColumnarRows; start: number; end: number }[]): ColumnarRows {
  const names: string[] = []
  for (const { rows } of parts) for (const name of rows.columns.keys()) if (!names.includes(name)) names.push(name)
  const total = parts.reduce((n, part) => n + part.end - part.start, 0)
  const out = unpackColumns({ rows: total, names, values: new Float64Array(total * (names.length + 2)) })
  let at = 0
  for (const { rows, start, end } of parts) {
    out.steps.set(rows.steps.subarray(start, end), at)
    out.times.set(rows.times.subarray(start, end), at)
    for (const [name, column] of out.columns) {
      const values = rows.columns.get(name)
      if (values) column.set(values.subarray(start, end), at)
      else column.fill(Number.NaN, at, at + end - start)
    }
    at += end - start
  }
  return out
}

/** Rows [start, end) as a packed copy (a stored chunk must not share the memory of the rows it came from). */
export function sliceRows(rows: ColumnarRows, start: number, end: number): ColumnarRows {
  return packParts([{ rows, start, end }])
}

/** The parts one after another (a single part as it is). */
export function concatRows(parts: readonly ColumnarRows[]): ColumnarRows {
  const nonEmpty = parts.filter((part) => rowCount(part) > 0)
  if (nonEmpty.length === 1) return nonEmpty[0] as ColumnarRows
  return packParts(nonEmpty.map((rows) => ({ rows, start: 0, end: rowCount(rows) })))
}

/** The rows whose step is above `step` (rows are in step order). */
export function rowsAfter(rows: ColumnarRows, step: number): ColumnarRows {
  let start = 0
  while (start < rowCount(rows) && (rows.steps[start] as number) <= step) start++
  return start === 0 ? rows : sliceRows(rows, start, rowCount(rows))
}

/** The index of the row with this step, or -1. */
export function indexOfStep(rows: ColumnarRows, step: number): number {
  return rows.steps.indexOf(step)
}

/** Back to row objects (only NaN-free values: a NaN is a metric the row did not log). */
export function columnsToRows(rows: ColumnarRows): MetricsRow[] {
  return Array.from(rows.steps, (step, i) => {
    const values: Record<string, number> = {}
    for (const [name, column] of rows.columns) if (!Number.isNaN(column[i])) values[name] = column[i] as number
    return { step, time: rows.times[i] as number, values }
  })
}
