// MATH (Hendrycks et al.): {problem, solution | answer}. The reference is `answer` where the record has one; otherwise
// the last \boxed{...} of `solution`.
import { fieldError, getField, optionalText, requireAnswer, requireText } from '../fields'
import { leftoverFields } from '../json-value'
import { lastBoxed } from '../last-boxed'
import { knownStepLabels } from '../step-labels'
import type { ShapedRow, ShapeReader, ShapeSettings } from './shape'

const CONSUMED = ['problem', 'answer', 'id']

export function mathReader(settings: ShapeSettings): ShapeReader {
  return (record, ctx): ShapedRow => {
    const prompt = requireText(ctx, record, 'problem')
    let reference: string
    if (getField(record, 'answer').found) reference = requireAnswer(ctx, record, 'answer')
    else if (getField(record, 'solution').found) reference = boxedReference(ctx, requireText(ctx, record, 'solution'), 'solution')
    else throw fieldError(ctx, 'answer', 'missing, and there is no solution to take the \\boxed{} answer from')
    const { stepLabels, consumed } = knownStepLabels(ctx, record)
    return {
      sourceId: optionalText(ctx, record, 'id'),
      prompt,
      reference,
      verifier: settings.verifier ?? 'math',
      dataSource: settings.dataSource,
      ability: 'math',
      ...(stepLabels ? { stepLabels } : {}),
      extra: leftoverFields(ctx, record, [...CONSUMED, ...consumed]),
    }
  }
}

export function boxedReference(ctx: Parameters<ShapeReader>[1], solution: string, field: string): string {
  const boxed = lastBoxed(solution)
  if (!boxed.ok) throw fieldError(ctx, field, boxed.reason)
  return boxed.answer
}
