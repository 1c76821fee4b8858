// De-duplication by prompt: two rows whose prompts differ only in Unicode form (NFKC) or whitespace are one problem.
// Case is kept: in maths "x" and "X" can be different variables. Only a 64-bit fingerprint of each prompt is held (in
// a FingerprintTable, about 24 bytes a row), so memory stays small on large files. Duplicates whose reference
// differs from the kept row's are counted too, as a sign of label noise.
import { FingerprintTable, fingerprintOf } from './fingerprint-table'

const NON_ASCII = /[\u0080-\uffff]/

export function normalisePrompt(prompt: string): string {
  // NFKC leaves ASCII unchanged; skipping it there is most of the cost of a large English dataset.
  const unicode = NON_ASCII.test(prompt) ? prompt.normalize('NFKC') : prompt
  return unicode.replace(/\s+/g, ' ').trim()
}

/**
 * A 32-bit FNV-1a hash of a reference (references are short, and a JS loop beats a crypto call here). It is only
 * compared between a duplicate and the row it repeats, so a collision (1 in 2^32 per duplicate) merely undercounts
 * label noise.
 */
function referenceFingerprint(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h >>> 0
}

export class Deduplicator {
  /** Normalised prompt → fingerprint of the kept row's reference. */
  private readonly seen = new FingerprintTable()
  duplicates = 0
  duplicatesWithOtherReference = 0

  /** True when the row is new (keep it); false when its prompt was already seen (drop it). */
  admit(prompt: string, reference: string): boolean {
    const referenceKey = referenceFingerprint(reference.trim())
    const kept = this.seen.getOrInsert(fingerprintOf(normalisePrompt(prompt)), referenceKey)
    if (kept === undefined) return true
    this.duplicates += 1
    if (kept !== referenceKey) this.duplicatesWithOtherReference += 1
    return false
  }
}
