// Beside a step heatmap, how well the signal it colours found the first wrong step at that iteration, read against
// the two yardsticks the Step localisation panels draw (contract/metrics.ts METRIC_PANELS): the reference model's
// surprisal, a localiser no training produces, and chance. A heatmap shows a sample of responses; these figures are
// the trainer's, over every wrong response of the iteration's batch (src-main/rl/stepMetrics.ts), and the sentence
// says so. The same sentence goes under the app's heatmap legend and the report's.
import { formatFigure } from './format'
import type { CreditQuantity } from './step-credit'

/** The localisation signal whose numbers a heatmap quantity shows, and the object it is, in words. */
const SIGNAL_OF: Readonly<Record<CreditQuantity, { signal: 'process' | 'credit'; object: string } | null>> = {
  'step-reward': { signal: 'process', object: 'process reward s/Z' },
  'process-mean': { signal: 'process', object: 'process reward s/Z' },
  'implied-credit': { signal: 'credit', object: 'policy-gradient credit (advantage)' },
  'not-saved': null,
}

/**
 * "First-error top-1 at this iteration, over the batch's 37 wrong responses: process reward s/Z 0.41 · reference
 * surprisal (baseline) 0.62 · chance 0.29." Null when the iteration logged no step localisation (e.g. no wrong
 * response with a wrong step) or the quantity is unknown.
 */
export function describeLocalisation(values: Readonly<Record<string, number>> | null, quantity: CreditQuantity | undefined): string | null {
  const shown = quantity ? SIGNAL_OF[quantity] : null
  if (!values || !shown) return null
  const { signal, object } = shown
  const at = (name: string) => (Number.isFinite(values[name]) ? (values[name] as number) : null)
  const own = at(`step_validity/${signal}/top1`)
  const chance = at('step_validity/chance_top1')
  if (own === null || chance === null) return null
  const surprisal = at('step_validity/ref_surprisal/top1')
  const responses = at('step_validity/responses')
  const over = responses === null ? 'over the batch’s wrong responses' : `over the batch’s ${responses} wrong response${responses === 1 ? '' : 's'}`
  const parts = [`${object} ${formatFigure(own)}`, ...(surprisal === null ? [] : [`reference surprisal (baseline) ${formatFigure(surprisal)}`]), `chance ${formatFigure(chance)}`]
  return `First-error top-1 at this iteration, ${over}: ${parts.join(' · ')}.`
}
