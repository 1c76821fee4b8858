// The import and generate forms' optional parts turned into request fields: a field mapping only when the user
// named a prompt field, a seeded split only when a fraction is above zero. Errors name the form field.
import type { ApiRequest } from '../../../../src-preload/contract/api'

type Mapping = NonNullable<ApiRequest<'datasets.import'>['mapping']>
type Splits = NonNullable<ApiRequest<'datasets.import'>['splits']>

export interface MappingFields {
  prompt: string
  answer: string
  solution: string
}

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

/** The mapping the user filled in, or undefined when all three fields are empty (the format is then detected). */
export function buildMapping(fields: MappingFields): Mapping | undefined {
  const prompt = fields.prompt.trim()
  const answer = fields.answer.trim()
  const solution = fields.solution.trim()
  if (!prompt && !answer && !solution) return undefined
  if (!prompt) throw new FormError('prompt', 'name the field that holds the prompt')
  if (!answer && !solution) throw new FormError('answer', 'name the answer field, or a solution field whose last \\boxed{} is the answer')
  if (answer && solution) throw new FormError('solution', 'name either an answer field or a solution field, not both')
  return { prompt, ...(answer ? { answer } : { solution }) }
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
