// Which number a step heatmap's cell shows, the same in the app and the report (prime-algorithm.md "Beyond the
// paper: step-level validity"):
// - step-reward: the record's step reward, Σ of the normalised process rewards s/Z over the step's tokens;
// - process-sum: the same sum, taken here from the per-token process rewards because the step carried none;
// - implied-credit: an outcome-only run has no process reward; its implied per-token credit is the advantage,
//   uniform within a response, so the cell is the advantage summed over the step's tokens.
import type { RolloutRecord } from '../contract/schemas'

export type CreditQuantity = 'step-reward' | 'process-sum' | 'implied-credit'

export const QUANTITY_DESCRIPTIONS: Readonly<Record<CreditQuantity, string>> = {
  'step-reward': 'step reward: Σ of the normalised process rewards (s/Z) over the step’s tokens',
  'process-sum': 'step reward summed here from the per-token process rewards (s/Z) over the step’s tokens',
  'implied-credit': 'implied credit of an outcome-only run: the per-token advantage summed over the step’s tokens',
}

/** Short names, for tooltips and cell titles. */
export const QUANTITY_NAMES: Readonly<Record<CreditQuantity, string>> = {
  'step-reward': 'step reward',
  'process-sum': 'step reward (summed s/Z)',
  'implied-credit': 'implied credit',
}

export function stepCredit(record: RolloutRecord, stepIndex: number): { value: number; quantity: CreditQuantity } {
  const step = record.steps[stepIndex]
  if (!step) throw new RangeError(`row ${record.row} has no step ${stepIndex} (it has ${record.steps.length})`)
  if (step.reward !== null) return { value: step.reward, quantity: 'step-reward' }
  if (record.processReward !== null) return { value: sumOver(record.processReward, step), quantity: 'process-sum' }
  return { value: sumOver(record.advantages, step), quantity: 'implied-credit' }
}

function sumOver(values: readonly number[], step: { tokenStart: number; tokenEnd: number }): number {
  let sum = 0
  for (let t = step.tokenStart; t < step.tokenEnd; t++) sum += values[t] as number
  return sum
}
