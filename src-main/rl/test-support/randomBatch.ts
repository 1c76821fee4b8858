// Seeded random rollout batches for property tests. Test support only.
import { makeRolloutBatch, type RolloutBatch } from '../batch'

/** mulberry32: a small, fast, seeded PRNG in [0, 1), so failures reproduce from the seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let x = state
    x = Math.imul(x ^ (x >>> 15), x | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

/** A batch with random lengths, binary or fractional acc, and random log-probs everywhere (padding included). */
export function randomBatch(seed: number, numPrompts: number, K: number, R: number): RolloutBatch {
  const random = seededRandom(seed)
  const B = numPrompts * K
  const logp = () => Array.from({ length: B * R }, () => -4 * random())
  const fractional = random() < 0.5
  return makeRolloutBatch({
    numPrompts,
    K,
    R,
    lengths: Array.from({ length: B }, () => 1 + Math.floor(random() * R)),
    acc: Array.from({ length: B }, () => (fractional ? Math.round(random() * 10) / 10 : random() < 0.5 ? 0 : 1)),
    oldLogp: logp(),
    logpPrm: logp(),
    logpRef: logp(),
  })
}
