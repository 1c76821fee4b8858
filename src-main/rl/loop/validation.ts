// Evaluation on held-out prompts (never trained on: tasks/synthetic/partition.ts for built-in tasks, the importer's
// disjoint splits for datasets): greedy accuracy with its standard error (val/acc ± val/acc_se every
// `validateEvery` iterations, test/acc once at the end), and the PRM's pairwise accuracy on responses it never
// trained on (val/prm_dpo_acc) — a gate for reading PRIME-vs-RLOO results: a PRM that cannot rank held-out responses
// better than chance gives the policy noise, not credit.
import type { RlConfig } from '../../../src-preload/contract/rl-config'
import { Rng } from '../../engine'
import { generate } from '../../model/generation/generate'
import { makeRolloutBatch } from '../batch'
import { pairwisePrmAccuracy } from '../pairwisePrmAccuracy'
import { geometryFor, sampleGroups, scoreEpisodes, type RlModels } from './iteration'
import type { Grader, Problem } from './problem-source'

export interface HeldOutAccuracy {
  accuracy: number
  /** Standard error of the accuracy, sqrt(p(1−p)/n): the binomial SE over the n items. */
  standardError: number
  items: number
}

export async function greedyAccuracy(m: RlModels, grader: Grader, problems: readonly Problem[], maxNewTokens: number): Promise<HeldOutAccuracy> {
  const result = await generate(
    m.model,
    m.policy.params,
    problems.map((p) => m.prompts.encode(p)),
    { maxNewTokens, stopTokens: m.stopTokens, sampleVocab: m.tokenizer.vocabSize, seed: 0, temperature: 0 },
  )
  const finished = problems.flatMap((problem, i) => (result.finishReasons[i] === 'stop' ? [{ problem, response: m.tokenizer.decode(result.tokens[i]!) }] : []))
  const verdicts = await grader.verify(finished)
  const n = problems.length
  const accuracy = n ? verdicts.reduce((sum, v) => sum + v.score, 0) / n : 0
  return { accuracy, standardError: n ? Math.sqrt((accuracy * (1 - accuracy)) / n) : 0, items: n }
}

/**
 * The PRM's pairwise accuracy (reward_model/dpo_acc's definition) on K fresh samples of each held-out prompt, scored
 * by the PRM as it is now. Sampling draws from its own seeded stream (run seed, iteration), so it never shifts the
 * training run's random stream: a run with and without this measurement trains identically.
 * Null when the algorithm has no PRM or no pair of responses differs in accuracy.
 */
export async function heldOutPrmAccuracy(config: RlConfig, m: RlModels, grader: Grader, problems: readonly Problem[], iteration: number): Promise<number | null> {
  if (!m.prm || problems.length === 0) return null
  const K = config.rollout.samplesPerPrompt
  const rng = new Rng(((config.seed * 0x9e3779b1) ^ (iteration + 0x51ed)) >>> 0)
  const groups = await sampleGroups(config, m, problems.map((problem, index) => ({ index, problem })), grader, rng)
  const episodes = groups.flat()
  const acc = Float64Array.from(episodes, (e) => e.acc)
  if (groups.every((group) => group.every((e) => e.acc === group[0]!.acc))) return null
  const geometry = geometryFor(config, config.prm.miniBatches)
  const logpPrm = (await scoreEpisodes(m, m.prm.params, episodes, geometry, 1)).logProbs
  const logpRef =
    config.prm.reference === 'sft'
      ? (await scoreEpisodes(m, m.reference!, episodes, geometry, 1)).logProbs
      : (await scoreEpisodes(m, m.policy.params, episodes, geometry, config.rollout.temperature)).logProbs
  const batch = makeRolloutBatch({
    numPrompts: groups.length,
    K,
    R: geometry.responseLength,
    lengths: episodes.map((e) => e.responseTokens.length),
    acc,
    oldLogp: logpRef,
    logpPrm,
    logpRef,
  })
  const q = logpPrm.map((v, i) => v - logpRef[i]!)
  return pairwisePrmAccuracy(batch, q, batch.responseMask, acc)
}
