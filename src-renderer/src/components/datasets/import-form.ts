// The import and generate forms' optional parts turned into request fields: a field mapping only when the user
// named a prompt field, a seeded split only when a fraction is above zero. Errors name the form field.
import type { ApiRequest } from '../../../../src-preload/contract/api'

type Mapping = NonNullable<ApiRequest<'datasets.import'>['mapping']>
type Splits = NonNullable<ApiRequest<'datasets.import'>['splits']>

export interface MappingFields {
  prompt: string
  answer: string
  solution: string
  /** MBPP-style assert statements (graded by the code verifier). */
  tests: string
  /** A given solution's steps, and the field that labels them. */
  steps: string
  stepLabels: string
  /** `label`: ProcessBench's index of the first wrong step; `labels`: one label per step. */
  stepLabelKind: 'label' | 'labels'
}

export const EMPTY_MAPPING: MappingFields = { prompt: '', answer: '', solution: '', tests: '', steps: '', stepLabels: '', stepLabelKind: 'label' }

export interface SplitFields {
  /** Percentages as typed, 0–100. */
  validationPercent: number
  testPercent: number
  seed: number
}

export class FormError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message)
    this.name = 'FormError'
  }
}

/** The mapping the user filled in, or undefined when no field is (the format is then detected). */
export function buildMapping(fields: MappingFields): Mapping | undefined {
  const f = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v])) as MappingFields
  if (!f.prompt && !f.answer && !f.solution && !f.tests && !f.steps && !f.stepLabels) return undefined
  if (!f.prompt) throw new FormError('prompt', 'name the field that holds the prompt')
  const references = [f.answer, f.solution, f.tests].filter(Boolean).length
  if (references === 0) throw new FormError('answer', 'name the answer field, a solution field whose last \\boxed{} is the answer, or a tests field')
  if (references > 1) throw new FormError(f.answer ? 'solution' : 'tests', 'name only one of the answer, solution and tests fields')
  if (f.steps && !f.stepLabels) throw new FormError('stepLabels', 'name the field that labels the steps')
  if (f.stepLabels && !f.steps) throw new FormError('steps', 'name the field that holds the steps')
  return {
    prompt: f.prompt,
    ...(f.answer ? { answer: f.answer } : f.solution ? { solution: f.solution } : { tests: f.tests }),
    ...(f.steps ? { steps: f.steps, [f.stepLabelKind]: f.stepLabels } : {}),
  }
}

/** The form's fields for a mapping (a proposal from the preview); keys the form has no field for are kept aside. */
export function mappingFields(mapping: Record<string, string> | null): MappingFields {
  if (!mapping) return { ...EMPTY_MAPPING }
  return {
    prompt: mapping.prompt ?? '',
    answer: mapping.answer ?? '',
    solution: mapping.solution ?? '',
    tests: mapping.tests ?? '',
    steps: mapping.steps ?? '',
    stepLabels: mapping.labels ?? mapping.label ?? '',
    stepLabelKind: mapping.labels !== undefined ? 'labels' : 'label',
  }
}

/** Mapping keys besides the form's (id, testSetup, dataSource, ability) carried over from a proposal. */
export function extraMappingKeys(mapping: Record<string, string> | null): Record<string, string> {
  if (!mapping) return {}
  const formKeys = ['prompt', 'answer', 'solution', 'tests', 'steps', 'label', 'labels']
  return Object.fromEntries(Object.entries(mapping).filter(([key]) => !formKeys.includes(key)))
}

/** "3 of 4 steps labelled right" for a row that carries step labels, else null. */
export function stepLabelSummary(row: Record<string, unknown>): string | null {
  const labels = row.stepLabels as { steps?: unknown[]; correct?: (boolean | null)[] } | undefined
  if (!labels || !Array.isArray(labels.correct)) return null
  const right = labels.correct.filter((c) => c === true).length
  const wrong = labels.correct.filter((c) => c === false).length
  return `${labels.correct.length} steps: ${right} right, ${wrong} wrong`
}

/** A seeded split, or undefined when both fractions are zero (every row is then train). */
export function buildSplits(fields: SplitFields): Splits | undefined {
  const { validationPercent, testPercent, seed } = fields
  for (const [field, value] of [['validationPercent', validationPercent], ['testPercent', testPercent]] as const) {
    if (!Number.isFinite(value) || value < 0 || value > 100) throw new FormError(field, 'a percentage from 0 to 100')
  }
  if (validationPercent + testPercent > 100) throw new FormError('testPercent', 'validation and test together must not exceed 100%')
  if (!Number.isInteger(seed) || seed < 0) throw new FormError('seed', 'the seed is a whole number ≥ 0')
  if (validationPercent === 0 && testPercent === 0) return undefined
  return { validation: validationPercent / 100, test: testPercent / 100, seed }
}

/** A dataset name from a file name: without folders and extension. */
export function nameFromFile(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName
  return base.replace(/\.(jsonl|ndjson|json|csv|parquet)$/i, '') || base || 'dataset'
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KB', 'MB', 'GB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`
}
