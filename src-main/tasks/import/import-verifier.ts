// The verifier an import gives its rows, and why (meta.json's `verifier` and `verifierReason`).
import { DatasetImportError } from './errors'
import type { FormatPlan } from './detect-format'
import { readRecords } from './records'
import { mappedReader } from './shapes/mapped'
import type { ShapeSettings } from './shapes/shape'
import { chooseVerifier, type VerifierChoice } from './suggest-mapping'
import type { ImportOptions } from './types'

/** Records whose references decide a field-mapped import's default verifier. */
const VERIFIER_SAMPLE = 200

/**
 * The verifier every row gets, and why: the option; the math verifier for GSM8K and MATH; per row for verl (null);
 * for a field mapping, chooseVerifier on the first VERIFIER_SAMPLE references.
 */
export async function importVerifier(source: string, plan: FormatPlan, settings: ShapeSettings, options: Pick<ImportOptions, 'verifier' | 'signal' | 'onRowGroup' | 'maxRowGroupBytes'>): Promise<VerifierChoice | { verifier: null; reason: string }> {
  if (options.verifier !== undefined) return { verifier: options.verifier, reason: 'chosen for this import' }
  if (plan.shape === 'verl') return { verifier: null, reason: "per row, from verl's ability field (math → math, code → code, else exact)" }
  if (plan.shape === 'gsm8k' || plan.shape === 'math') return { verifier: 'math', reason: `${plan.shape === 'gsm8k' ? 'GSM8K' : 'MATH'} answers are graded by the math verifier` }
  const mapping = settings.mapping!
  const read = mappedReader({ ...settings, mapping })
  const references: string[] = []
  for await (const record of readRecords(source, plan.container, { signal: options.signal, onRowGroup: options.onRowGroup, maxRowGroupBytes: options.maxRowGroupBytes })) {
    if (!('value' in record)) continue
    try {
      references.push(read(record.value, { file: source, location: record.location }).reference)
    } catch (error) {
      if (!(error instanceof DatasetImportError)) throw error
    }
    if (references.length >= VERIFIER_SAMPLE) break
  }
  return chooseVerifier(mapping, references)
}
