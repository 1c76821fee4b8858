// The machine a benchmark ran on, printed first and last: the development machines are shared and their speed
// drifts from minute to minute (docs/environment.md), so no figure is read without the load it was measured under.
import { cpus, loadavg, totalmem } from 'node:os'

/** "1.4 2.3 1.3" (1, 5 and 15 minutes). */
export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')
}

export function machineLine(): string {
  const cpu = cpus()
  const model = cpu[0]?.model.trim() || 'unknown CPU'
  return `machine: ${model}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; load average ${loadAverage()} (1/5/15 min)`
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}
