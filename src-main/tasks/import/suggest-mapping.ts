// What to propose when a file is in none of the known shapes, and which verifier an import gets by default.
// Both are guesses from field names and a sample of answers; the researcher sees them in the preview (and in the
// error that asks for a mapping) and can change them before importing.
import { answerKind } from './answer-kind'
import type { FieldMapping } from './types'

const PROMPT_FIELDS = ['prompt', 'question', 'problem', 'query', 'input', 'instruction', 'text']
const ANSWER_FIELDS = ['answer', 'final_answer', 'ground_truth', 'gt_answer', 'gt', 'expected_answer', 'correct_answer', 'target', 'output']
const SOLUTION_FIELDS = ['solution', 'rationale']
const TESTS_FIELDS = ['test_list', 'tests']
const TEST_SETUP_FIELDS = ['test_setup_code']
const ID_FIELDS = ['id', 'unique_id', 'task_id', 'problem_id']

/** A mapping built from the first field of each kind the record has (names compared case-insensitively), or null without a prompt and a reference. */
export function suggestMapping(fields: readonly string[]): FieldMapping | null {
  const find = (candidates: readonly string[]): string | undefined => {
    for (const candidate of candidates) {
      const hit = fields.find((f) => f.toLowerCase() === candidate)
      if (hit !== undefined) return hit
    }
    return undefined
  }
  const prompt = find(PROMPT_FIELDS)
  const tests = find(TESTS_FIELDS)
  const answer = tests === undefined ? find(ANSWER_FIELDS) : undefined
  const solution = tests === undefined && answer === undefined ? find(SOLUTION_FIELDS) : undefined
  if (prompt === undefined || (answer ?? solution ?? tests) === undefined) return null
  const testSetup = tests !== undefined ? find(TEST_SETUP_FIELDS) : undefined
  const id = find(ID_FIELDS)
  const steps = find(['steps'])
  const labels = steps !== undefined ? find(['labels']) : undefined
  const label = steps !== undefined && labels === undefined ? find(['label']) : undefined
  return {
    prompt,
    ...(answer !== undefined ? { answer } : solution !== undefined ? { solution } : { tests }),
    ...(testSetup !== undefined ? { testSetup } : {}),
    ...(id !== undefined ? { id } : {}),
    ...(steps !== undefined && (labels ?? label) !== undefined ? { steps, ...(labels !== undefined ? { labels } : { label }) } : {}),
  }
}

/** The mapping as `key=field` pairs, the way the CLI takes it and an error can show it. */
export function mappingPairs(mapping: FieldMapping): string {
  return Object.entries(mapping).map(([key, field]) => `${key}=${String(field)}`).join(' ')
}

export interface VerifierChoice {
  verifier: string
  reason: string
}

/**
 * The default verifier of a field-mapped import: `code` for tests; `math` when at least half of the sampled
 * references look mathematical (integers, decimals, fractions, tuples, intervals, LaTeX: answer-kind.ts), since the
 * math verifier reads the model's \boxed{} answer and knows equivalent forms; else `exact` (whole response against
 * the whole reference), which only suits tasks whose answer is the entire response.
 */
export function chooseVerifier(mapping: FieldMapping, references: readonly string[]): VerifierChoice {
  if (mapping.tests !== undefined) return { verifier: 'code', reason: 'the reference is a list of tests, run by the code verifier' }
  const mathLike = references.filter((r) => answerKind(r) !== 'text').length
  if (references.length > 0 && mathLike * 2 >= references.length) {
    return { verifier: 'math', reason: `${mathLike} of ${references.length} sampled answers look mathematical (numbers, fractions, LaTeX…)` }
  }
  return { verifier: 'exact', reason: `${references.length - mathLike} of ${references.length} sampled answers are plain text; exact compares the whole response with the reference` }
}
