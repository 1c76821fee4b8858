// From one iteration's rollout records to the step heatmap: rows = sampled responses grouped by prompt, columns =
// reasoning steps, value = the credit the run gave each step, colour range = the symmetric extent over the shown
// cells (both from src-preload/analysis, as the report's heatmaps). Pure, so the view only draws what these
// functions decide.
import { stepCredit, symmetricExtent, type CreditQuantity } from '../../../../src-preload/analysis'
import type { RolloutRecord } from '../../../../src-preload/contract/schemas'

export type Outcome = 'correct' | 'incorrect'

export interface HeatmapCell {
  /** 0-based step index within the response. */
  step: number
  text: string
  value: number
  quantity: CreditQuantity
  truth: boolean | null
  tokenStart: number
  tokenEnd: number
}

export interface HeatmapRow {
  /** Unique within an iteration: the batch row. */
  row: number
  outcome: Outcome
  record: RolloutRecord
  cells: HeatmapCell[]
}

export interface HeatmapGroup {
  group: number
  promptId: string
  prompt: string
  rows: HeatmapRow[]
}

export interface HeatmapModel {
  groups: HeatmapGroup[]
  /** The most steps any shown row has. */
  columns: number
  /** Half-width of the symmetric colour scale over the shown cells. */
  extent: number
  /** The quantities the shown cells hold (one for a well-formed run; the legend lists each). */
  quantities: CreditQuantity[]
  rowCount: number
}

export interface HeatmapFilter {
  outcome: 'all' | Outcome
  /** Only this prompt; null = every prompt. */
  promptId: string | null
}

export const NO_FILTER: HeatmapFilter = { outcome: 'all', promptId: null }

/** A response is correct when the verifier gave it full marks (acc is binary for the built-in tasks). */
export function outcomeOf(record: RolloutRecord): Outcome {
  return record.acc >= 1 ? 'correct' : 'incorrect'
}

export function heatmapRow(record: RolloutRecord): HeatmapRow {
  return {
    row: record.row,
    outcome: outcomeOf(record),
    record,
    cells: record.steps.map((step, k) => ({
      step: k,
      text: step.text,
      ...stepCredit(record, k),
      truth: step.truth,
      tokenStart: step.tokenStart,
      tokenEnd: step.tokenEnd,
    })),
  }
}

/** Groups in batch order (by group number), rows in batch order; empty groups after filtering are dropped. */
export function groupRows(records: readonly RolloutRecord[], filter: HeatmapFilter = NO_FILTER): HeatmapGroup[] {
  const groups = new Map<number, HeatmapGroup>()
  for (const record of [...records].sort((a, b) => a.group - b.group || a.row - b.row)) {
    if (filter.promptId !== null && record.promptId !== filter.promptId) continue
    const row = heatmapRow(record)
    if (filter.outcome !== 'all' && row.outcome !== filter.outcome) continue
    const group = groups.get(record.group) ?? { group: record.group, promptId: record.promptId, prompt: record.prompt, rows: [] }
    group.rows.push(row)
    groups.set(record.group, group)
  }
  return [...groups.values()]
}

export function heatmapModel(groups: HeatmapGroup[]): HeatmapModel {
  const cells = groups.flatMap((g) => g.rows.flatMap((r) => r.cells))
  return {
    groups,
    columns: Math.max(0, ...groups.flatMap((g) => g.rows.map((r) => r.cells.length))),
    extent: symmetricExtent(cells.map((c) => c.value)),
    quantities: [...new Set(cells.map((c) => c.quantity))],
    rowCount: groups.reduce((n, g) => n + g.rows.length, 0),
  }
}

export function buildHeatmap(records: readonly RolloutRecord[], filter: HeatmapFilter = NO_FILTER): HeatmapModel {
  return heatmapModel(groupRows(records, filter))
}

/**
 * The baseline run's responses to the same prompts, in the primary's group order, matched by promptId (group
 * numbers differ between runs). A prompt the baseline did not sample at this iteration gets a group with no rows.
 */
export function alignBaseline(primary: readonly HeatmapGroup[], baseline: readonly RolloutRecord[], filter: HeatmapFilter = NO_FILTER): HeatmapGroup[] {
  const byPrompt = new Map<string, HeatmapGroup>()
  for (const group of groupRows(baseline, filter)) {
    const existing = byPrompt.get(group.promptId)
    // A prompt sampled in two groups (e.g. a refill round) shows all of its responses.
    if (existing) existing.rows.push(...group.rows)
    else byPrompt.set(group.promptId, { ...group, rows: [...group.rows] })
  }
  return primary.map((g) => ({ group: g.group, promptId: g.promptId, prompt: g.prompt, rows: byPrompt.get(g.promptId)?.rows ?? [] }))
}

export interface PromptChoice {
  /** The prompt's group in the batch; prompts are labelled P(group + 1) everywhere. */
  group: number
  promptId: string
  prompt: string
  correct: number
  total: number
}

/** The prompts of an iteration in batch order, for the prompt filter, with how many of their responses are correct. */
export function promptChoices(records: readonly RolloutRecord[]): PromptChoice[] {
  const choices = new Map<number, PromptChoice>()
  for (const record of records) {
    const choice = choices.get(record.group) ?? { group: record.group, promptId: record.promptId, prompt: record.prompt, correct: 0, total: 0 }
    choice.total++
    if (outcomeOf(record) === 'correct') choice.correct++
    choices.set(record.group, choice)
  }
  return [...choices.values()].sort((a, b) => a.group - b.group)
}

/** Counts for the summary line above the grid. */
export function heatmapSummary(model: HeatmapModel): { responses: number; prompts: number; correct: number; steps: number; wrongSteps: number; unknownSteps: number } {
  const rows = model.groups.flatMap((g) => g.rows)
  const cells = rows.flatMap((r) => r.cells)
  return {
    responses: rows.length,
    prompts: model.groups.length,
    correct: rows.filter((r) => r.outcome === 'correct').length,
    steps: cells.length,
    wrongSteps: cells.filter((c) => c.truth === false).length,
    unknownSteps: cells.filter((c) => c.truth === null).length,
  }
}
