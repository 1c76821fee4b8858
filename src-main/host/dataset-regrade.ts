// Re-grading a dataset's reference answers with the verifiers the RL loop will use. Two checks per row:
//  1. the reference, written as an answer, graded against the reference: a verifier that cannot recognise a
//     reference as equal to itself would score every correct response 0 on that row (a reference the math
//     normaliser mangles, an unbalanced brace, a task verifier that rejects its own answer format);
//  2. where the row has a worked solution (`extra.solution`: MATH's and GSM8K's solutions, the synthetic tasks'
//     demonstrations), the solution graded against the reference: a disagreement is label noise in the source or
//     an extraction the verifier gets wrong.
// Rows are streamed from rows.jsonl and graded in batches on the verifier worker pool (each check under its
// timeout), so a dataset of any size re-grades in bounded memory.
import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import type { RegradeResult } from '../../src-preload/contract/schemas'
import type { VerifyJob } from '../tasks/pool/verifier-pool'
import { VERIFIERS } from '../tasks/registry'
import type { Verification } from '../tasks/verification'

const BATCH_ROWS = 256
const MAX_DISAGREEMENTS = 50
const MAX_SHOWN_RESPONSE = 500

type Disagreement = RegradeResult['disagreements'][number]

interface RowToCheck {
  id: string
  reference: string
  verifier: string
  solution: string | null
}

/**
 * The reference as a response the verifier reads: `exact` compares whole strings, so the reference as is; every
 * other verifier grades the last `\boxed{}` answer (the synthetic tasks require it on the last line).
 */
export function referenceAsResponse(verifier: string, reference: string): string {
  return verifier === 'exact' ? reference : `\\boxed{${reference}}`
}

/**
 * A worked solution as a response. GSM8K marks its final answer with "#### x" rather than \boxed{}; the math
 * verifier does not read that marker (PRIME's grader does not either), so it is rewritten to \boxed{x} — the same
 * text the importer took the reference from, so the check asks whether the verifier agrees with the importer.
 */
export function solutionAsResponse(solution: string): string {
  const marker = solution.lastIndexOf('####')
  if (solution.includes('\\boxed') || marker < 0) return solution
  return `${solution.slice(0, marker)}\\boxed{${solution.slice(marker + 4).trim()}}`
}

/**
 * What a re-grade compares for rows of this verifier, in words for the page and the CLI, and whether the comparison
 * can fail at all. `exact` given its own reference is always equal: a 100% there means nothing, and says so.
 */
export function comparisonFor(verifier: string): { compares: string; informative: boolean } {
  if (verifier === 'exact') {
    return {
      compares:
        'the reference against itself as a whole string, which always agrees: nothing is checked. The exact verifier scores a response 1 only when the whole response equals the reference, so a model that reasons before answering scores 0; re-import with the math verifier for math answers',
      informative: false,
    }
  }
  if (verifier === 'math') {
    return {
      compares:
        'each reference written as "\\boxed{reference}" against the reference, through the math verifier (its answer extraction and normalisation must give the reference back), and each worked solution (extra.solution, GSM8K\'s "#### x" read as \\boxed{x}) against the reference',
      informative: true,
    }
  }
  return {
    compares: `each reference written as a "\\boxed{reference}" answer line, graded by the ${verifier} task verifier, and each worked demonstration (extra.solution) against the reference`,
    informative: true,
  }
}

/** Why rows with this verifier are not checked, or null when they are. */
export function skipReason(verifier: string): string | null {
  if (verifier === 'code') return 'the reference is a test suite, not an answer to grade'
  if (!Object.hasOwn(VERIFIERS, verifier)) return `no verifier named "${verifier}"`
  return null
}

function rowToCheck(line: string, lineNumber: number, file: string): RowToCheck {
  const row = JSON.parse(line) as { id?: unknown; reference?: unknown; verifier?: unknown; extra?: { solution?: unknown } }
  if (typeof row.id !== 'string' || typeof row.reference !== 'string' || typeof row.verifier !== 'string') {
    throw new Error(`${file}: line ${lineNumber}: not a normalised row (id, reference and verifier must be strings)`)
  }
  const solution = row.extra?.solution
  return { id: row.id, reference: row.reference, verifier: row.verifier, solution: typeof solution === 'string' ? solution : null }
}

export interface RegradeOptions {
  rowsFile: string
  /** Check at most this many rows (from the start). */
  limit: number
  verification: Verification
  onProgress?: (checked: number) => void
}

export async function regradeRows(options: RegradeOptions): Promise<RegradeResult> {
  const started = performance.now()
  const result: RegradeResult = { comparisons: [], checked: 0, agreed: 0, solutionsChecked: 0, skipped: [], disagreements: [], seconds: 0 }
  const skipped = new Map<string, number>()
  const checkedByVerifier = new Map<string, number>()
  let batch: RowToCheck[] = []
  let processed = 0

  const gradeBatch = async (): Promise<void> => {
    const jobs: { row: RowToCheck; graded: Disagreement['graded']; job: VerifyJob }[] = []
    for (const row of batch) {
      jobs.push({ row, graded: 'reference', job: { verifier: row.verifier, response: referenceAsResponse(row.verifier, row.reference), reference: row.reference } })
      // An exact-match verifier compares whole strings, and a worked solution is never just the answer.
      if (row.solution !== null && row.verifier !== 'exact') {
        jobs.push({ row, graded: 'solution', job: { verifier: row.verifier, response: solutionAsResponse(row.solution), reference: row.reference } })
      }
    }
    const verdicts = await options.verification.verifyBatch(jobs.map((j) => j.job))
    const failedRows = new Set<string>()
    verdicts.forEach((verdict, i) => {
      const { row, graded, job } = jobs[i]!
      if (graded === 'solution') result.solutionsChecked += 1
      if (verdict.score === 1) return
      failedRows.add(row.id)
      if (result.disagreements.length < MAX_DISAGREEMENTS) {
        result.disagreements.push({
          rowId: row.id,
          reference: row.reference,
          graded,
          response: job.response.length > MAX_SHOWN_RESPONSE ? `${job.response.slice(0, MAX_SHOWN_RESPONSE)}…` : job.response,
          verifier: row.verifier,
          score: verdict.score,
          detail: verdict.detail,
          ...(verdict.extracted !== undefined ? { extracted: verdict.extracted } : {}),
        })
      }
    })
    result.checked += batch.length
    result.agreed += batch.length - failedRows.size
    batch = []
    options.onProgress?.(processed)
  }

  const lines = createInterface({ input: createReadStream(options.rowsFile, 'utf8'), crlfDelay: Infinity })
  let lineNumber = 0
  try {
    for await (const line of lines) {
      lineNumber += 1
      if (lineNumber > options.limit) break
      processed = lineNumber
      const row = rowToCheck(line, lineNumber, options.rowsFile)
      if (skipReason(row.verifier) !== null) {
        skipped.set(row.verifier, (skipped.get(row.verifier) ?? 0) + 1)
        continue
      }
      checkedByVerifier.set(row.verifier, (checkedByVerifier.get(row.verifier) ?? 0) + 1)
      batch.push(row)
      if (batch.length >= BATCH_ROWS) await gradeBatch()
    }
    if (batch.length > 0) await gradeBatch()
    options.onProgress?.(processed)
  } finally {
    lines.close()
  }
  result.skipped = [...skipped].map(([verifier, rows]) => ({ verifier, rows, reason: skipReason(verifier) ?? '' }))
  result.comparisons = [...checkedByVerifier].map(([verifier, rows]) => ({ verifier, rows, ...comparisonFor(verifier) }))
  result.seconds = (performance.now() - started) / 1000
  return result
}
