// What the RL benches share: a host over a workspace whose trainers' process ids are known (so a bench can read each
// trainer's CPU time, which unlike wall time does not grow when other work shares the cores), the machine they ran
// on, and waiting for a set of runs to finish.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { isFinishedRunState, type RunSummary } from '../../../src-preload/contract/schemas'
import { createHost, type Host } from '../../host/host'
import { forkSourceTrainer } from '../../host/source-trainer'
import type { TrainerProcess } from '../../host/trainer-process'

export interface BenchHost {
  host: Host
  call<T>(method: string, request: unknown): Promise<T>
  /** CPU seconds (user + system) a run's trainer has used so far; null where /proc cannot tell (not Linux). */
  cpuSeconds(runId: string): number | null
}

export function benchHost(workspaceDir: string): BenchHost {
  const trainers = new Map<string, TrainerProcess>()
  const host = createHost({
    workspaceDir,
    spawnTrainer: (runId) => {
      const trainer = forkSourceTrainer()
      if (runId !== null) trainers.set(runId, trainer)
      return trainer
    },
    appInfo: { name: 'prime-workbench', version: 'bench', mode: 'cli', versions: { node: process.versions.node, electron: null, chrome: null } },
  })
  const ticks = clockTicks()
  return {
    host,
    async call<T>(method: string, request: unknown): Promise<T> {
      const reply = await host.dispatch(method, request)
      if (!reply.ok) throw new Error(reply.error.message)
      return reply.result as T
    },
    cpuSeconds(runId) {
      const pid = trainers.get(runId)?.pid
      if (!pid || ticks === null) return null
      try {
        // /proc/<pid>/stat: the command name (field 2) may hold spaces, so count fields after its closing ")".
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
        return (Number(fields[11]) + Number(fields[12])) / ticks // utime, stime (fields 14 and 15 of stat)
      } catch {
        return null
      }
    },
  }
}

function clockTicks(): number | null {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || null
  } catch {
    return null
  }
}

/** "AMD EPYC, 2 cores, load average 7.05 / 8.12 / 9.87 (1, 5, 15 min)". */
export function describeMachine(): string {
  const model = cpus()[0]?.model.trim() ?? 'unknown CPU'
  return `${model}, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')} (1, 5, 15 min)`
}

/** Resolves when every run has finished (completed, failed, cancelled or crashed); `onChange` hears each status. */
export function waitForRuns(host: Host, runs: readonly RunSummary[], onChange: (finished: number) => void = () => {}): Promise<void> {
  return new Promise<void>((resolve) => {
    const check = () => {
      const finished = runs.filter((r) => isFinishedRunState(host.runs.get(r.id).state)).length
      onChange(finished)
      if (finished === runs.length) resolve()
    }
    host.bus.subscribe(({ event }) => event.type === 'run.status' && check())
    check()
  })
}
