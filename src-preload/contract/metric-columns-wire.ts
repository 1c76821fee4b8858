// A run's metrics rows as columns, the form the one large transfer of the app travels in: a comparison opens 8 runs
// × 20,000 rows, about 40 MB of JSON rows per run that both sides would parse and validate value by value. Packed
// as float64 columns in one array — the steps, the times, then each metric's values — a run is about 9 MB of
// plain memory: Electron's IPC copies it as one block, browser mode sends it as binary over HTTP
// (binary-message.ts), and the receiver reads the columns as views without a pass over the values. NaN marks a
// row that did not log a metric, as in the analysis's MetricColumns.
import { z } from 'zod'
import type { MetricsRow } from './schemas'

/** Rows as parallel columns: `steps[i]`, `times[i]` and every column's `[i]` are row i. */
export interface ColumnarRows {
  steps: Float64Array
  times: Float64Array
  columns: Map<string, Float64Array>
}

export const MetricColumnsPayload = z
  .object({
    rows: z.number().int().min(0),
    /** The metrics logged in these rows, in the order their columns follow the steps and the times. */
    names: z.array(z.string().min(1)),
    /** `rows` steps, `rows` times, then `rows` values of each name in order. */
    values: z.instanceof(Float64Array),
  })
  .superRefine((payload, context) => {
    const expected = payload.rows * (payload.names.length + 2)
    if (payload.values.length !== expected) {
      context.addIssue({ code: 'custom', path: ['values'], message: `expected ${expected} values (${payload.rows} rows × ${payload.names.length + 2} columns), got ${payload.values.length}` })
    }
  })
export type MetricColumnsPayload = z.infer<typeof MetricColumnsPayload>

/**
 * Rows (in the order given) as columns; a metric a row did not log is NaN there. Consecutive rows log mostly the same
 * names in the same order (a run writes each iteration's metrics so, validation adds some every few rows), so the
 * previous row's names and their columns are kept by position: a name that matches its position needs no lookup,
 * which halves the time for a long run's rows (20,000 × 56 values: 45 → 21 ms).
 */
export function rowsToColumns(rows: readonly MetricsRow[]): ColumnarRows {
  const n = rows.length
  const steps = new Float64Array(n)
  const times = new Float64Array(n)
  const columns = new Map<string, Float64Array>()
  const namesAt: string[] = []
  const columnsAt: Float64Array[] = []
  for (let i = 0; i < n; i++) {
    const row = rows[i] as MetricsRow
    steps[i] = row.step
    times[i] = row.time
    // One object read by name inside a for-in over it: V8 then reads the values through the loop's key cache.
    const values = row.values
    let k = 0
    for (const name in values) {
      if (namesAt[k] !== name) {
        let column = columns.get(name)
        if (!column) {
          column = new Float64Array(n).fill(Number.NaN)
          columns.set(name, column)
        }
        namesAt[k] = name
        columnsAt[k] = column
      }
      const column = columnsAt[k] as Float64Array
      column[i] = values[name] as number
      k += 1
    }
  }
  return { steps, times, columns }
}

/** Which metrics' columns a runs.metricColumns answer holds: `names` only, all but `except`, or (neither) all. */
export interface ColumnChoice {
  names?: readonly string[]
  except?: readonly string[]
}

/** The rows with the chosen columns only (the same arrays, not copies). */
export function chooseColumns(rows: ColumnarRows, { names, except }: ColumnChoice): ColumnarRows {
  if (!names && !except) return rows
  return { ...rows, columns: new Map([...rows.columns].filter(([name]) => (names ? names.includes(name) : !except?.includes(name)))) }
}

/** The columns copied into one packed array. */
export function packColumns(rows: ColumnarRows): MetricColumnsPayload {
  const n = rows.steps.length
  const names = [...rows.columns.keys()]
  const values = new Float64Array(n * (names.length + 2))
  values.set(rows.steps, 0)
  values.set(rows.times, n)
  names.forEach((name, k) => values.set(rows.columns.get(name) as Float64Array, (k + 2) * n))
  return { rows: n, names, values }
}

/** Columns packed as the payload packs them (the renderer's cache stores its chunks so too). */
export interface PackedColumns {
  rows: number
  names: readonly string[]
  values: Float64Array
}

/** The packed columns as views of the payload's array (no copy). */
export function unpackColumns(payload: PackedColumns): ColumnarRows {
  const n = payload.rows
  const view = (k: number) => payload.values.subarray(k * n, (k + 1) * n)
  return { steps: view(0), times: view(1), columns: new Map(payload.names.map((name, k) => [name, view(k + 2)])) }
}
