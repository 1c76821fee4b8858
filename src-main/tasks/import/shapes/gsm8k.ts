// GSM8K: {question, answer}, where answer is a worked solution ending in "#### <final answer>".
import { fieldError, optionalText, requireText } from '../fields'
import { leftoverFields } from '../json-value'
import { knownStepLabels } from '../step-labels'
import type { ShapedRow, ShapeReader, ShapeSettings } from './shape'

const MARKER = '####'
const CONSUMED = ['question', 'answer', 'id']

export function gsm8kReader(settings: ShapeSettings): ShapeReader {
  return (record, ctx): ShapedRow => {
    const prompt = requireText(ctx, record, 'question')
    const solution = requireText(ctx, record, 'answer')
    const at = solution.lastIndexOf(MARKER)
    if (at < 0) throw fieldError(ctx, 'answer', `no "${MARKER}" before the final answer (GSM8K answers end with "${MARKER} <number>")`)
    // verl's gsm8k preprocessing drops thousands separators from the final answer ("1,000" -> "1000"); so do we.
    const reference = solution.slice(at + MARKER.length).trim().replaceAll(',', '')
    if (reference === '') throw fieldError(ctx, 'answer', `nothing after "${MARKER}"`)
    const { stepLabels, consumed } = knownStepLabels(ctx, record)
    return {
      sourceId: optionalText(ctx, record, 'id'),
      prompt,
      reference,
      verifier: settings.verifier ?? 'math',
      dataSource: settings.dataSource,
      ability: 'math',
      // The worked solution stays with the row (for SFT warm-up or inspection).
      ...(stepLabels ? { stepLabels } : {}),
      extra: { solution, ...leftoverFields(ctx, record, [...CONSUMED, ...consumed]) },
    }
  }
}
