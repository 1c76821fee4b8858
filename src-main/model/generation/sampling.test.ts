// Host-side sampling: greedy is the argmax, top-k and top-p keep exactly the tokens they should, the draws follow
// softmax(logits / temperature), and the reported log-prob is that of the untruncated tempered distribution.
import { describe, expect, it } from 'vitest'
import { Rng } from '../../engine'
import { sampleToken, validateSampling } from './sampling'

const logits = Float32Array.from([1.0, 3.0, 0.5, 2.5, -1.0])
const logSoftmax = (xs: ArrayLike<number>, t: number) => {
  const z = Array.from(xs, (v) => v / t)
  const m = Math.max(...z)
  const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0))
  return z.map((v) => v - lse)
}

function frequencies(n: number, opts: Parameters<typeof sampleToken>[1]): number[] {
  const rng = new Rng(42)
  const counts = new Array<number>(logits.length).fill(0)
  for (let i = 0; i < n; i++) counts[sampleToken(logits, opts, rng).token]!++
  return counts.map((c) => c / n)
}

describe('sampleToken', () => {
  it('takes the argmax when greedy, reporting its temperature-1 log-prob', () => {
    const s = sampleToken(logits, { temperature: 0 }, new Rng(1))
    expect(s.token).toBe(1)
    expect(s.logProb).toBeCloseTo(logSoftmax(logits, 1)[1]!, 10)
  })

  it('draws tokens with the probabilities of softmax(logits / temperature)', () => {
    const expected = logSoftmax(logits, 0.7).map(Math.exp)
    const freq = frequencies(40_000, { temperature: 0.7 })
    // Binomial standard error is below 0.0025 for 40k draws; 0.01 is four of them.
    freq.forEach((f, i) => expect(Math.abs(f - expected[i]!)).toBeLessThan(0.01))
  })

  it('keeps only the k most likely tokens with top-k, renormalised', () => {
    const freq = frequencies(20_000, { temperature: 1, topK: 2 })
    const p = logSoftmax(logits, 1).map(Math.exp)
    expect(freq[0]).toBe(0)
    expect(freq[2]).toBe(0)
    expect(freq[4]).toBe(0)
    expect(Math.abs(freq[1]! - p[1]! / (p[1]! + p[3]!))).toBeLessThan(0.015)
  })

  it('keeps the smallest most-likely set reaching p with top-p', () => {
    const p = logSoftmax(logits, 1).map(Math.exp) // sorted: 1 (0.52), 3 (0.32), 0 (0.07), ...
    const freq = frequencies(5_000, { temperature: 1, topP: p[1]! + 0.01 })
    expect(freq[1]! + freq[3]!).toBe(1)
    expect(frequencies(1_000, { temperature: 1, topP: p[1]! - 0.01 })[1]).toBe(1)
  })

  it('reports the log-prob under the untruncated tempered distribution', () => {
    const rng = new Rng(3)
    for (let i = 0; i < 50; i++) {
      const s = sampleToken(logits, { temperature: 1.5, topK: 3, topP: 0.9 }, rng)
      expect(s.logProb).toBeCloseTo(logSoftmax(logits, 1.5)[s.token]!, 10)
    }
  })

  it('never draws ids past sampleVocab (padding rows of an embedding), renormalising over the rest', () => {
    const p = logSoftmax(logits, 1).map(Math.exp)
    const freq = frequencies(20_000, { temperature: 1, sampleVocab: 4 })
    expect(freq[4]).toBe(0)
    const kept = p[0]! + p[1]! + p[2]! + p[3]!
    expect(Math.abs(freq[3]! - p[3]! / kept)).toBeLessThan(0.015)
    const greedy = sampleToken(logits, { temperature: 0, sampleVocab: 1 }, new Rng(1))
    expect(greedy.token).toBe(0)
    expect(greedy.logProb).toBeCloseTo(logSoftmax(logits, 1)[0]!, 10)
    expect(() => validateSampling({ temperature: 1, sampleVocab: 0 })).toThrow(/sampleVocab/)
  })

  it('rejects bad options by name', () => {
    expect(() => validateSampling({ temperature: -1 })).toThrow(/temperature/)
    expect(() => validateSampling({ temperature: 1, topK: 1.5 })).toThrow(/topK/)
    expect(() => validateSampling({ temperature: 1, topP: 0 })).toThrow(/topP/)
  })
})
