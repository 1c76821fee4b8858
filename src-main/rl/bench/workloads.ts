// What bench:rl (rl.bench.ts) and iteration-profile.measure.ts time PRIME and RLOO on. s256 is a timing workload,
// not a preset to learn with: model S (3.2M parameters) on arith-chain level 3 (answers of about 55 characters) with
// room for 256-token responses, otherwise the laptop preset. Its short SFT leaves a policy that scores 0.035 on
// validation (measured), so the online filter is off: every iteration trains on one rollout round, where the
// filter's refill rounds would multiply the rollout (shared by both algorithms) and flatter the ratio.
import { LAPTOP_PRESET, type RlConfig } from '../../../src-preload/contract/rl-config'

export const RL_WORKLOADS = {
  laptop: LAPTOP_PRESET,
  s256: {
    ...LAPTOP_PRESET,
    task: { kind: 'builtin', name: 'arith-chain', level: 3, validationSize: 512, testSize: 512, misconception: 0 },
    model: { kind: 'preset', preset: 'S' },
    sft: { seed: 1, steps: 300, batchSize: 32, lr: 1e-3 },
    rollout: { ...LAPTOP_PRESET.rollout, maxResponseTokens: 256 },
    filter: { ...LAPTOP_PRESET.filter, enabled: false },
    prm: { ...LAPTOP_PRESET.prm, lr: 2.5e-4 },
    policy: { ...LAPTOP_PRESET.policy, lr: 5e-5 },
  },
} satisfies Record<string, RlConfig>
