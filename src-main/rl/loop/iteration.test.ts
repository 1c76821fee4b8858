// What one iteration runs, counted at the runtime: every forward pass the algorithm needs, once. PRIME's PRM is
// scored by its own update's forward (single mode) and never by a separate pass; the reference scores the batch once
// and that one pass serves both q and the step metrics; RLOO pays the same reference pass for its step metrics, so the
// two algorithms differ by the PRM's update alone. The timing parts add up to their phases.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { LAPTOP_PRESET, type Algorithm, type RlConfig } from '../../../src-preload/contract/rl-config'
import { CompiledProgram, DEFAULT_ADAMW, Rng, Runtime, TrainState } from '../../engine'
import { LanguageModel } from '../../model/language-model'
import { MODEL_IO } from '../../model/programs'
import { runIteration, type RlModels } from './iteration'
import { openRunInputs } from './run-inputs'

const config = (algorithm: Algorithm): RlConfig => ({
  ...LAPTOP_PRESET,
  algorithm,
  rollout: { ...LAPTOP_PRESET.rollout, promptsPerIteration: 4, samplesPerPrompt: 4, maxResponseTokens: 24 },
  filter: { ...LAPTOP_PRESET.filter, enabled: false },
  prm: { ...LAPTOP_PRESET.prm, miniBatches: 2 },
  policy: { ...LAPTOP_PRESET.policy, miniBatches: 2 },
})

let runtime: Runtime
let dir: string
beforeAll(async () => {
  runtime = await Runtime.create({ executionProvider: 'cpu', intraOpNumThreads: 1 })
  dir = mkdtempSync(join(tmpdir(), 'iteration-test-'))
})
afterAll(async () => {
  await runtime.dispose()
  rmSync(dir, { recursive: true, force: true })
})

interface Recorded {
  program: string
  /** For a log-prob pass: whose weights it scored with. */
  weights?: 'policy' | 'prm' | 'reference' | 'other'
}

async function runOnce(algorithm: Algorithm) {
  const c = config(algorithm)
  const { model: spec, prompts, source } = await openRunInputs(c, { datasetsDir: dir })
  const model = new LanguageModel(spec.config, runtime)
  const start = model.initParams(3)
  const m: RlModels = {
    model,
    tokenizer: spec.tokenizer,
    prompts,
    stopTokens: spec.stopTokens,
    policy: new TrainState(start.slice(), DEFAULT_ADAMW),
    prm: algorithm === 'prime' ? new TrainState(start.slice(), DEFAULT_ADAMW) : null,
    reference: start.slice(),
    yieldPoint: async () => {},
    clock: () => performance.now(),
  }
  const weights = new Map<Float32Array, Recorded['weights']>([
    [m.policy.params, 'policy'],
    [m.reference!, 'reference'],
    ...(m.prm ? [[m.prm.params, 'prm'] as const] : []),
  ])
  const recorded: Recorded[] = []
  const run = CompiledProgram.prototype.run
  const spy = vi.spyOn(CompiledProgram.prototype, 'run').mockImplementation(function (this: CompiledProgram, feeds) {
    const params = feeds[MODEL_IO.params]?.data
    const program = this.name.split(':')[0]!
    recorded.push(program === 'logprobs' ? { program, weights: weights.get(params as Float32Array) ?? 'other' } : { program })
    return run.call(this, feeds)
  })
  try {
    const result = await runIteration(c, m, source, new Rng(c.seed))
    return { result, recorded, miniBatches: { policy: c.policy.miniBatches, prm: c.prm.miniBatches } }
  } finally {
    spy.mockRestore()
    await source.close()
  }
}

const count = (recorded: Recorded[], match: Partial<Recorded>) => recorded.filter((r) => Object.entries(match).every(([k, v]) => r[k as keyof Recorded] === v)).length

describe('one iteration: every forward pass once', () => {
  it('PRIME: old log-probs and the reference once per mini-batch, the PRM only through its update', async () => {
    const { result, recorded, miniBatches } = await runOnce('prime')
    expect(count(recorded, { program: 'logprobs', weights: 'policy' })).toBe(miniBatches.policy)
    expect(count(recorded, { program: 'logprobs', weights: 'reference' })).toBe(miniBatches.prm)
    expect(count(recorded, { program: 'logprobs', weights: 'prm' })).toBe(0)
    expect(count(recorded, { program: 'logprobs', weights: 'other' })).toBe(0)
    expect(count(recorded, { program: 'prmStep' })).toBe(miniBatches.prm)
    expect(count(recorded, { program: 'ppoStep' })).toBe(miniBatches.policy)
    // The PRM's scores are its update's forward: q = log πφ − log πref was computed from them.
    expect(result.q).not.toBeNull()
    const t = result.metrics
    expect(t['timing/prm']).toBeCloseTo(t['timing/prm/reference']! + t['timing/prm/update']!, 9)
    expect(t['timing/policy']).toBeCloseTo(t['timing/policy/old_log_probs']! + t['timing/policy/update']!, 9)
    expect(t['timing/diagnostics/reference']).toBeUndefined()
  })

  it('RLOO: the same reference pass, for the step metrics, and no PRM', async () => {
    const { result, recorded, miniBatches } = await runOnce('rloo')
    const stepMetrics = Object.keys(result.metrics).some((name) => name.startsWith('step_validity/'))
    expect(stepMetrics, 'random weights give wrong responses with wrong steps').toBe(true)
    expect(count(recorded, { program: 'logprobs', weights: 'policy' })).toBe(miniBatches.policy)
    expect(count(recorded, { program: 'logprobs', weights: 'reference' })).toBe(miniBatches.policy)
    expect(count(recorded, { program: 'prmStep' })).toBe(0)
    expect(count(recorded, { program: 'ppoStep' })).toBe(miniBatches.policy)
    const t = result.metrics
    expect(t['timing/prm']).toBe(0)
    expect(t['timing/diagnostics/reference']).toBeGreaterThan(0)
    expect(t['timing/diagnostics']).toBeGreaterThanOrEqual(t['timing/diagnostics/reference']!)
    expect(t['timing/iteration']).toBeGreaterThanOrEqual(t['timing/rollout']! + t['timing/policy']! + t['timing/diagnostics']! - 1e-9)
  })
})
