// verl's rollout dumps (`trainer.rollout_data_dir`: `<step>.jsonl`, one line per response; ray_trainer.py
// _dump_generations @ VERL_COMMIT) as the workbench's rollout records, so the step heatmap and the report show them.
// A line holds `input` (the prompt, decoded without special tokens), `output`, `score` (the sum of the response's
// token-level scores: its verifier score), `step`, newer versions `gts`, and any per-response reward extras. verl
// saves no tokens and no per-token rewards, so a record has none: its steps (lines of the response) carry the text
// and no credit, and the heatmap says why (src-preload/analysis/step-credit.ts, `not-saved`).
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { RolloutRecord } from '../../../src-preload/contract/schemas'
import { hashString } from '../../tasks/random'
import { segmentLines } from '../../tasks/synthetic/steps'
import { parsePythonJson } from './python-json'
import { VerlFormatError } from './step-lines'

/** Steps with a dump file in `dir` (`<step>.jsonl`), ascending. */
export function dumpSteps(dir: string): number[] {
  return readdirSync(dir)
    .flatMap((name) => (/^\d+\.jsonl$/.test(name) ? [Number(name.slice(0, -'.jsonl'.length))] : []))
    .sort((a, b) => a - b)
}

export function dumpFile(dir: string, step: number): string {
  return join(dir, `${step}.jsonl`)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describeExtras(line: Record<string, unknown>): string {
  const parts: string[] = []
  for (const [key, value] of Object.entries(line)) {
    if (['input', 'output', 'score', 'step', 'gts'].includes(key)) continue
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') parts.push(`${key}=${String(value)}`)
  }
  return parts.join(', ')
}

/**
 * One dump file's records. Responses to the same prompt share a group (verl repeats each prompt n times in a row);
 * a prompt's id is a hash of its text, so the same prompt has the same id at every step. A line that breaks the
 * format throws a VerlFormatError naming file and line; an empty or cut-short last line is ignored.
 */
export function parseRolloutDump(text: string, file: string, step: number): RolloutRecord[] {
  const records: RolloutRecord[] = []
  const groups = new Map<string, number>()
  const lines = text.split('\n')
  lines.forEach((raw, index) => {
    if (raw.trim() === '') return
    const where = `${file}:${index + 1}`
    let parsed: unknown
    try {
      parsed = parsePythonJson(raw)
    } catch (error) {
      if (index === lines.length - 1) return
      throw new VerlFormatError(where, null, `not valid JSON (${(error as Error).message})`)
    }
    if (!isRecord(parsed)) throw new VerlFormatError(where, null, 'expected a JSON object {input, output, score, step}')
    const { input, output, score, gts } = parsed
    if (typeof input !== 'string') throw new VerlFormatError(where, 'input', 'expected the prompt text')
    if (typeof output !== 'string') throw new VerlFormatError(where, 'output', 'expected the response text')
    if (score !== null && typeof score !== 'number' && typeof score !== 'boolean') throw new VerlFormatError(where, 'score', `expected a number, got ${JSON.stringify(score)}`)
    const acc = typeof score === 'number' && Number.isFinite(score) ? score : score === true ? 1 : 0
    let group = groups.get(input)
    if (group === undefined) {
      group = groups.size
      groups.set(input, group)
    }
    const extras = describeExtras(parsed)
    records.push({
      iteration: step,
      row: records.length,
      group,
      promptId: `verl-${hashString(input).toString(16).padStart(8, '0')}`,
      prompt: input,
      response: output,
      tokens: [],
      tokenSpans: [],
      q: null,
      processReward: null,
      advantages: [],
      acc,
      truncated: false,
      verifierDetail: [`verl score ${score === null ? 'NaN' : String(score)}`, gts === undefined ? '' : `reference ${typeof gts === 'string' ? gts : JSON.stringify(gts)}`, extras].filter(Boolean).join('; '),
      steps: segmentLines(output).map((span) => ({ ...span, tokenStart: 0, tokenEnd: 0, truth: null, reward: null })),
    })
  })
  return records
}
