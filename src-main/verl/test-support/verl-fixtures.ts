// For tests: a verl run's output folder written in verl's own formats (verl @ VERL_COMMIT), as the exported scripts
// lay it out: metrics.jsonl from the file logger (tracking.py FileLogger: `{"step", "data"}` per line, written with
// orjson, so NaN becomes null), .hydra/config.yaml (Hydra's dump of the composed config), rollouts/<step>.jsonl
// (ray_trainer.py _dump_generations), and the console lines the same steps print (aggregate_logger.py).
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** What one of the PRIME recipe's steps logs (prime_ray_trainer.py fit: acc, actor/*, reward_model/*, critic/*, timing_s/*). */
export function primeStepMetrics(step: number): Record<string, number> {
  const progress = step / (step + 10)
  return {
    acc: 0.3 + 0.4 * progress,
    'actor/entropy': 1.2 - 0.5 * progress,
    'actor/pg_loss': -0.01 * step,
    'actor/pg_clipfrac': 0.02,
    'actor/ppo_kl': 0.001,
    'actor/grad_norm': 0.5,
    'actor/lr': 5e-7,
    'reward_model/dpo_loss': 0.69 - 0.2 * progress,
    'reward_model/dpo_acc': 0.5 + 0.3 * progress,
    'reward_model/grad_norm': 1.5,
    'critic/advantages/mean': 0,
    'critic/returns/mean': 0.1,
    'response_length/mean': 200 + step,
    'response_length/clip_ratio': 0.01,
    'prompt_length/mean': 80,
    'timing_s/gen': 10,
    'timing_s/verify': 1,
    'timing_s/adv': 4,
    'timing_s/update_actor': 5,
    'timing_s/step': 20,
    'training/global_step': step,
  }
}

/** One file-logger line, as orjson writes it (compact JSON). */
export function fileLoggerLine(step: number, data: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ step, data, ...extra })
}

/** One console line, as LocalLogger prints it: `step:N - name:value - …` with pprint-formatted numbers. */
export function consoleLine(step: number, data: Record<string, number>): string {
  const format = (v: number) => (Number.isNaN(v) ? 'nan' : Number.isInteger(v) ? String(v) : String(v))
  return [`step:${step}`, ...Object.entries(data).map(([k, v]) => `${k}:${format(v)}`)].join(' - ')
}

export const HYDRA_CONFIG_YAML = `data:
  tokenizer: null
  train_files:
  - /data/export/data/train.parquet
  val_files:
  - /data/export/data/validation.parquet
  train_batch_size: 64
  max_prompt_length: 1024
  max_response_length: 3072
  filter_accuracy: true
  accuracy_lower_bound: 0.2
  accuracy_upper_bound: 0.8
  oversample_factor: 4.0
  seed: 7
actor_rollout_ref:
  model:
    path: /models/Eurus-2-7B-SFT
  actor:
    optim:
      lr: 5.0e-07
    ppo_mini_batch_size: 64
  rollout:
    name: vllm
    'n': 4
    temperature: 1.0
reward_model:
  enable: true
  model:
    path: \${actor_rollout_ref.model.path}
    update: before
    beta_train: 0.05
  prime_granularity: token
  prime_norm: batch_norm
  mini_batch_size: 64
algorithm:
  adv_estimator: rloo
  reward_gt_coef: 5
  reward_dpo_coef: 5
trainer:
  logger:
  - console
  - file
  project_name: prime-workbench
  experiment_name: prime_seed7
  total_training_steps: 12
  rollout_data_dir: /data/export/outputs/prime_seed7/rollouts
`

export interface VerlFolderOptions {
  steps: number
  /** Validation every this many steps (val-core lines), 0 = none. */
  validateEvery?: number
  rolloutSteps?: number[]
}

/** Writes a PRIME recipe run's output folder into `dir`; returns the metrics file's path. */
export function writeVerlRunFolder(dir: string, options: VerlFolderOptions): string {
  mkdirSync(join(dir, '.hydra'), { recursive: true })
  writeFileSync(join(dir, '.hydra', 'config.yaml'), HYDRA_CONFIG_YAML)
  const metrics = join(dir, 'metrics.jsonl')
  writeFileSync(metrics, '')
  for (let step = 1; step <= options.steps; step++) appendVerlStep(metrics, step, options.validateEvery ?? 0)
  if (options.rolloutSteps?.length) {
    mkdirSync(join(dir, 'rollouts'), { recursive: true })
    for (const step of options.rolloutSteps) writeFileSync(join(dir, 'rollouts', `${step}.jsonl`), rolloutDump(step))
  }
  return metrics
}

/** Appends one step's file-logger line (and its validation, on validation steps) the way verl does. */
export function appendVerlStep(metrics: string, step: number, validateEvery: number): void {
  const data: Record<string, number> = primeStepMetrics(step)
  if (validateEvery > 0 && step % validateEvery === 0) data['val-core/numina_synthetic_math/acc/mean@1'] = 0.2 + step / 100
  appendFileSync(metrics, `${fileLoggerLine(step, data)}\n`)
}

/** A rollout dump: two prompts, n = 2 responses each, in verl's interleaved order. */
export function rolloutDump(step: number): string {
  const lines = [
    { input: 'user\n7 +3 *2', output: '7+3=10\n10*2=20\n\\boxed{20}', gts: '20', score: 1, step, acc: 1 },
    { input: 'user\n7 +3 *2', output: '7+3=11\n11*2=22\n\\boxed{22}', gts: '20', score: 0, step, acc: 0 },
    { input: 'user\n5 -2 +4', output: '5-2=3\n3+4=7\n\\boxed{7}', gts: '7', score: 1, step, acc: 1 },
    { input: 'user\n5 -2 +4', output: '5-2=3\n\\boxed{3}', gts: '7', score: 0, step, acc: 0 },
  ]
  return `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`
}
