// A workbench run config as a verl launch: the entry point and one Hydra override per setting that has a verl
// counterpart, plus each setting that does not map and why. PRIME runs launch the PRIME recipe
// (`python3 -m recipe.prime.main_prime`, verl-recipe prime/ @ RECIPE_COMMIT: config/prime_trainer.yaml,
// prime_ray_trainer.py, prime_dp_rm.py); the outcome-only baselines launch verl's own trainer
// (`python3 -m verl.trainer.main_ppo`, verl @ VERL_COMMIT: trainer/config/ppo_trainer.yaml, trainer/ppo/core_algos.py)
// with the matching algorithm.adv_estimator. Every key written here exists in one of those two configs (and
// hydra.run.dir in Hydra's own); a test checks them against the key list vendored from those commits
// (fixtures/verl-config-keys.json).
import type { Algorithm, RlConfig } from '../../../src-preload/contract/rl-config'
import { ExportError } from './export-rows'

export type EntryPoint = 'recipe.prime.main_prime' | 'verl.trainer.main_ppo'

/** One `key=value` override; `value` is Hydra's text and may name the launch script's shell variables ($OUT_DIR). */
export interface Override {
  key: string
  value: string
  /** The workbench setting it carries, for the script's comments. */
  from: string
}

export interface Unmapped {
  setting: string
  why: string
}

export interface LaunchPlan {
  entryPoint: EntryPoint
  overrides: Override[]
  unmapped: Unmapped[]
}

/** What the plan needs besides the config: where the script's files are, and facts about the exported data. */
export interface LaunchContext {
  /** Hydra values (shell variables allowed) of the parquet files and the run's output folder. */
  trainFile: string
  validationFile: string
  outDir: string
  modelPath: string
  experimentName: string
  /** Longest exported prompt in tokens (a bound): data.max_prompt_length of a built-in task. */
  maxPromptTokens: number
  trainRows: number
  oversampleFactor: number
}

/** verl's outcome-only estimators for the workbench's baselines (core_algos.py AdvantageEstimator). */
const BASELINE_ESTIMATORS: Partial<Record<Algorithm, string>> = { rloo: 'rloo', grpo: 'grpo', reinforce: 'reinforce_plus_plus' }

const bool = (value: boolean) => (value ? 'True' : 'False')
const num = (value: number) => String(value)

/** data.oversample_factor for a config: verl draws this many times the batch up front; see the unmapped note. */
export function oversampleFactor(config: RlConfig): number {
  return usesRecipe(config.algorithm) && config.filter.enabled ? 1 + config.filter.maxRefillRounds : 1
}

function usesRecipe(algorithm: Algorithm): boolean {
  return algorithm === 'prime'
}

export function launchPlan(config: RlConfig, context: LaunchContext): LaunchPlan {
  const { algorithm } = config
  const recipe = usesRecipe(algorithm)
  const estimator = BASELINE_ESTIMATORS[algorithm]
  if (!recipe && estimator === undefined) {
    throw new ExportError(
      'algorithm',
      `${algorithm} has no verl counterpart: the PRIME recipe's compute_advantage handles rloo only (prime/prime_ray_trainer.py), and verl's main_ppo has no implicit PRM`,
    )
  }
  const overrides: Override[] = []
  const unmapped: Unmapped[] = []
  const set = (key: string, value: string, from: string) => overrides.push({ key, value, from })
  const { rollout, policy, prm, filter, logging, task } = config
  const responsesPerIteration = rollout.promptsPerIteration * rollout.samplesPerPrompt

  set('data.train_files', `['${context.trainFile}']`, 'task (train prompts)')
  set('data.val_files', `['${context.validationFile}']`, 'task (validation prompts)')
  set('data.train_batch_size', num(rollout.promptsPerIteration), 'rollout.promptsPerIteration')
  set('data.max_prompt_length', num(task.kind === 'dataset' ? task.maxPromptTokens : context.maxPromptTokens), task.kind === 'dataset' ? 'task.maxPromptTokens' : 'task (longest prompt)')
  set('data.max_response_length', num(rollout.maxResponseTokens), 'rollout.maxResponseTokens')
  set('data.filter_overlong_prompts', 'True', 'task.maxPromptTokens')
  set('data.shuffle', bool(task.kind === 'dataset' ? task.shuffle : true), task.kind === 'dataset' ? 'task.shuffle' : 'task')
  set('data.seed', num(config.seed), 'seed')

  set('actor_rollout_ref.model.path', context.modelPath, 'model')
  set('actor_rollout_ref.actor.optim.lr', num(policy.lr), 'policy.lr')
  set('actor_rollout_ref.actor.optim.weight_decay', num(policy.weightDecay), 'policy.weightDecay')
  set('actor_rollout_ref.actor.grad_clip', num(policy.gradClip), 'policy.gradClip')
  set('actor_rollout_ref.actor.clip_ratio', num(policy.clipRange), 'policy.clipRange')
  set('actor_rollout_ref.actor.ppo_epochs', num(policy.epochs), 'policy.epochs')
  set('actor_rollout_ref.actor.loss_agg_mode', policy.lossAggregation, 'policy.lossAggregation')
  set('actor_rollout_ref.actor.entropy_coeff', num(policy.entropyCoef), 'policy.entropyCoef')
  // verl's ppo_mini_batch_size counts prompts (it is multiplied by rollout.n); the workbench splits the batch of
  // responses into policy.miniBatches.
  set('actor_rollout_ref.actor.ppo_mini_batch_size', num(Math.max(1, Math.floor(rollout.promptsPerIteration / policy.miniBatches))), 'policy.miniBatches')
  if (rollout.promptsPerIteration % policy.miniBatches !== 0) {
    unmapped.push({ setting: 'policy.miniBatches', why: `verl splits a step into mini-batches of whole prompts; ${rollout.promptsPerIteration} prompts do not divide into ${policy.miniBatches}, so each holds ${Math.floor(rollout.promptsPerIteration / policy.miniBatches)}` })
  }
  // The workbench's KL penalty is verl's use_kl_loss with its low_var_kl estimator (src-main/rl/loop/rl-programs.ts).
  set('actor_rollout_ref.actor.use_kl_loss', bool(policy.klCoef > 0), 'policy.klCoef')
  if (policy.klCoef > 0) {
    set('actor_rollout_ref.actor.kl_loss_coef', num(policy.klCoef), 'policy.klCoef')
    set('actor_rollout_ref.actor.kl_loss_type', 'low_var_kl', 'policy.klCoef')
  }
  set('actor_rollout_ref.rollout.name', 'vllm', 'rollout (generation engine)')
  set('actor_rollout_ref.rollout.n', num(rollout.samplesPerPrompt), 'rollout.samplesPerPrompt')
  set('actor_rollout_ref.rollout.temperature', num(rollout.temperature), 'rollout.temperature')
  set('actor_rollout_ref.rollout.top_p', num(rollout.topP), 'rollout.topP')
  set('actor_rollout_ref.rollout.top_k', num(rollout.topK === 0 ? -1 : rollout.topK), 'rollout.topK')
  // The workbench validates greedily.
  set('actor_rollout_ref.rollout.val_kwargs.do_sample', 'False', 'validation (greedy)')

  if (recipe) {
    set('data.filter_accuracy', bool(filter.enabled), 'filter.enabled')
    set('data.accuracy_lower_bound', num(filter.accuracyLower), 'filter.accuracyLower')
    set('data.accuracy_upper_bound', num(filter.accuracyUpper), 'filter.accuracyUpper')
    set('data.filter_truncate', bool(filter.dropTruncated), 'filter.dropTruncated')
    set('data.oversample_factor', num(context.oversampleFactor), 'filter.maxRefillRounds')
    set('reward_model.enable', 'True', 'algorithm (implicit PRM)')
    set('reward_model.model.path', context.modelPath, 'model (the PRM starts from the policy\'s starting model)')
    // update: before = update, then score (double forward); after = score within the update (single forward).
    set('reward_model.model.update', { single: 'after', double: 'before', none: 'none' }[prm.updateMode], 'prm.updateMode')
    set('reward_model.model.beta_train', num(prm.beta), 'prm.beta')
    set('reward_model.model.optim.lr', num(prm.lr), 'prm.lr')
    set('reward_model.model.optim.weight_decay', num(prm.weightDecay), 'prm.weightDecay')
    set('reward_model.model.optim.grad_clip', num(prm.gradClip), 'prm.gradClip')
    set('reward_model.prime_granularity', prm.granularity, 'prm.granularity')
    set('reward_model.prime_norm', 'batch_norm', 'algorithm (process rewards batch-normalised)')
    // prime_dp_rm.py splits the batch of responses into mini-batches of this many responses.
    set('reward_model.mini_batch_size', num(Math.max(1, Math.floor(responsesPerIteration / prm.miniBatches))), 'prm.miniBatches')
    set('algorithm.adv_estimator', 'rloo', 'algorithm')
    // Equal weights for the two reward sources; after whitening only their ratio matters (prime_core_algos.py).
    set('algorithm.reward_gt_coef', '5', 'algorithm (outcome weight)')
    set('algorithm.reward_dpo_coef', '5', 'algorithm (process weight)')
    // PRIME's leave-one-out needs each prompt's n responses together.
    set('trainer.balance_batch', 'False', 'algorithm (groups kept together)')
    unmapped.push({
      setting: 'filter.maxRefillRounds',
      why: `the workbench draws up to ${filter.maxRefillRounds} more rounds of prompts only when the filter leaves the batch short; verl draws data.oversample_factor × the batch up front every step (set to ${context.oversampleFactor}, the most the workbench can draw)`,
    })
    unmapped.push({
      setting: 'filter.processRewardOnTopUp',
      why: `the recipe always keeps the process rewards of groups that only top up the batch (the workbench's "on"); this run has it ${filter.processRewardOnTopUp ? 'on' : 'off'}`,
    })
    if (prm.reference === 'policy') {
      unmapped.push({ setting: 'prm.reference', why: 'the recipe measures the implicit reward against a frozen copy of the starting model (reward_model.model.ref_type: freeze); "policy" has no counterpart' })
    }
    if (responsesPerIteration % prm.miniBatches !== 0) {
      unmapped.push({ setting: 'prm.miniBatches', why: `${responsesPerIteration} responses do not divide into ${prm.miniBatches} mini-batches` })
    }
  } else {
    set('algorithm.adv_estimator', estimator as string, 'algorithm')
    if (algorithm === 'grpo') set('algorithm.norm_adv_by_std_in_grpo', 'True', 'algorithm (GRPO divides by the group\'s std)')
    if (filter.enabled) {
      unmapped.push({ setting: 'filter', why: 'verl\'s main_ppo has no online accuracy filter (the PRIME recipe has one; the DAPO recipe\'s filter_groups is a different rule): the baseline trains on every group' })
    }
    if (algorithm === 'rloo') {
      unmapped.push({ setting: 'algorithm', why: 'verl\'s rloo estimator does not whiten the advantages; the workbench\'s RLOO (the authors\' baseline, prime_core_algos.py) does' })
    }
    if (algorithm === 'reinforce') {
      unmapped.push({ setting: 'algorithm', why: 'verl\'s reinforce_plus_plus whitens the returns over the batch; the workbench\'s REINFORCE uses the raw returns' })
    }
  }

  set('trainer.total_training_steps', num(config.iterations), 'iterations')
  const prompts = config.iterations * rollout.promptsPerIteration * context.oversampleFactor
  set('trainer.total_epochs', num(Math.max(1, Math.ceil(prompts / Math.max(1, context.trainRows)))), 'iterations (passes over the train file)')
  set('trainer.test_freq', num(logging.validateEvery), 'logging.validateEvery')
  set('trainer.save_freq', num(logging.checkpointEvery), 'logging.checkpointEvery')
  set('trainer.logger', "['console','file']", 'logging (console lines and the metrics file the workbench reads)')
  set('trainer.project_name', 'prime-workbench', 'logging')
  set('trainer.experiment_name', context.experimentName, 'run name')
  set('trainer.rollout_data_dir', `${context.outDir}/rollouts`, 'logging.rolloutSamples')
  set('trainer.validation_data_dir', `${context.outDir}/validation`, 'logging (validation samples)')
  set('trainer.default_local_dir', `${context.outDir}/checkpoints`, 'logging.checkpointEvery')
  set('trainer.n_gpus_per_node', '$N_GPUS', 'machine (the script\'s N_GPUS)')
  set('trainer.nnodes', '$NNODES', 'machine (the script\'s NNODES)')
  // Hydra's own output folder (facebookresearch/hydra hydra/conf/hydra/output/default.yaml), so that
  // .hydra/config.yaml lands beside the metrics file for the workbench to import.
  set('hydra.run.dir', context.outDir, 'logging (where .hydra/config.yaml goes)')

  unmapped.push(
    { setting: 'sft', why: 'verl\'s RL trainers start from a model and train no warm start: the script starts from MODEL_PATH (the run\'s own SFT checkpoint where the export copied one)' },
    { setting: 'model', why: 'a preset is the workbench\'s own character-level model; verl loads a Hugging Face folder or id (MODEL_PATH)' },
    { setting: 'seed', why: 'data.seed orders the training data as the seed does locally (a different order than the workbench\'s); vLLM sampling and the FSDP weight seed are verl\'s own' },
    { setting: 'task.steps', why: 'the step rule splits responses for the workbench\'s heatmaps and step metrics only' },
    { setting: 'logging.rolloutSamples', why: recipe ? 'the PRIME recipe\'s trainer dumps no rollouts (its fit loop does not call _log_rollout_data); main_ppo dumps every response of every step' : 'verl dumps every response of every step, not a sample' },
    { setting: 'logging.heldOutPrmPrompts', why: 'verl measures no PRM accuracy on held-out responses' },
  )
  if (task.kind === 'builtin') {
    unmapped.push(
      { setting: 'task.testSize', why: 'verl runs no held-out test pass after training' },
      { setting: 'task.name', why: 'verl grades with prime_math (data_source numina_synthetic_math): the last \\boxed{} answer wherever it is, where the built-in verifier wants it on the last line' },
    )
    if (task.misconception > 0) unmapped.push({ setting: 'task.misconception', why: 'it shapes the SFT demonstrations only' })
  }
  if (config.advantages.gammaProcess !== 1 || config.advantages.gammaOutcome !== 1) {
    unmapped.push({ setting: 'advantages', why: 'verl sums rewards into returns without discounting (γ = 1)' })
  }
  return { entryPoint: recipe ? 'recipe.prime.main_prime' : 'verl.trainer.main_ppo', overrides, unmapped }
}
