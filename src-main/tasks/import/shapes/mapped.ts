// Any other record shape, read through a field mapping that names the source field (or dotted path) of each
// normalised field.
import { fieldError, getField, optionalText, readPrompt, requireText, type RecordContext } from '../fields'
import { leftoverFields } from '../json-value'
import type { FieldMapping } from '../types'
import { boxedReference } from './math'
import type { ShapedRow, ShapeReader, ShapeSettings } from './shape'

export function mappedReader(settings: ShapeSettings & { mapping: FieldMapping }): ShapeReader {
  const { mapping } = settings
  // Only whole top-level fields are consumed; a dotted path leaves its parent (and the parent's other keys) in extra.
  const consumed = [mapping.prompt, mapping.answer, mapping.id, mapping.dataSource, mapping.ability].filter((f): f is string => f !== undefined)
  const { answer, solution } = mapping
  const readReference: (record: Record<string, unknown>, ctx: RecordContext) => string =
    answer !== undefined
      ? (record, ctx) => requireText(ctx, record, answer).trim()
      : solution !== undefined
        ? (record, ctx) => boxedReference(ctx, requireText(ctx, record, solution), solution)
        : () => {
            throw new TypeError('mappedReader: the mapping names neither answer nor solution (checked by validateMapping)')
          }
  return (record, ctx): ShapedRow => {
    const prompt = getField(record, mapping.prompt)
    if (!prompt.found) throw fieldError(ctx, mapping.prompt, 'missing (mapped as the prompt)')
    const reference = readReference(record, ctx)
    return {
      sourceId: mapping.id !== undefined ? requireText(ctx, record, mapping.id) : undefined,
      ...readPrompt(ctx, mapping.prompt, prompt.value),
      reference,
      verifier: settings.verifier ?? 'exact',
      dataSource: (mapping.dataSource !== undefined ? optionalText(ctx, record, mapping.dataSource) : undefined) ?? settings.dataSource,
      ability: (mapping.ability !== undefined ? optionalText(ctx, record, mapping.ability) : undefined) ?? 'unknown',
      extra: leftoverFields(ctx, record, consumed),
    }
  }
}
