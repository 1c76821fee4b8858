import { describe, expect, it } from 'vitest'
import { HYDRA_CONFIG_YAML } from '../test-support/verl-fixtures'
import { algorithmOf, parseHydraConfig } from './hydra-config'
import { mapMetricNames } from './metric-names'

describe('what a verl config says in the workbench\'s terms', () => {
  it('names the algorithm: the PRIME recipe with and without its PRM, and main_ppo\'s estimators', () => {
    const recipe = { reward_model: { prime_granularity: 'token', enable: true }, algorithm: { adv_estimator: 'rloo' } }
    expect(algorithmOf(recipe)).toBe('prime')
    expect(algorithmOf({ ...recipe, reward_model: { prime_granularity: 'token', enable: false } })).toBe('rloo')
    expect(algorithmOf({ algorithm: { adv_estimator: 'grpo' } })).toBe('grpo')
    expect(algorithmOf({ algorithm: { adv_estimator: 'reinforce_plus_plus' } })).toBe('reinforce')
    expect(algorithmOf({ algorithm: { adv_estimator: 'gae' } })).toBeNull()
  })

  it('reads seed and steps from Hydra\'s config.yaml, keeping interpolations as written', () => {
    const facts = parseHydraConfig(HYDRA_CONFIG_YAML, 'config.yaml')
    expect(facts).toMatchObject({ algorithm: 'prime', seed: 7, totalSteps: 12 })
    expect(facts.hydra).toMatchObject({ reward_model: { model: { path: '${actor_rollout_ref.model.path}' } } })
  })
})

describe('verl metric names', () => {
  it('renames the ones that differ and maps validation accuracy only from a single data source', () => {
    expect(mapMetricNames({ acc: 0.5, 'reward_model/dpo_loss': 0.6, 'actor/entropy': 1, 'val-core/gsm8k/reward/mean@1': 0.4 })).toEqual({
      'rollout/acc_before_filter': 0.5,
      'reward_model/loss': 0.6,
      'actor/entropy': 1,
      'val-core/gsm8k/reward/mean@1': 0.4,
      'val/acc': 0.4,
    })
    const two = mapMetricNames({ 'val-core/gsm8k/acc/mean@1': 0.4, 'val-core/math/acc/mean@1': 0.2 })
    expect(two['val/acc']).toBeUndefined()
  })
})
