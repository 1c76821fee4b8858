// A run's metrics held column by column: one array per metric name, aligned with the steps (NaN where a row did
// not log that metric). Charts read a metric as one array instead of looking a name up in every row — for 8 runs
// × 20,000 rows that is what keeps a redraw within a frame — and streamed rows are appended in place.
import type { MetricsRow } from '../../../src-preload/contract/schemas'

export class MetricColumns {
  readonly steps: number[] = []
  /** The row's `time` stamp (seconds since the epoch). */
  readonly times: number[] = []
  private readonly columns = new Map<string, number[]>()

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
