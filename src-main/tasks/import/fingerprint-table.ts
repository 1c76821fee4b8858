// A compact hash map from a 64-bit fingerprint of a string (the first 8 bytes of its SHA-1) to a uint32, in one typed
// array with open addressing: 12 bytes a slot, at most half full, so about 24 bytes per entry instead of the ~150
// a Map<string, ...> costs. It is what keeps de-duplication and the id check small on files of millions of rows.
// Two different strings share a fingerprint with probability about n²/2^64 (around 1e-5 for 10 million rows).
import { hash } from 'node:crypto'

const WORDS = 3 // fingerprint high, fingerprint low, value

export interface Fingerprint {
  hi: number
  lo: number
}

export function fingerprintOf(text: string): Fingerprint {
  const digest = hash('sha1', text, 'buffer')
  // lo is never 0, so an all-zero slot can mean "empty".
  return { hi: digest.readUInt32LE(0), lo: (digest.readUInt32LE(4) | 1) >>> 0 }
}

export class FingerprintTable {
  private slots: Uint32Array
  private mask: number
  private count = 0

  constructor(initialCapacity = 1024) {
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(16, initialCapacity)))
    this.slots = new Uint32Array(capacity * WORDS)
    this.mask = capacity - 1
  }

  get size(): number {
    return this.count
  }

  /** The value stored under the fingerprint; or, when there is none, stores `value` and returns undefined. */
  getOrInsert(key: Fingerprint, value: number): number | undefined {
    const found = this.find(key)
    if (this.slots[found * WORDS + 1] !== 0) return this.slots[found * WORDS + 2]
    this.put(found, key, value)
    this.count += 1
    if (this.count * 2 > this.mask + 1) this.grow()
    return undefined
  }

  /** The slot holding the key, or the empty slot where it would go (linear probing from the hash's low bits). */
  private find(key: Fingerprint): number {
    let slot = key.hi & this.mask
    for (;;) {
      const lo = this.slots[slot * WORDS + 1]
      if (lo === 0 || (lo === key.lo && this.slots[slot * WORDS] === key.hi)) return slot
      slot = (slot + 1) & this.mask
    }
  }

  private put(slot: number, key: Fingerprint, value: number): void {
    this.slots[slot * WORDS] = key.hi
    this.slots[slot * WORDS + 1] = key.lo
    this.slots[slot * WORDS + 2] = value
  }

  private grow(): void {
    const old = this.slots
    this.slots = new Uint32Array(old.length * 2)
    this.mask = this.mask * 2 + 1
    for (let i = 0; i < old.length; i += WORDS) {
      const key = { hi: old[i]!, lo: old[i + 1]! }
      if (key.lo !== 0) this.put(this.find(key), key, old[i + 2]!)
    }
  }
}
