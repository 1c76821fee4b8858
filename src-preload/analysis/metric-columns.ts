// A run's metrics held column by column: one float64 array per metric name, aligned with the steps (NaN where a
// row did not log that metric). Charts read a metric as one array instead of looking a name up in every row — for
// 8 runs × 20,000 rows that is what keeps a redraw within a frame — streamed rows are appended in place, and the
// columns a worker decoded from the host's transfer (contract/metric-columns-wire.ts) are adopted without a copy.
import { rowsToColumns, type ColumnarRows } from '../contract/metric-columns-wire'
import type { MetricsRow } from '../contract/schemas'

/** Iterations count from 1; step 0 is the starting model (src-main/trainer/RUN-FOLDER.md). */
export const FIRST_ITERATION = 1

/** Metrics of the SFT warm start's progress, logged at step 0 while it trains (src-main/trainer/jobs/rl.ts). */
export const SFT_METRIC_PREFIX = 'sft/'

/**
 * The rows every analysis reads from a run's metrics.ndjson, one per step in step order: the iterations (step ≥ 1)
 * and, where the run measured it, the starting model at step 0 — the validation right after SFT, so every curve
 * starts where training started. Step 0 also carries the SFT warm start's progress rows (`sft/*`), which no
 * comparison charts: they are left out, and the step's other values make one row. A step written twice is a run
 * resumed from a checkpoint (the file is append-only), and its later line is the true one.
 */
export function iterationRows(rows: readonly MetricsRow[]): MetricsRow[] {
  const byStep = new Map<number, MetricsRow>()
  let start = null as MetricsRow | null
  for (const row of rows) {
    if (row.step >= FIRST_ITERATION) {
      byStep.set(row.step, row)
      continue
    }
    const values = Object.fromEntries(Object.entries(row.values).filter(([name]) => !name.startsWith(SFT_METRIC_PREFIX)))
    if (Object.keys(values).length === 0) continue
    start = { step: 0, time: row.time, values: { ...start?.values, ...values } }
  }
  const iterations = [...byStep.values()].sort((a, b) => a.step - b.step)
  return start ? [start, ...iterations] : iterations
}

const INITIAL_CAPACITY = 64

/** `length` values of `buffer`, the rest of its capacity NaN (grown by doubling, so appends cost O(1) each). */
function grown(buffer: Float64Array, length: number, needed: number): Float64Array {
  if (needed <= buffer.length) return buffer
  const next = new Float64Array(Math.max(needed, 2 * buffer.length, INITIAL_CAPACITY)).fill(Number.NaN)
  next.set(buffer.subarray(0, length))
  return next
}

export class MetricColumns {
  private count = 0
  private stepBuffer: Float64Array = new Float64Array(0)
  private timeBuffer: Float64Array = new Float64Array(0)
  private readonly buffers = new Map<string, Float64Array>()

  /** Rows in step order (`iterationRows` makes them so from a run's file). */
  static fromRows(rows: readonly MetricsRow[]): MetricColumns {
    return MetricColumns.fromColumns(rowsToColumns(rows))
  }

  /** Adopts the arrays as they are (no copy): a worker's decoded columns become a view's without a second pass. */
  static fromColumns(rows: ColumnarRows): MetricColumns {
    const columns = new MetricColumns()
    columns.appendColumns(rows)
    return columns
  }

  get length(): number {
    return this.count
  }

  get steps(): Float64Array {
    return this.stepBuffer.subarray(0, this.count)
  }

  /** The row's `time` stamp (seconds since the epoch). */
  get times(): Float64Array {
    return this.timeBuffer.subarray(0, this.count)
  }

  names(): string[] {
    return [...this.buffers.keys()]
  }

  /** A view of the metric's values, one per step (valid until the next append). */
  column(name: string): Float64Array | undefined {
    return this.buffers.get(name)?.subarray(0, this.count)
  }

  /** The index of the first row at or after `step`. */
  indexOfStep(step: number): number {
    let lo = 0
    let hi = this.count
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((this.stepBuffer[mid] as number) < step) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /**
   * The rows from index `start` on, as views of the held columns (valid until the next append), with only the
   * metrics logged there — what `rowsToColumns` makes of those rows.
   */
  rowsFrom(start: number): ColumnarRows {
    const columns = new Map<string, Float64Array>()
    for (const [name, buffer] of this.buffers) {
      const values = buffer.subarray(start, this.count)
      if (values.some((v) => !Number.isNaN(v))) columns.set(name, values)
    }
    return { steps: this.stepBuffer.subarray(start, this.count), times: this.timeBuffer.subarray(start, this.count), columns }
  }

  /** Rows must come in step order after the last held step (as the metric cache delivers them). */
  append(rows: readonly MetricsRow[]): void {
    if (rows.length) this.appendColumns(rowsToColumns(rows))
  }

  /**
   * The held rows again with more columns: adds the columns not held yet. Those held stay the same arrays, so what
   * was computed from them (a chart's curves) stays valid.
   */
  widen(rows: ColumnarRows): void {
    if (rows.steps.length !== this.count) throw new RangeError(`metric columns: widening ${this.count} rows with ${rows.steps.length}`)
    for (const [name, values] of rows.columns) if (!this.buffers.has(name)) this.buffers.set(name, values)
  }

  /** Columnar rows, in step order after the last held step. The first block into an empty store is adopted as is. */
  appendColumns(rows: ColumnarRows): void {
    const added = rows.steps.length
    if (added === 0) return
    const last = this.count ? (this.stepBuffer[this.count - 1] as number) : Number.NEGATIVE_INFINITY
    for (let i = 0; i < added; i++) {
      const step = rows.steps[i] as number
      const previous = i === 0 ? last : (rows.steps[i - 1] as number)
      if (!(step > previous)) throw new RangeError(`metric columns: step ${step} does not follow step ${previous}`)
    }
    if (this.count === 0) {
      this.stepBuffer = rows.steps
      this.timeBuffer = rows.times
      this.buffers.clear()
      for (const [name, values] of rows.columns) this.buffers.set(name, values)
      this.count = added
      return
    }
    const total = this.count + added
    this.stepBuffer = grown(this.stepBuffer, this.count, total)
    this.timeBuffer = grown(this.timeBuffer, this.count, total)
    this.stepBuffer.set(rows.steps, this.count)
    this.timeBuffer.set(rows.times, this.count)
    for (const [name, values] of rows.columns) {
      const buffer = grown(this.buffers.get(name) ?? new Float64Array(this.count).fill(Number.NaN), this.count, total)
      buffer.set(values, this.count)
      this.buffers.set(name, buffer)
    }
    for (const [name, buffer] of this.buffers) {
      if (rows.columns.has(name)) continue
      const filled = grown(buffer, this.count, total)
      filled.fill(Number.NaN, this.count, total)
      this.buffers.set(name, filled)
    }
    this.count = total
  }
}
