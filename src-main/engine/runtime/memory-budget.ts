// The Runtime's memory budget (issue 14). Each ORT session keeps its own CPU arena, sized by its program's largest run,
// and onnxruntime-node can neither shrink an arena nor share one between sessions; RL compiles its programs once per
// length bucket, so a long run's sessions piled up until the OOM killer ended it (PRIME s256: 12 GB after 10
// iterations, +3.5-3.9 GB per new bucket). Releasing a session gives its arena back to the OS, with or without the
// trainer's huge-page tunable (src-main/model/bench/session-release.measure.ts: model S, 64 rows, 288 columns, the
// train step's release dropped RSS by 2.9 GB), so idle sessions are released, least recently used first, while the
// process is over the budget, checked after every run; a released one is recompiled on its next run (0.2-1.5 s).
// The session that just ran is kept, so the process peaks at about the budget plus one run's growth (the PRM step at
// 288 columns: up to 4.4 GB); half the machine's memory leaves room for that and for the rest of the app.
import { totalmem } from 'node:os'
import { memoryUsage } from 'node:process'
import type { CompiledProgram } from './runtime'

/** Half the machine's memory, in bytes. */
export function defaultMemoryBudget(): number {
  return Math.round(totalmem() / 2)
}

/**
 * Releases idle sessions (no run pending, not being opened), least recently used first, until the process's resident
 * memory is within `budget`; `justRan` is kept, as its next run would otherwise recompile it. Returns how many went.
 */
export async function releaseOverBudget(programs: CompiledProgram[], justRan: CompiledProgram, budget: number, rss = memoryUsage.rss): Promise<number> {
  if (rss() <= budget) return 0
  const idle = programs.filter((p) => p !== justRan && p.isIdle).sort((a, b) => a.lastUsed - b.lastUsed)
  let released = 0
  for (const program of idle) {
    if (rss() <= budget) break
    // Checked again: a run may have started on it while an earlier release was awaited.
    if (!program.isIdle) continue
    await program.release()
    released++
  }
  return released
}
