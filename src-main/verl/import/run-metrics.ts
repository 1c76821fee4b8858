// A verl run's steps as the workbench's metrics rows (src-main/trainer/RUN-FOLDER.md, metrics.ndjson): verl names
// mapped (metric-names.ts), several log calls of one step merged into one row (verl logs validation separately:
// before training at step 0, after the last step at total + 1), and the run's wall time as `train/wall_time` —
// verl's `elapsed_seconds` where the file logger writes it, else the sum of `timing_s/step` so far.
import type { MetricsRow } from '../../../src-preload/contract/schemas'
import { mapMetricNames } from './metric-names'
import type { StepValues } from './step-lines'

const WALL_TIME = 'train/wall_time'
const STEP_TIME = 'timing_s/step'

export class RunMetrics {
  private readonly byStep = new Map<number, MetricsRow>()
  private readonly stepSeconds = new Map<number, number>()
  private readonly nonFinite = new Map<string, number>()
  private wallTime = 0

  /** Adds one log call's values; returns the step's row as it now stands (what a follower writes and streams). */
  add(entry: StepValues, time: number): MetricsRow {
    for (const name of entry.nonFinite) this.nonFinite.set(name, (this.nonFinite.get(name) ?? 0) + 1)
    const values = mapMetricNames(entry.values)
    const seconds = entry.values[STEP_TIME]
    if (seconds !== undefined && !this.stepSeconds.has(entry.step)) {
      this.stepSeconds.set(entry.step, seconds)
      this.wallTime += seconds
    }
    if (entry.elapsed !== null) values[WALL_TIME] = entry.elapsed
    else if (seconds !== undefined) values[WALL_TIME] = this.wallTime
    const earlier = this.byStep.get(entry.step)
    const row: MetricsRow = { step: entry.step, time: earlier?.time ?? time, values: { ...earlier?.values, ...values } }
    this.byStep.set(entry.step, row)
    return row
  }

  /** Every step's row, in step order. */
  rows(): MetricsRow[] {
    return [...this.byStep.values()].sort((a, b) => a.step - b.step)
  }

  lastStep(): number {
    let last = 0
    for (const step of this.byStep.keys()) last = Math.max(last, step)
    return last
  }

  /** "name (count)" for each metric that had NaN or infinite values, for the run's log. */
  nonFiniteSummary(): string | null {
    if (this.nonFinite.size === 0) return null
    const parts = [...this.nonFinite.entries()].map(([name, count]) => `${name} (${count})`)
    return `values that were NaN or infinite are not charted: ${parts.join(', ')}`
  }
}
