// Checks the import options before any file is touched, with errors that name the option at fault.
import { DatasetImportError, describeValue } from './errors'
import { VERIFIERS } from '../registry'
import { DATASET_FORMATS, MAPPING_KEYS, SPLITS, type FieldMapping, type ImportOptions } from './types'

/** Every verifier a row can name: the registry's, and the code verifier (which runs outside the pool). */
export const IMPORT_VERIFIERS: readonly string[] = [...Object.keys(VERIFIERS), 'code']

export function checkOptions(source: string, options: ImportOptions): void {
  const fail = (field: string, problem: string): DatasetImportError => new DatasetImportError(source, null, field, problem)
  if (typeof options.name !== 'string' || options.name.trim() === '') throw fail('name', 'the dataset needs a name')
  if (options.format !== undefined && options.format !== 'auto' && !DATASET_FORMATS.includes(options.format)) {
    throw fail('format', `unknown format ${JSON.stringify(options.format)} (known: auto, ${DATASET_FORMATS.join(', ')})`)
  }
  if (options.split !== undefined && !SPLITS.includes(options.split)) throw fail('split', `expected one of ${SPLITS.join(', ')}, got ${JSON.stringify(options.split)}`)
  if (options.splits !== undefined) {
    const { validation, test, seed } = options.splits
    for (const [key, value] of [['validation', validation], ['test', test]] as const) {
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw fail(`splits.${key}`, `expected a fraction in [0, 1], got ${describeValue(value)}`)
    }
    if (validation + test > 1) throw fail('splits', `validation + test is ${validation + test}, more than the whole dataset`)
    if (!Number.isInteger(seed)) throw fail('splits.seed', `expected an integer, got ${describeValue(seed)}`)
    if (options.split !== undefined) throw fail('split', 'give either one split for every row (split) or a seeded split (splits), not both')
  }
  if (options.verifier !== undefined && typeof options.verifier === 'string' && !IMPORT_VERIFIERS.includes(options.verifier)) {
    throw fail('verifier', `unknown verifier ${JSON.stringify(options.verifier)} (known: ${IMPORT_VERIFIERS.join(', ')})`)
  }
  if (options.mapping?.tests !== undefined && options.verifier !== undefined && options.verifier !== 'code') {
    throw fail('verifier', 'rows with tests are graded by the code verifier')
  }
  for (const key of ['verifier', 'dataSource', 'id'] as const) {
    const value = options[key]
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) throw fail(key, `expected a non-empty string, got ${describeValue(value)}`)
  }
  if (options.skipBadRows !== undefined && typeof options.skipBadRows !== 'boolean') throw fail('skipBadRows', `expected true or false, got ${describeValue(options.skipBadRows)}`)
  if (options.mapping !== undefined) checkMapping(options.mapping, fail)
}

function checkMapping(mapping: FieldMapping, fail: (field: string, problem: string) => DatasetImportError): void {
  if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping)) throw fail('mapping', `expected an object, got ${describeValue(mapping)}`)
  for (const [key, value] of Object.entries(mapping)) {
    if (!(MAPPING_KEYS as readonly string[]).includes(key)) throw fail(`mapping.${key}`, `unknown key (known: ${MAPPING_KEYS.join(', ')})`)
    if (typeof value !== 'string' || value === '') throw fail(`mapping.${key}`, `expected a source field name, got ${describeValue(value)}`)
  }
  if (mapping.prompt === undefined) throw fail('mapping.prompt', 'missing: name the source field that holds the prompt')
  const references = [mapping.answer, mapping.solution, mapping.tests].filter((f) => f !== undefined).length
  if (references !== 1) {
    throw fail(
      'mapping.answer',
      'name exactly one of answer (the reference itself), solution (a worked solution ending in \\boxed{...}) and tests (MBPP-style assert statements)',
    )
  }
  if (mapping.testSetup !== undefined && mapping.tests === undefined) throw fail('mapping.testSetup', 'test setup code needs tests (mapping.tests)')
  if ((mapping.label !== undefined || mapping.labels !== undefined) && mapping.steps === undefined) {
    throw fail(mapping.label !== undefined ? 'mapping.label' : 'mapping.labels', 'step labels need the steps they label (mapping.steps)')
  }
  if (mapping.steps !== undefined && (mapping.label === undefined) === (mapping.labels === undefined)) {
    throw fail('mapping.steps', 'name exactly one of label (the index of the first wrong step) and labels (one label per step)')
  }
}
