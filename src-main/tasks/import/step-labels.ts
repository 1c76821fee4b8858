// Human step labels kept with a row (issue 11, item 4): a given solution split into steps, each judged right, wrong
// or not judged. Two source forms:
//  - ProcessBench (Zheng et al. 2024): `steps` + `label`, the index of the first wrong step, -1 when all are right.
//    Steps before it are right, it is wrong, and the steps after it were not judged (null): ProcessBench annotates
//    only up to the first error.
//  - per-step `labels` (PRM800K-style): one per step, a boolean, or a rating 1 (right) / -1 (wrong) / 0 (PRM800K's
//    "neutral": reasonable but no progress — neither right nor wrong, so null), or null (not judged).
// A 0/1 list meaning wrong/right must be written as booleans: 0 is read as PRM800K's neutral rating.
import { describeValue } from './errors'
import { asText, fieldError, getField, type RecordContext } from './fields'
import type { StepLabels } from './types'

export interface StepLabelFields {
  steps: string
  /** ProcessBench's first-error index. */
  label?: string
  /** Per-step labels. */
  labels?: string
}

/** The record's step labels, or undefined when it has no steps field (a null or missing `steps`). */
export function readStepLabels(ctx: RecordContext, record: Record<string, unknown>, fields: StepLabelFields): StepLabels | undefined {
  const stepsField = getField(record, fields.steps)
  if (!stepsField.found || stepsField.value === null) return undefined
  const rawSteps = stepsField.value
  if (!Array.isArray(rawSteps)) throw fieldError(ctx, fields.steps, `expected a list of steps, got ${describeValue(rawSteps)}`)
  if (rawSteps.length === 0) throw fieldError(ctx, fields.steps, 'expected a list of steps, got an empty list')
  const steps = rawSteps.map((step, i) => asText(ctx, `${fields.steps}.${i}`, step))
  if (fields.labels !== undefined) return { steps, correct: perStepLabels(ctx, record, fields.labels, steps.length) }
  if (fields.label !== undefined) return { steps, correct: firstErrorLabels(ctx, record, fields.label, steps.length) }
  throw fieldError(ctx, fields.steps, 'steps without labels: map label (the first wrong step) or labels (one per step)')
}

function firstErrorLabels(ctx: RecordContext, record: Record<string, unknown>, field: string, count: number): (boolean | null)[] {
  const { found, value } = getField(record, field)
  if (!found) throw fieldError(ctx, field, 'missing (the index of the first wrong step, -1 when every step is right)')
  const first = typeof value === 'bigint' ? Number(value) : value
  if (typeof first !== 'number' || !Number.isInteger(first) || first < -1 || first >= count) {
    throw fieldError(ctx, field, `expected the index of the first wrong step (-1 to ${count - 1}), got ${typeof first === 'number' ? String(first) : describeValue(first)}`)
  }
  if (first === -1) return Array.from({ length: count }, () => true)
  return Array.from({ length: count }, (_, i) => (i < first ? true : i === first ? false : null))
}

function perStepLabels(ctx: RecordContext, record: Record<string, unknown>, field: string, count: number): (boolean | null)[] {
  const { found, value } = getField(record, field)
  if (!found) throw fieldError(ctx, field, 'missing (one label per step)')
  if (!Array.isArray(value)) throw fieldError(ctx, field, `expected a list of labels, one per step, got ${describeValue(value)}`)
  if (value.length !== count) throw fieldError(ctx, field, `${value.length} labels for ${count} steps`)
  return value.map((label, i) => {
    const rating = typeof label === 'bigint' ? Number(label) : label
    if (typeof rating === 'boolean' || rating === null) return rating
    if (rating === 1) return true
    if (rating === -1) return false
    if (rating === 0) return null
    throw fieldError(ctx, `${field}.${i}`, `expected true, false, null or a rating 1 / 0 / -1, got ${describeValue(rating)}`)
  })
}

/** Field names the known shapes (GSM8K, MATH, verl) read step labels from when a record has them. */
const KNOWN_STEP_FIELDS = { steps: 'steps', label: 'label', labels: 'labels' } as const

/** A known-shape record's step labels (`steps` with `labels` or `label`), and the fields they consumed. */
export function knownStepLabels(ctx: RecordContext, record: Record<string, unknown>): { stepLabels?: StepLabels; consumed: string[] } {
  const has = (name: string): boolean => Object.hasOwn(record, name) && record[name] !== null && record[name] !== undefined
  if (!has(KNOWN_STEP_FIELDS.steps) || !(has(KNOWN_STEP_FIELDS.labels) || has(KNOWN_STEP_FIELDS.label))) return { consumed: [] }
  const fields: StepLabelFields = has(KNOWN_STEP_FIELDS.labels) ? { steps: 'steps', labels: 'labels' } : { steps: 'steps', label: 'label' }
  return { stepLabels: readStepLabels(ctx, record, fields), consumed: ['steps', fields.labels ?? fields.label ?? ''] }
}
