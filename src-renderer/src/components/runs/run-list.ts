// Pure helpers of the run list and the run's action buttons.
import { STOPPED_RUN_STATES, type RunState, type RunSummary } from '../../../../src-preload/contract/schemas'

/**
 * Each queued run's place in the queue (1 = starts next). The host starts queued runs in the order they entered the
 * queue, which is their `updatedAt` (src-main/host/runs-service.ts, startQueued).
 */
export function queuePositions(runs: readonly RunSummary[]): Map<string, number> {
  const queued = runs.filter((r) => r.state === 'queued').sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))
  return new Map(queued.map((run, index) => [run.id, index + 1]))
}

export type RunAction = 'launch' | 'pause' | 'resume' | 'cancel' | 'resume-from-checkpoint' | 'follow-again' | 'delete'

/**
 * The actions a run in this state accepts (mirrors what the host's RunService allows). A run another process
 * trains (the CLI, another window) is read-only here: it is controlled where it runs.
 */
export function runActions(run: Pick<RunSummary, 'state' | 'config' | 'trainedElsewhere'>): RunAction[] {
  if (run.trainedElsewhere) return []
  if (run.config.kind === 'verl') return verlRunActions(run.state, run.config.source.kind === 'ray' || run.config.source.follow)
  switch (run.state) {
    case 'created':
      return ['launch', 'delete']
    case 'queued':
      return ['cancel']
    case 'running':
      return ['pause', 'cancel']
    case 'paused':
      return ['resume', 'cancel']
    case 'completed':
      return ['delete']
    default:
      // runs.launch continues a stopped RL run from its last checkpoint; other kinds start only once.
      return (STOPPED_RUN_STATES as readonly RunState[]).includes(run.state) && run.config.kind === 'rl' ? ['resume-from-checkpoint', 'delete'] : ['delete']
  }
}

/**
 * A verl run is read-only: an import without a follower can only be deleted; a followed one (its files, or a Ray job)
 * can be stopped (Stop ends following, or stops the Ray job) and followed again. Pausing would only pause reading.
 */
function verlRunActions(state: RunState, followed: boolean): RunAction[] {
  if (!followed) return ['delete']
  if (state === 'queued' || state === 'running' || state === 'paused') return ['cancel']
  return state === 'created' ? ['launch', 'delete'] : ['follow-again', 'delete']
}

/** "PRIME", "RLOO", "PRIME-GRPO"… "VERL PRIME" for a verl run, or the run kind for runs that are not RL. */
export function runAlgorithm(run: Pick<RunSummary, 'config'>): string {
  if (run.config.kind === 'verl') return `verl ${run.config.algorithm ?? 'run'}`.toUpperCase()
  return run.config.kind === 'rl' ? run.config.algorithm.toUpperCase() : 'engine check'
}

/**
 * The iteration a stopped RL run resumes from: its last checkpoint, which the trainer writes every
 * `logging.checkpointEvery` iterations (src-main/trainer/jobs/rl.ts). Null when it has none yet, so launching it
 * again starts afresh.
 */
export function resumePoint(run: Pick<RunSummary, 'config' | 'progress'>): number | null {
  if (run.config.kind !== 'rl') return null
  const every = run.config.logging.checkpointEvery
  const iteration = Math.floor(run.progress.step / every) * every
  return iteration > 0 ? iteration : null
}
