// Checks the records `runs.rollouts` returns (the contract leaves them untyped) against RolloutRecord and against
// each other's lengths, so the heatmap never draws from a half-understood file: a bad record is an error that names
// the file, the record and the field.
import { RolloutRecord } from '../../../../src-preload/contract/schemas'

/** Where the records came from, for error messages: the run and the iteration's file. */
export interface RolloutSource {
  runId: string
  iteration: number
}

export class RolloutRecordError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RolloutRecordError'
  }
}

export function rolloutFileName({ runId, iteration }: RolloutSource): string {
  return `runs/${runId}/rollouts/${iteration}.ndjson`
}

export function parseRolloutRecords(raw: readonly unknown[], source: RolloutSource): RolloutRecord[] {
  const file = rolloutFileName(source)
  const records = raw.map((value, index) => {
    const where = `${file} record ${index + 1}`
    const parsed = RolloutRecord.safeParse(value)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const field = issue?.path.length ? issue.path.join('.') : '(record)'
      throw new RolloutRecordError(`${where}: field ${field}: ${issue?.message ?? 'invalid'}`)
    }
    checkConsistency(parsed.data, where, source.iteration)
    return parsed.data
  })
  checkGroups(records, file)
  return records
}

function checkConsistency(record: RolloutRecord, where: string, iteration: number): void {
  const fail = (field: string, message: string) => {
    throw new RolloutRecordError(`${where} (row ${record.row}): field ${field}: ${message}`)
  }
  if (record.iteration !== iteration) fail('iteration', `is ${record.iteration}, but the file is iteration ${iteration}`)
  const n = record.tokens.length
  const perToken = { tokenSpans: record.tokenSpans, q: record.q, processReward: record.processReward, advantages: record.advantages }
  for (const [field, values] of Object.entries(perToken)) {
    if (values !== null && values.length !== n) fail(field, `has ${values.length} entries for ${n} tokens`)
  }
  record.tokenSpans.forEach(([start, end], i) => {
    if (start < 0 || end < start || end > record.response.length) {
      fail(`tokenSpans.${i}`, `[${start}, ${end}) is not a span of the ${record.response.length}-character response`)
    }
  })
  record.steps.forEach((step, k) => {
    if (step.tokenStart < 0 || step.tokenEnd < step.tokenStart || step.tokenEnd > n) {
      fail(`steps.${k}`, `tokens [${step.tokenStart}, ${step.tokenEnd}) lie outside the ${n} tokens`)
    }
    if (step.start < 0 || step.end < step.start || step.end > record.response.length) {
      fail(`steps.${k}`, `characters [${step.start}, ${step.end}) lie outside the ${record.response.length}-character response`)
    }
  })
}

/** Rows of one group share a prompt (schemas.ts); the heatmap groups by `group` and matches baselines by promptId. */
function checkGroups(records: readonly RolloutRecord[], file: string): void {
  const promptOf = new Map<number, string>()
  const rows = new Set<number>()
  for (const record of records) {
    if (rows.has(record.row)) throw new RolloutRecordError(`${file}: row ${record.row} appears twice`)
    rows.add(record.row)
    const first = promptOf.get(record.group)
    if (first === undefined) promptOf.set(record.group, record.promptId)
    else if (first !== record.promptId) {
      throw new RolloutRecordError(
        `${file}: group ${record.group} mixes prompts ${JSON.stringify(first)} and ${JSON.stringify(record.promptId)} (row ${record.row})`,
      )
    }
  }
}
