// A small seeded generator (xoshiro128**, seeded through splitmix32) for parameter initialisation and sampling,
// so a run's seed reproduces its weights and samples exactly. Its state is four uint32s and can be checkpointed.

export type RngState = [number, number, number, number]

export class Rng {
  private s: Uint32Array

  constructor(seed: number | RngState) {
    this.s = new Uint32Array(4)
    if (Array.isArray(seed)) this.s.set(seed)
    else {
      let x = seed >>> 0
      for (let i = 0; i < 4; i++) {
        // splitmix32 spreads a small integer seed over the whole state.
        x = (x + 0x9e3779b9) >>> 0
        let z = x
        z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
        z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
        this.s[i] = (z ^ (z >>> 16)) >>> 0
      }
    }
    if (this.s.every((v) => v === 0)) throw new Error('Rng state must not be all zeros')
  }

  state(): RngState {
    return [this.s[0]!, this.s[1]!, this.s[2]!, this.s[3]!]
  }

  nextUint32(): number {
    const s = this.s
    const result = Math.imul(rotl(Math.imul(s[1]!, 5) >>> 0, 7), 9) >>> 0
    const t = (s[1]! << 9) >>> 0
    s[2]! ^= s[0]!
    s[3]! ^= s[1]!
    s[1]! ^= s[2]!
    s[0]! ^= s[3]!
    s[2]! ^= t
    s[3] = rotl(s[3]!, 11)
    return result
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  uniform(): number {
    return this.nextUint32() / 4294967296
  }

  /** Standard normal (Box-Muller; one of the pair is discarded to keep the state simple to checkpoint). */
  normal(): number {
    const u1 = 1 - this.uniform()
    const u2 = this.uniform()
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2)
  }

  fillNormal<T extends Float32Array | Float64Array>(out: T, std = 1, mean = 0): T {
    for (let i = 0; i < out.length; i++) out[i] = mean + std * this.normal()
    return out
  }

  fillUniform<T extends Float32Array | Float64Array>(out: T, lo = 0, hi = 1): T {
    for (let i = 0; i < out.length; i++) out[i] = lo + (hi - lo) * this.uniform()
    return out
  }

  /** Samples an index from unnormalised non-negative weights. */
  categorical(weights: ArrayLike<number>): number {
    let total = 0
    for (let i = 0; i < weights.length; i++) total += weights[i]!
    if (!(total > 0)) throw new Error('categorical: weights must have a positive sum')
    let r = this.uniform() * total
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!
      if (r < 0) return i
    }
    return weights.length - 1
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0
}
