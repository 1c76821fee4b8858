// Which number a step heatmap's cell shows, the same in the app and the report (prime-algorithm.md "Beyond the
// paper: step-level validity") — always a mean over the step's tokens, as the step metrics read it
// (src-main/rl/stepMetrics.ts), so a long step does not look better or worse by its length:
// - step-reward: the record's step reward, the mean of the normalised process rewards s/Z over the step's tokens;
// - process-mean: the same mean, taken here from the per-token process rewards because the step carried none;
// - implied-credit: an outcome-only run has no process reward; the credit its policy gradient gave is the
//   advantage, uniform within a response, so the cell is the advantage per token of the step;
// - not-saved: a run that saved no tokens (an imported verl run: its rollout dumps hold a score per response and no
//   per-token rewards) gives its steps no credit; the cell is 0 and says so.
import type { RolloutRecord } from '../contract/schemas'

export type CreditQuantity = 'step-reward' | 'process-mean' | 'implied-credit' | 'not-saved'

export const QUANTITY_DESCRIPTIONS: Readonly<Record<CreditQuantity, string>> = {
  'step-reward': 'step reward: mean of the normalised process rewards (s/Z) over the step’s tokens',
  'process-mean': 'step reward averaged here from the per-token process rewards (s/Z) over the step’s tokens',
  'implied-credit': 'implied credit of an outcome-only run: the per-token advantage over the step’s tokens',
  'not-saved': 'no step credit: the run saved a score per response and no per-token rewards (verl’s rollout dumps)',
}

/** Short names, for tooltips and cell titles. */
export const QUANTITY_NAMES: Readonly<Record<CreditQuantity, string>> = {
  'step-reward': 'step reward',
  'process-mean': 'step reward (mean s/Z)',
  'implied-credit': 'implied credit',
  'not-saved': 'no credit saved',
}

export function stepCredit(record: RolloutRecord, stepIndex: number): { value: number; quantity: CreditQuantity } {
  const step = record.steps[stepIndex]
  if (!step) throw new RangeError(`row ${record.row} has no step ${stepIndex} (it has ${record.steps.length})`)
  if (step.reward !== null) return { value: step.reward, quantity: 'step-reward' }
  if (record.processReward !== null) return { value: meanOver(record.processReward, step), quantity: 'process-mean' }
  if (record.tokens.length === 0) return { value: 0, quantity: 'not-saved' }
  return { value: meanOver(record.advantages, step), quantity: 'implied-credit' }
}

function meanOver(values: readonly number[], step: { tokenStart: number; tokenEnd: number }): number {
  if (step.tokenEnd <= step.tokenStart) return 0
  let sum = 0
  for (let t = step.tokenStart; t < step.tokenEnd; t++) sum += values[t] as number
  return sum / (step.tokenEnd - step.tokenStart)
}
