// Remembers the curves of a comparison between redraws. Building a panel from 8 runs × 20,000 rows is mostly
// per-run work (pick the metric's column, smooth it) and per-group work (mean and band over seeds); while runs
// stream, only the runs that received rows — and the groups holding them — change, so only those are redone.
// An entry is reused while its run's columns are the same object with the same length (the cache appends in
// place; a rebuild makes a new object) and the settings that shape it are unchanged.
import type { GroupCurve, MetricColumns, RunCurve } from '../../../src-preload/analysis'

interface Entry<T> {
  inputs: readonly unknown[]
  value: T
}

const sameInputs = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((v, i) => v === b[i])

class Memo<T> {
  private readonly entries = new Map<string, Entry<T>>()
  private used = new Set<string>()

  get(key: string, inputs: readonly unknown[], compute: () => T): T {
    this.used.add(key)
    const entry = this.entries.get(key)
    if (entry && sameInputs(entry.inputs, inputs)) return entry.value
    const value = compute()
    this.entries.set(key, { inputs, value })
    return value
  }

  /** Forgets what was not asked for since the last sweep (runs unpicked, settings changed). */
  sweep(): void {
    for (const key of this.entries.keys()) if (!this.used.has(key)) this.entries.delete(key)
    this.used = new Set()
  }
}

export class CurveCache {
  private readonly curves = new Memo<RunCurve>()
  private readonly groups = new Memo<GroupCurve | null>()

  curve(runId: string, columns: MetricColumns, metric: string, settingsKey: string, compute: () => RunCurve): RunCurve {
    return this.curves.get(`${runId}\n${metric}`, [columns, columns.length, settingsKey], compute)
  }

  /** A group's curve, reused while every one of its run curves is the same object and the band kind is unchanged. */
  group(groupKey: string, metric: string, band: string, curves: readonly RunCurve[], compute: () => GroupCurve | null): GroupCurve | null {
    return this.groups.get(`${groupKey}\n${metric}`, [band, ...curves], compute)
  }

  sweep(): void {
    this.curves.sweep()
    this.groups.sweep()
  }
}
