// The metrics an RL run logs every iteration (one metrics.ndjson line), named after verl's where verl has one, so
// imported verl runs and local runs line up. Views group them into panels; anything not listed still charts.
export interface MetricInfo {
  label: string
  /** Shown after the value ('s', '%', …). */
  unit?: string
  /** Higher is better (for readouts and colouring); undefined when neither. */
  higherIsBetter?: boolean
}

export const METRICS = {
  'critic/score/mean': { label: 'training reward (after filter)', higherIsBetter: true },
  'rollout/acc_before_filter': { label: 'rollout accuracy (before filter)', higherIsBetter: true },
  'rollout/filter_pass_rate': { label: 'filter pass rate' },
  'rollout/buffer_size': { label: 'prompt buffer size' },
  'rollout/top_up_groups': { label: 'failing groups topping up the batch' },
  'response_length/mean': { label: 'response length (mean)', unit: 'tokens' },
  'response_length/max': { label: 'response length (max)', unit: 'tokens' },
  'response_length/clip_ratio': { label: 'responses hitting the length limit' },
  'val/acc': { label: 'validation accuracy (greedy)', higherIsBetter: true },
  'val/acc_se': { label: 'validation accuracy, standard error' },
  'val/items': { label: 'validation items' },
  'val/prm_dpo_acc': { label: 'PRM pairwise accuracy on held-out responses', higherIsBetter: true },
  'test/acc': { label: 'test accuracy (greedy, held out, final policy)', higherIsBetter: true },
  'test/acc_se': { label: 'test accuracy, standard error' },
  'reward_model/loss': { label: 'PRM loss', higherIsBetter: false },
  'reward_model/dpo_acc': { label: 'PRM pairwise accuracy', higherIsBetter: true },
  'reward_model/grad_norm': { label: 'PRM grad norm' },
  'reward_model/reward_correct': { label: 'process reward, correct responses' },
  'reward_model/reward_incorrect': { label: 'process reward, incorrect responses' },
  'reward_model/norm_z': { label: 'process reward normaliser Z' },
  'actor/pg_loss': { label: 'policy loss' },
  'actor/pg_clipfrac': { label: 'clip fraction' },
  'actor/ppo_kl': { label: 'approx. KL (old → new)' },
  'actor/kl_ref': { label: 'KL to reference' },
  'actor/entropy': { label: 'entropy' },
  'actor/entropy_before_update': { label: 'entropy before the update (the sampling policy)' },
  'actor/grad_norm': { label: 'policy grad norm' },
  'actor/lr': { label: 'policy learning rate' },
  'critic/advantages/mean': { label: 'advantages (mean)' },
  'critic/advantages/max': { label: 'advantages (max)' },
  'critic/advantages/min': { label: 'advantages (min)' },
  'critic/returns/mean': { label: 'returns (mean)' },
  'critic/returns/max': { label: 'returns (max)' },
  'critic/returns/min': { label: 'returns (min)' },
  // Localisation within wrong responses (src-main/rl/stepMetrics.ts): top-1 = the lowest-scoring step is the first
  // wrong one (chance = mean 1/steps); AUC = a right step scores above a wrong one, within a response (chance 0.5).
  // Step score = mean of the signal over the step's tokens (`_min`: its minimum).
  'step_validity/credit/top1': { label: 'first-error top-1, policy-gradient credit (advantages)', higherIsBetter: true },
  'step_validity/credit/auc': { label: 'within-response step AUC, policy-gradient credit', higherIsBetter: true },
  'step_validity/process/top1': { label: 'first-error top-1, process reward s/Z', higherIsBetter: true },
  'step_validity/process/auc': { label: 'within-response step AUC, process reward s/Z', higherIsBetter: true },
  'step_validity/ref_surprisal/top1': { label: 'first-error top-1, reference surprisal (baseline)', higherIsBetter: true },
  'step_validity/ref_surprisal/auc': { label: 'within-response step AUC, reference surprisal (baseline)', higherIsBetter: true },
  'step_validity/policy_surprisal/top1': { label: 'first-error top-1, policy surprisal (baseline)', higherIsBetter: true },
  'step_validity/policy_surprisal/auc': { label: 'within-response step AUC, policy surprisal (baseline)', higherIsBetter: true },
  'step_validity/chance_top1': { label: 'first-error top-1 by chance (mean 1/steps)' },
  'step_validity/responses': { label: 'wrong responses scored for localisation' },
  'timing/rollout': { label: 'rollout time', unit: 's' },
  'timing/verify': { label: 'verify time', unit: 's' },
  'timing/prm': { label: 'PRM time', unit: 's' },
  'timing/policy': { label: 'policy update time', unit: 's' },
  'timing/diagnostics': { label: 'diagnostics time (step metrics)', unit: 's' },
  'timing/other': { label: 'other time', unit: 's' },
  'timing/iteration': { label: 'iteration time', unit: 's' },
  // System use of the trainer process per iteration (src-main/trainer/jobs/rl.ts systemMetrics): throughput is the
  // response tokens sampled ÷ the iteration's time; CPU % is the process's CPU time (all its threads) ÷ wall time,
  // 100 = one core busy. Paused time counts in none of them.
  'perf/tokens_per_s': { label: 'throughput (sampled tokens/s)', unit: 'tokens/s', higherIsBetter: true },
  'perf/rss_mb': { label: 'memory (resident)', unit: 'MiB', higherIsBetter: false },
  'perf/peak_rss_mb': { label: 'peak memory (resident)', unit: 'MiB', higherIsBetter: false },
  'perf/cpu_percent': { label: 'CPU (100 = one core)', unit: '%' },
  // Programs compiled during the iteration (src-main/rl/loop/iteration.ts): a new length bucket's warm-up, or a
  // recompile of one whose session was released to stay under the Runtime's memory budget (programs_released).
  'perf/programs_opened': { label: 'programs compiled' },
  'perf/programs_released': { label: 'programs released (memory budget)' },
  'train/samples_seen': { label: 'samples seen' },
  'train/wall_time': { label: 'wall time', unit: 's' },
} as const satisfies Record<string, MetricInfo>

export type MetricName = keyof typeof METRICS

/** A metric's label from METRICS, or its own name for a metric the table does not list. */
export function metricLabel(name: string): string {
  return (METRICS as Record<string, MetricInfo | undefined>)[name]?.label ?? name
}

/**
 * The "training reward" that learning curves, sample-efficiency readouts and reports compare: the mean verifier
 * score of all sampled responses. `critic/score/mean` (verl's name) is measured after the online filter, which keeps
 * only groups with accuracy in [0.2, 0.8]; it sits near 0.5 by construction and hides learning.
 */
export const TRAINING_REWARD: MetricName = 'rollout/acc_before_filter'

/** A panel of the live run view, the Compare view and the report. */
export interface MetricPanel {
  title: string
  /** The panel's own curves; a panel with none of them logged has nothing to show. */
  metrics: MetricName[]
  /** Curves to read the metrics against, drawn beside them (after the metrics: dashed, then dotted). */
  references?: MetricName[]
  /** What the curves measure and on which object, shown with the panel wherever it is drawn. */
  note?: string
}

// Step localisation, one panel per object, each beside the same two yardsticks: reference surprisal (a localiser
// that needs no training; when it already finds the errors, outcome-only PPO does too, src-preload/analysis/gates.ts)
// and chance. The credit the policy gradient received and a process reward are different objects — RLOO's credit is
// uniform within a response and scores exactly chance — so they are never drawn as one family on one axis.
const LOCALISATION_REFERENCES: MetricName[] = ['step_validity/ref_surprisal/top1', 'step_validity/chance_top1']
const LOCALISATION_READING = 'Wrong responses only: how often the step with the lowest mean score is the first wrong step.'
const LOCALISATION_YARDSTICKS = 'Dashed: reference surprisal (−log π_ref, no training); dotted: chance (mean of 1/steps).'

/** Panels of the live run view and the compare view, in the order a researcher reads them. */
export const METRIC_PANELS: MetricPanel[] = [
  { title: 'Reward', metrics: ['critic/score/mean', 'rollout/acc_before_filter'] },
  { title: 'Validation accuracy', metrics: ['val/acc'] },
  { title: 'PRM', metrics: ['reward_model/loss', 'reward_model/dpo_acc'] },
  {
    title: 'Step localisation: policy-gradient credit',
    metrics: ['step_validity/credit/top1'],
    references: LOCALISATION_REFERENCES,
    note: `${LOCALISATION_READING} Score: the per-token advantage the policy gradient received (every algorithm; uniform within a response for outcome-only runs, so it scores chance). ${LOCALISATION_YARDSTICKS}`,
  },
  {
    title: 'Step localisation: process reward s/Z',
    metrics: ['step_validity/process/top1'],
    references: LOCALISATION_REFERENCES,
    note: `${LOCALISATION_READING} Score: the normalised process reward s/Z (PRIME's implicit PRM; the dense-surprisal control's log π_old), before leave-one-out and whitening. ${LOCALISATION_YARDSTICKS}`,
  },
  { title: 'Response length', metrics: ['response_length/mean'] },
  { title: 'Clip fraction', metrics: ['actor/pg_clipfrac'] },
  { title: 'KL', metrics: ['actor/ppo_kl', 'actor/kl_ref'] },
  { title: 'Entropy', metrics: ['actor/entropy'] },
  { title: 'Throughput', metrics: ['perf/tokens_per_s'] },
  { title: 'Memory', metrics: ['perf/rss_mb', 'perf/peak_rss_mb'] },
  { title: 'CPU', metrics: ['perf/cpu_percent'] },
]

/** A panel's curves as drawn: its metrics, then its references. */
export function panelCurves(panel: MetricPanel): MetricName[] {
  return [...panel.metrics, ...(panel.references ?? [])]
}

/** X axes a comparison can use: the iteration, the samples seen so far, or wall time. */
export const X_AXES = {
  iteration: { label: 'iteration', metric: null },
  samples: { label: 'samples seen', metric: 'train/samples_seen' },
  time: { label: 'wall time (s)', metric: 'train/wall_time' },
} as const
