// verl's Hydra config (`<run dir>/.hydra/config.yaml`, written by Hydra as the job starts; interpolations such as
// `${actor_rollout_ref.model.path}` stay as written) read into the run's settings table, and what it says about the
// run in the workbench's terms: which algorithm, which seed, how many steps.
import { readFileSync } from 'node:fs'
import { load, YAMLException } from 'js-yaml'
import type { Algorithm } from '../../../src-preload/contract/rl-config'
import { VerlFormatError } from './step-lines'

export interface HydraFacts {
  hydra: Record<string, unknown>
  algorithm: Algorithm | null
  seed: number | null
  totalSteps: number | null
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The value at a dotted path, or undefined. */
export function lookup(config: Record<string, unknown>, path: string): unknown {
  let node: unknown = config
  for (const key of path.split('.')) {
    if (!isRecord(node)) return undefined
    node = node[key]
  }
  return node
}

/**
 * The workbench algorithm a verl config runs: the PRIME recipe's config (it has reward_model.prime_granularity)
 * with its implicit PRM enabled is PRIME, without it the recipe's outcome-only RLOO (the authors' baseline);
 * verl's main_ppo runs its `algorithm.adv_estimator` (verl/trainer/ppo/core_algos.py AdvantageEstimator).
 */
export function algorithmOf(config: Record<string, unknown>): Algorithm | null {
  const estimator = lookup(config, 'algorithm.adv_estimator')
  if (lookup(config, 'reward_model.prime_granularity') !== undefined && estimator === 'rloo') {
    return lookup(config, 'reward_model.enable') === false ? 'rloo' : 'prime'
  }
  if (estimator === 'rloo') return 'rloo'
  if (estimator === 'grpo') return 'grpo'
  if (estimator === 'reinforce_plus_plus') return 'reinforce'
  return null
}

function wholeNumber(value: unknown, min: number): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= 2 ** 31 - 1 ? value : null
}

export function parseHydraConfig(text: string, file: string): HydraFacts {
  let parsed: unknown
  try {
    parsed = load(text, { filename: file })
  } catch (error) {
    if (error instanceof YAMLException) {
      const line = error.mark ? error.mark.line + 1 : null
      throw new VerlFormatError(line === null ? file : `${file}:${line}`, null, `not valid YAML (${error.reason})`)
    }
    throw error
  }
  if (!isRecord(parsed)) throw new VerlFormatError(file, null, 'expected a mapping of settings (Hydra writes config.yaml as one)')
  return {
    hydra: parsed,
    algorithm: algorithmOf(parsed),
    seed: wholeNumber(lookup(parsed, 'data.seed'), 0),
    totalSteps: wholeNumber(lookup(parsed, 'trainer.total_training_steps'), 1),
  }
}

export function readHydraConfig(file: string): HydraFacts {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new VerlFormatError(file, null, `cannot be read (${(error as Error).message})`)
  }
  return parseHydraConfig(text, file)
}
