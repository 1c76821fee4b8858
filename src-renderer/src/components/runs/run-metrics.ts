// A run's metrics as the Runs view holds them. Its iterations (one row per step) stay packed columns, as
// runs.metricColumns sends them, and the rows the trainer streams are written into those columns: a run of 20,000
// iterations is a few Float64Arrays that no pass turns into row objects (making them took 250–300 ms of the page's
// main thread, plus the collection of 20,000 objects). Step 0's few lines — the SFT warm start's progress and the
// starting model's validation — share one step, so they stay rows.
import { rowsToColumns, type ColumnarRows } from '../../../../src-preload/contract/metric-columns-wire'
import type { MetricsRow } from '../../../../src-preload/contract/schemas'
import { noRows } from '../../db/columnar-rows'

/** SFT warm-start rows are logged at step 0 with these names (src-main/trainer/jobs/rl.ts). */
export const SFT_LOSS = 'sft/loss'
export const SFT_STEP = 'sft/step'

/** The arrays a run's iterations are views of, with room past `filled` for the rows still to come. */
interface Room {
  filled: number
  steps: Float64Array
  times: Float64Array
  columns: Map<string, Float64Array>
}

export interface RunMetrics {
  /** Step 0's lines as logged. */
  readonly start: readonly MetricsRow[]
  /** Iterations 1…, in step order, one row each; NaN where a row did not log a metric. */
  readonly iterations: ColumnarRows
  /**
   * What `iterations` are views of, with room for more rows. A row is written in place only after the newest view
   * (the room's `filled` rows), so no view handed out ever changes; a cut (a resumed run) or a full room copies.
   */
  readonly room?: Room
}

export function runMetrics(start: readonly MetricsRow[] = [], iterations: ColumnarRows = noRows()): RunMetrics {
  return { start, iterations }
}

function isSftRow(row: MetricsRow): boolean {
  return row.step === 0 && SFT_STEP in row.values
}

function holds(metrics: RunMetrics, row: MetricsRow): boolean {
  if (row.step === 0) return metrics.start.some((r) => r.time === row.time)
  const { steps, times } = metrics.iterations
  const at = steps.indexOf(row.step)
  return at >= 0 && times[at] === row.time
}

/** The first `count` rows, as views (no copy). */
function head(rows: ColumnarRows, count: number): ColumnarRows {
  const view = (values: Float64Array) => values.subarray(0, count)
  return { steps: view(rows.steps), times: view(rows.times), columns: new Map([...rows.columns].map(([name, values]) => [name, view(values)])) }
}

/** The rows copied into arrays with room for `capacity`. */
function roomFor(rows: ColumnarRows, capacity: number): Room {
  const copy = (values: Float64Array) => {
    const room = new Float64Array(capacity).fill(Number.NaN)
    room.set(values)
    return room
  }
  return { filled: rows.steps.length, steps: copy(rows.steps), times: copy(rows.times), columns: new Map([...rows.columns].map(([name, values]) => [name, copy(values)])) }
}

/** The iterations with `row` after them, written in place when the room allows. */
function withIteration(iterations: ColumnarRows, room: Room | undefined, row: MetricsRow): { iterations: ColumnarRows; room: Room } {
  const n = iterations.steps.length
  const target = room && room.filled === n && room.steps.length > n ? room : roomFor(iterations, n + Math.max(64, n >> 1))
  target.steps[n] = row.step
  target.times[n] = row.time
  for (const [name, column] of target.columns) column[n] = row.values[name] ?? Number.NaN
  for (const name in row.values) {
    if (target.columns.has(name)) continue
    const column = new Float64Array(target.steps.length).fill(Number.NaN)
    column[n] = row.values[name] as number
    target.columns.set(name, column)
  }
  target.filled = n + 1
  return { iterations: head(target, n + 1), room: target }
}

/**
 * Adds a streamed row. A row for an iteration already held means the run was resumed from an earlier checkpoint
 * (the trainer truncated metrics.ndjson there and trains those iterations again): the stale iterations from there on
 * are dropped. A row already held (same step and time, e.g. read from disk and streamed) is ignored. Returns the same
 * object when nothing changed, a new one otherwise.
 */
export function mergeRow(metrics: RunMetrics, row: MetricsRow): RunMetrics {
  if (holds(metrics, row)) return metrics
  if (isSftRow(row)) return { ...metrics, start: [...metrics.start, row] }
  // The starting model's validation again: the run starts over after its warm start.
  if (row.step === 0) return runMetrics([...metrics.start.filter(isSftRow), row])
  const { steps } = metrics.iterations
  let kept = steps.length
  while (kept > 0 && (steps[kept - 1] as number) >= row.step) kept--
  const iterations = kept < steps.length ? head(metrics.iterations, kept) : metrics.iterations
  return { start: metrics.start, ...withIteration(iterations, metrics.room, row) }
}

/** Step 0's rows as columns, made once per list (a panel's every line reads them). */
const startColumns = new WeakMap<readonly MetricsRow[], ColumnarRows>()

/** Step 0's rows, then the iterations: the parts every reader below goes through, in step order. */
function parts(metrics: RunMetrics): ColumnarRows[] {
  if (!metrics.start.length) return [metrics.iterations]
  let start = startColumns.get(metrics.start)
  if (!start) startColumns.set(metrics.start, (start = rowsToColumns(metrics.start)))
  return [start, metrics.iterations]
}

export function rowTotal(metrics: RunMetrics): number {
  return metrics.start.length + metrics.iterations.steps.length
}

/** Every metric some row logged a value of. */
export function metricNames(metrics: RunMetrics): Set<string> {
  const names = new Set<string>()
  for (const part of parts(metrics)) {
    for (const [name, values] of part.columns) if (!names.has(name) && values.some((v) => !Number.isNaN(v))) names.add(name)
  }
  return names
}

export interface Points {
  xs: Float64Array
  ys: Float64Array
}

/** The points of `metric` against `x` (null: the step), in row order: every row with both and a finite value. */
export function metricPoints(metrics: RunMetrics, metric: string, x: string | null): Points {
  const all = parts(metrics)
  const xs = new Float64Array(all.reduce((n, part) => n + part.steps.length, 0))
  const ys = new Float64Array(xs.length)
  let count = 0
  for (const part of all) {
    const column = part.columns.get(metric)
    const along = x === null ? part.steps : part.columns.get(x)
    if (!column || !along) continue
    for (let i = 0; i < column.length; i++) {
      const y = column[i] as number
      const at = along[i] as number
      if (!Number.isFinite(y) || Number.isNaN(at)) continue
      xs[count] = at
      ys[count] = y
      count++
    }
  }
  return { xs: xs.subarray(0, count), ys: ys.subarray(0, count) }
}

function rowAt(part: ColumnarRows, i: number): MetricsRow {
  const values: Record<string, number> = {}
  for (const [name, column] of part.columns) if (!Number.isNaN(column[i])) values[name] = column[i] as number
  return { step: part.steps[i] as number, time: part.times[i] as number, values }
}

/** The last row that logged any of `names`. */
export function lastRowWith(metrics: RunMetrics, names: readonly string[]): MetricsRow | undefined {
  for (const part of parts(metrics).reverse()) {
    const columns = names.flatMap((name) => part.columns.get(name) ?? [])
    for (let i = part.steps.length - 1; i >= 0; i--) if (columns.some((column) => !Number.isNaN(column[i]))) return rowAt(part, i)
  }
  return undefined
}

/** Every row's time (seconds since the epoch), in row order. */
export function rowTimes(metrics: RunMetrics): number[] {
  return parts(metrics).flatMap((part) => Array.from(part.times))
}

/** The sums of `names` over the rows that logged any of them (a name a row lacks counts 0), and how many rows did. */
export function sumsOverRowsWith(metrics: RunMetrics, names: readonly string[]): { sums: number[]; rows: number } {
  const sums = names.map(() => 0)
  let rows = 0
  for (const part of parts(metrics)) {
    const columns = names.map((name) => part.columns.get(name))
    for (let i = 0; i < part.steps.length; i++) {
      if (!columns.some((column) => column && !Number.isNaN(column[i]))) continue
      rows++
      columns.forEach((column, k) => {
        const value = column?.[i] as number
        if (column && !Number.isNaN(value)) sums[k] = (sums[k] as number) + value
      })
    }
  }
  return { sums, rows }
}
