// The in-graph sampler against the host sampler (sampling.ts), row by row with the same uniform draw: the same
// tokens and the same log-probs, in every mode (greedy, plain, top-k, top-p, both), including rows with tied logits.
import { afterAll, describe, expect, it } from 'vitest'
import { Graph, Rng, hostTensor, openGraph, type CompiledProgram } from '../../engine'
import { type SamplingOptions, sampleToken } from './sampling'
import { sampleTokens, samplingFeeds, samplingInputs, samplingMode } from './sampling-graph'

const ROWS = 400
const V = 23

function randomLogits(seed: number): Float32Array {
  const rng = new Rng(seed)
  const logits = rng.fillNormal(new Float32Array(ROWS * V))
  for (let i = 0; i < logits.length; i++) logits[i]! *= 3
  // Every tenth row repeats values, so ties must be broken as the host does (lower id first).
  for (let r = 0; r < ROWS; r += 10) for (let v = 1; v < V; v += 2) logits[r * V + v] = logits[r * V + v - 1]!
  return logits
}

const programs: CompiledProgram[] = []
afterAll(async () => Promise.all(programs.map((p) => p.release())))

async function sampleInGraph(logits: Float32Array, uniforms: Float64Array, opts: SamplingOptions) {
  const mode = samplingMode(opts, V)
  const g = new Graph('sample')
  const x = g.input('logits', 'float32', [ROWS, V])
  const u = mode === 'greedy' ? null : g.input('uniforms', 'float64', [ROWS])
  const out = sampleTokens(x, u, mode, samplingInputs(g, mode))
  g.output(out.tokens, 'tokens')
  g.output(out.logProbs, 'log_probs')
  const program = await openGraph(g)
  programs.push(program)
  const result = await program.run({
    logits: hostTensor(logits, [ROWS, V]),
    ...(u ? { uniforms: hostTensor(uniforms, [ROWS]) } : {}),
    ...samplingFeeds(mode, opts, V),
  })
  return { tokens: Array.from(result.tokens!.data as BigInt64Array, Number), logProbs: Array.from(result.log_probs!.data as Float64Array) }
}

describe('sampleTokens (in the graph)', () => {
  const settings: SamplingOptions[] = [
    { temperature: 0 },
    { temperature: 1 },
    { temperature: 0.7 },
    { temperature: 1.3, topK: 5 },
    { temperature: 1, topP: 0.8 },
    { temperature: 0.9, topK: 4, topP: 0.6 },
    { temperature: 1, topK: 1 },
    { temperature: 1.1, topK: V, topP: 1 },
  ]
  it.each(settings)('chooses what the host sampler chooses for %o', async (opts) => {
    const logits = randomLogits(11)
    const seeds = Array.from({ length: ROWS }, (_, r) => 1000 + r)
    const uniforms = Float64Array.from(seeds, (seed) => new Rng(seed).uniform())
    const graph = await sampleInGraph(logits, uniforms, opts)
    for (let r = 0; r < ROWS; r++) {
      const host = sampleToken(logits.subarray(r * V, (r + 1) * V), opts, new Rng(seeds[r]!))
      expect(graph.tokens[r], `row ${r}`).toBe(host.token)
      expect(graph.logProbs[r]).toBeCloseTo(host.logProb, 10)
    }
  })

  it('takes the mode from the options', () => {
    expect(samplingMode({ temperature: 0, topK: 3 }, V)).toBe('greedy')
    expect(samplingMode({ temperature: 1, topK: 0, topP: 1 }, V)).toBe('plain')
    expect(samplingMode({ temperature: 1, topK: V }, V)).toBe('plain')
    expect(samplingMode({ temperature: 1, topK: 3 }, V)).toBe('truncated')
    expect(samplingMode({ temperature: 1, topP: 0.9 }, V)).toBe('truncated')
  })
})
