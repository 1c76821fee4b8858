// Seeded train/validation/test assignment with exact sizes: round(n·validation) rows to validation and
// round(n·test) to test, picked by a Fisher–Yates shuffle of the row indices under mulberry32(seed). The same seed
// and row count give the same assignment, and the three sets are disjoint by construction.
import { mulberry32 } from '../random'
import type { Split, SplitPlan } from './types'

export const SPLIT_CODES: readonly Split[] = ['train', 'validation', 'test']

/** One code per row: 0 train, 1 validation, 2 test (indices into SPLIT_CODES). */
export function assignSplits(rowCount: number, plan: SplitPlan): Uint8Array {
  const validation = Math.round(rowCount * plan.validation)
  const test = Math.min(rowCount - validation, Math.round(rowCount * plan.test))
  const order = new Uint32Array(rowCount)
  for (let i = 0; i < rowCount; i++) order[i] = i
  const rng = mulberry32(plan.seed)
  // Only the first validation + test positions of the shuffle are needed.
  for (let i = 0; i < validation + test; i++) {
    const j = rng.int(i, rowCount - 1)
    const swap = order[i]!
    order[i] = order[j]!
    order[j] = swap
  }
  const codes = new Uint8Array(rowCount)
  for (let i = 0; i < validation; i++) codes[order[i]!] = 1
  for (let i = validation; i < validation + test; i++) codes[order[i]!] = 2
  return codes
}
