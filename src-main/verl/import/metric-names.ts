// verl's metric names onto the workbench's (src-preload/contract/metrics.ts follows verl's names, so most are the
// same: actor/*, critic/*, response_length/*, reward_model/dpo_acc, …). Only names that differ are renamed; every
// other metric keeps its verl name and still charts. Read in verl @ VERL_COMMIT (verl/trainer/ppo/ray_trainer.py,
// metric_utils.py) and verl-recipe @ RECIPE_COMMIT (prime/prime_ray_trainer.py, prime_dp_rm.py).

/** verl name → workbench name. */
export const RENAMED_METRICS: Readonly<Record<string, string>> = {
  // The PRIME recipe's `metrics["acc"] = statistics.mean(scores)`: every response's verifier score, before the filter.
  acc: 'rollout/acc_before_filter',
  // prime_dp_rm.py logs the implicit PRM's cross-entropy as reward_model/dpo_loss.
  'reward_model/dpo_loss': 'reward_model/loss',
  // Phase timers (simple_timer / marked_timer names): generation, verification (the recipe's `verify`, main_ppo's
  // rule-based `reward`), the policy update and the whole step.
  'timing_s/gen': 'timing/rollout',
  'timing_s/verify': 'timing/verify',
  'timing_s/reward': 'timing/verify',
  'timing_s/update_actor': 'timing/policy',
  'timing_s/step': 'timing/iteration',
}

/**
 * verl's validation metrics are `val-core/<data_source>/<acc|reward>/mean@<n>` (ray_trainer.py _val_metrics_update);
 * with its default val_kwargs (greedy, n = 1) `mean@1` is greedy accuracy on the validation files — the workbench's
 * `val/acc`. Only a run validated on a single data source maps: the mean over several sources would need their
 * item counts, which verl does not log.
 */
const VAL_CORE = /^val-core\/(.+)\/(acc|reward)\/mean@1$/

export const VALIDATION_ACCURACY = 'val/acc'

/** The workbench's names for one step's verl values; names neither renamed nor validation are kept as they are. */
export function mapMetricNames(values: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {}
  const validation = new Map<string, { acc?: number; reward?: number }>()
  for (const [name, value] of Object.entries(values)) {
    const core = VAL_CORE.exec(name)
    if (core) {
      const entry = validation.get(core[1] as string) ?? {}
      entry[core[2] as 'acc' | 'reward'] = value
      validation.set(core[1] as string, entry)
    }
    out[RENAMED_METRICS[name] ?? name] = value
  }
  if (validation.size === 1) {
    const [only] = validation.values()
    const accuracy = only?.acc ?? only?.reward
    if (accuracy !== undefined) out[VALIDATION_ACCURACY] = accuracy
  }
  return out
}
