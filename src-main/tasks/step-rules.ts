// How a dataset response splits into reasoning steps (RlConfig task.steps), for the step heatmap and step metrics:
// each non-blank line, each blank-line-separated paragraph, or each match of a marker such as `Step k:` starting a
// step. Spans carry character offsets; the characters between steps (line breaks, blank lines) belong to no step.
// The built-in tasks segment by lines (synthetic/steps.ts segmentLines), which is the `lines` rule here.
import type { StepRule } from '../../src-preload/contract/rl-config'
import { segmentLines } from './synthetic/steps'
import type { StepSpan } from './synthetic/task'

/** `text` narrowed to its non-whitespace core, or null when it is blank. */
function trimmedSpan(response: string, start: number, end: number): StepSpan | null {
  while (start < end && /\s/.test(response[start]!)) start++
  while (end > start && /\s/.test(response[end - 1]!)) end--
  return end > start ? { start, end, text: response.slice(start, end) } : null
}

/** Blocks separated by one or more blank lines (lines holding only whitespace count as blank). */
export function segmentParagraphs(response: string): StepSpan[] {
  const spans: StepSpan[] = []
  const separator = /\n[ \t\r]*\n\s*/g
  let start = 0
  for (const match of response.matchAll(separator)) {
    const span = trimmedSpan(response, start, match.index)
    if (span) spans.push(span)
    start = match.index + match[0].length
  }
  const last = trimmedSpan(response, start, response.length)
  if (last) spans.push(last)
  return spans
}

/** Each match of `marker` (multiline) starts a step that runs to the next match; text before the first match is a step too. */
export function segmentByMarker(response: string, marker: string): StepSpan[] {
  const re = new RegExp(marker, 'gm')
  const starts = [0]
  for (const match of response.matchAll(re)) {
    if (match[0] === '') throw new Error(`step marker /${marker}/ matched the empty string`)
    if (match.index > 0) starts.push(match.index)
  }
  starts.push(response.length)
  const spans: StepSpan[] = []
  for (let i = 0; i + 1 < starts.length; i++) {
    const span = trimmedSpan(response, starts[i]!, starts[i + 1]!)
    if (span) spans.push(span)
  }
  return spans
}

export function segmentSteps(response: string, rule: StepRule): StepSpan[] {
  switch (rule.split) {
    case 'lines':
      return segmentLines(response)
    case 'paragraphs':
      return segmentParagraphs(response)
    case 'marker':
      return segmentByMarker(response, rule.marker)
  }
}
