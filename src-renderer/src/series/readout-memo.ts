// A readout's last answer, given again while the runs' columns it read are unchanged. The page asks for the
// readouts (the sample-efficiency table, the paired study) again whenever any held run changes or the readout comes
// back on screen, and each answer costs the worker tens to hundreds of milliseconds over 8 runs × 20,000 rows. An
// answer depends only on what it read, so every read of a run's columns is recorded (which column, over which array
// and how many rows) and replayed against the columns held now: a widen by the metric cache's catch-up keeps the
// arrays read (metric-columns.ts) and is answered from here unless it brought a column the readout looked for, an
// append or a replace is computed again.
import type { MetricColumns } from '../../../src-preload/analysis'

/** What a read returned, comparably: a typed array by its buffer, offset and length; anything else as it is. */
type Stamp = unknown

interface Read {
  runId: string
  member: string
  args: unknown[]
  stamp: Stamp
}

function stampOf(value: unknown): Stamp {
  if (ArrayBuffer.isView(value)) return [value.buffer, value.byteOffset, value.byteLength]
  if (Array.isArray(value)) return value.join('\n')
  return value
}

function sameStamp(a: Stamp, b: Stamp): boolean {
  if (!Array.isArray(a) || !Array.isArray(b)) return a === b
  return a.length === b.length && a.every((v, i) => v === b[i])
}

/** Calls `member` of the columns with `args` (a getter when there are none and it is not a method). */
function readMember(columns: MetricColumns, member: string, args: unknown[]): unknown {
  const value = Reflect.get(columns, member, columns) as unknown
  return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).apply(columns, args) : value
}

export class ReadoutMemo<T> {
  private last: { request: string; reads: Read[]; answer: T } | null = null

  /**
   * The answer to `request` (a key naming everything else the answer depends on): the last one while it was for
   * the same request and every read replays the same, else `compute`'s over recording views of the columns.
   */
  answer(request: string, columnsOf: (runId: string) => MetricColumns, compute: (recorded: (runId: string) => MetricColumns) => T): T {
    const last = this.last
    if (last && last.request === request && last.reads.every((r) => sameStamp(stampOf(readMember(columnsOf(r.runId), r.member, r.args)), r.stamp))) return last.answer
    const reads = new Map<string, Read>()
    const recorded = (runId: string): MetricColumns => {
      const columns = columnsOf(runId)
      const record = (member: string, args: unknown[], value: unknown) => {
        const key = `${runId}\u0000${member}\u0000${JSON.stringify(args)}`
        if (!reads.has(key)) reads.set(key, { runId, member, args, stamp: stampOf(value) })
        return value
      }
      return new Proxy(columns, {
        get(target, member) {
          const value = Reflect.get(target, member, target) as unknown
          if (typeof member !== 'string') return value
          if (typeof value !== 'function') return record(member, [], value)
          return (...args: unknown[]) => record(member, args, (value as (...a: unknown[]) => unknown).apply(target, args))
        },
      })
    }
    const answer = compute(recorded)
    this.last = { request, reads: [...reads.values()], answer }
    return answer
  }
}
