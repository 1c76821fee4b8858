// Any other record shape, read through a field mapping that names the source field (or dotted path) of each
// normalised field. The reference is the `answer` (text, a number, or a list: fields.ts `answerText`), the last
// \boxed{} of a `solution`, or MBPP-style `tests` (assert statements) that the code verifier runs.
import { assertsReference } from '../../code/apps-tests'
import { describeValue } from '../errors'
import { asText, fieldError, getField, optionalText, readPrompt, requireAnswer, requireText, type RecordContext } from '../fields'
import { leftoverFields } from '../json-value'
import { readStepLabels } from '../step-labels'
import type { FieldMapping } from '../types'
import { boxedReference } from './math'
import type { ShapedRow, ShapeReader, ShapeSettings } from './shape'

type ReadReference = (record: Record<string, unknown>, ctx: RecordContext) => string

export function mappedReader(settings: ShapeSettings & { mapping: FieldMapping }): ShapeReader {
  const { mapping } = settings
  // Only whole top-level fields are consumed; a dotted path leaves its parent (and the parent's other keys) in extra.
  const consumed = [
    mapping.prompt, mapping.answer, mapping.solution, mapping.tests, mapping.testSetup, mapping.id, mapping.dataSource, mapping.ability,
    mapping.steps, mapping.label, mapping.labels,
  ].filter((f): f is string => f !== undefined)
  const readReference = referenceReader(mapping)
  const verifier = mapping.tests !== undefined ? 'code' : (settings.verifier ?? 'exact')
  const { steps, label, labels } = mapping
  return (record, ctx): ShapedRow => {
    const prompt = getField(record, mapping.prompt)
    if (!prompt.found) throw fieldError(ctx, mapping.prompt, 'missing (mapped as the prompt)')
    const reference = readReference(record, ctx)
    const stepLabels = steps !== undefined ? readStepLabels(ctx, record, { steps, label, labels }) : undefined
    return {
      sourceId: mapping.id !== undefined ? requireText(ctx, record, mapping.id) : undefined,
      ...readPrompt(ctx, mapping.prompt, prompt.value),
      reference,
      verifier,
      dataSource: (mapping.dataSource !== undefined ? optionalText(ctx, record, mapping.dataSource) : undefined) ?? settings.dataSource,
      ability: (mapping.ability !== undefined ? optionalText(ctx, record, mapping.ability) : undefined) ?? (mapping.tests !== undefined ? 'code' : 'unknown'),
      ...(stepLabels ? { stepLabels } : {}),
      extra: leftoverFields(ctx, record, consumed),
    }
  }
}

function referenceReader(mapping: FieldMapping): ReadReference {
  const { answer, solution, tests, testSetup } = mapping
  if (answer !== undefined) return (record, ctx) => requireAnswer(ctx, record, answer)
  if (solution !== undefined) return (record, ctx) => boxedReference(ctx, requireText(ctx, record, solution), solution)
  if (tests !== undefined) {
    return (record, ctx) => {
      const { found, value } = getField(record, tests)
      if (!found) throw fieldError(ctx, tests, 'missing (mapped as the tests)')
      if (!Array.isArray(value) || value.length === 0) throw fieldError(ctx, tests, `expected a non-empty list of assert statements, got ${describeValue(value)}`)
      const asserts = value.map((statement, i) => asText(ctx, `${tests}.${i}`, statement))
      // MBPP leaves test_setup_code empty on most rows.
      const setupValue = testSetup !== undefined ? getField(record, testSetup).value : undefined
      const setup = setupValue === '' || setupValue === undefined || setupValue === null ? null : asText(ctx, testSetup!, setupValue)
      return assertsReference(asserts, setup)
    }
  }
  throw new TypeError('mappedReader: the mapping names no answer, solution or tests (checked by checkOptions)')
}
