// What the heatmap can say about a run that has no rollouts to show, so the empty state tells the user what to do
// next instead of showing a blank grid.
import { describeTask } from '../../../../src-preload/contract/rl-config'
import type { RunSummary } from '../../../../src-preload/contract/schemas'

/**
 * "name · prime · seed 1 · arith-chain L1 · completed" — what a run picker shows for a run: the seed is there even
 * when a long name would hide it, so two runs of one comparison never read the same.
 */
export function runLabel(run: RunSummary): string {
  const what =
    run.config.kind === 'rl'
      ? `${run.config.algorithm} · seed ${run.config.seed} · ${describeTask(run.config.task)}`
      : run.config.kind === 'verl'
        ? `verl ${run.config.algorithm ?? 'run'}${run.config.seed === null ? '' : ` · seed ${run.config.seed}`}`
        : 'engine smoke'
  return `${run.name} · ${what} · ${run.state}`
}

/** Why a run has no rollouts at all, and what to do about it. */
export function noRolloutsReason(run: RunSummary): { title: string; text: string } {
  if (run.config.kind === 'verl') {
    return {
      title: 'verl saved no rollouts for this run',
      text: 'verl writes rollout dumps only with trainer.rollout_data_dir set (the PRIME recipe writes none); import the run with its rollouts folder to see its responses and scores here.',
    }
  }
  if (run.config.kind !== 'rl') {
    return {
      title: 'Engine smoke runs sample no responses',
      text: 'This run times the training engine and writes no rollouts. Pick a PRIME or baseline run above, or create one in the Runs view.',
    }
  }
  if (run.config.logging.rolloutSamples === 0) {
    return {
      title: 'This run writes no rollouts',
      text: 'It was created with logging.rolloutSamples = 0. Create a run with rollout samples above 0 to see its step rewards here.',
    }
  }
  if (run.state === 'created' || run.state === 'queued') {
    return {
      title: 'This run has no sampled rollouts yet',
      text: 'Rollouts are written every iteration by PRIME and baseline runs. Launch the run from the Runs view; its first iteration appears here when it finishes.',
    }
  }
  if (run.state === 'running' || run.state === 'paused') {
    return {
      title: 'No rollouts written yet',
      text: 'Rollouts are written at the end of every iteration. The first one appears here as soon as iteration 1 finishes.',
    }
  }
  return {
    title: 'This run has no sampled rollouts',
    text: `The run stopped (${run.state}) without writing any rollouts/<iteration>.ndjson. Check its log in the Runs view.`,
  }
}
