// A run's metrics held column by column: one array per metric name, aligned with the steps (NaN where a row did
// not log that metric). Charts read a metric as one array instead of looking a name up in every row — for 8 runs
// × 20,000 rows that is what keeps a redraw within a frame — and streamed rows are appended in place.
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

export class MetricColumns {
  readonly steps: number[] = []
  /** The row's `time` stamp (seconds since the epoch). */
  readonly times: number[] = []
  private readonly columns = new Map<string, number[]>()

  /** Rows in step order (`iterationRows` makes them so from a run's file). */
  static fromRows(rows: readonly MetricsRow[]): MetricColumns {
    const columns = new MetricColumns()
    columns.append(rows)
    return columns
  }

  get length(): number {
    return this.steps.length
  }

  names(): string[] {
    return [...this.columns.keys()]
  }

  column(name: string): readonly number[] | undefined {
    return this.columns.get(name)
  }

  /** Rows must come in step order after the last held step (as the metric cache delivers them). */
  append(rows: readonly MetricsRow[]): void {
    for (const row of rows) {
      const last = this.steps[this.steps.length - 1]
      if (last !== undefined && row.step <= last) throw new RangeError(`metric columns: step ${row.step} does not follow step ${last}`)
      const index = this.steps.length
      this.steps.push(row.step)
      this.times.push(row.time)
      for (const name in row.values) {
        let column = this.columns.get(name)
        if (!column) {
          column = new Array<number>(index).fill(Number.NaN)
          this.columns.set(name, column)
        }
        column.push(row.values[name] as number)
      }
      for (const column of this.columns.values()) if (column.length === index) column.push(Number.NaN)
    }
  }
}
