// Reads ../shared/fixtures/prime-golden*.json (format prime-golden-v1, fields in ../shared/fixtures/README.md)
// into flat float64 tensors, failing with the file, case and field on anything unexpected. Test support only.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { sharedDataPresent, sharedPath } from '../../test-support/shared-data'

export const FIXTURE_DIR = sharedPath('fixtures')
export const GOLDEN_FILES = ['prime-golden.json', 'prime-golden-gamma-beta.json'] as const

export interface GoldenCase {
  file: string
  name: string
  B: number
  R: number
  numPrompts: number
  K: number
  beta: number
  gammaRm: number
  gammaGt: number
  granularity: string
  norm: string
  lengths: number[]
  responseMask: Float64Array
  acc: Float64Array
  logpPrm: Float64Array
  logpRef: Float64Array
  policy: { logp: Float64Array; oldLogp: Float64Array; advantages: Float64Array; clipRange: number }
  /** Every output field as in the file: scalars as numbers, [B] and [B][R] tensors flattened row-major. */
  outputs: Record<string, number | Float64Array>
}

/** Whether the golden files are there (in CI their absence throws: test-support/shared-data.ts). */
export function fixturesPresent(): boolean {
  return sharedDataPresent(GOLDEN_FILES.map((f) => `fixtures/${f}`), 'PRIME golden vectors')
}

export function loadGoldenCases(file: string): GoldenCase[] {
  const path = resolve(FIXTURE_DIR, file)
  const root = JSON.parse(readFileSync(path, 'utf8')) as unknown
  const top = asRecord(root, file)
  if (top.format !== 'prime-golden-v1') throw new Error(`${file}: format ${String(top.format)}, expected prime-golden-v1`)
  if (!Array.isArray(top.cases)) throw new Error(`${file}: 'cases' is not an array`)
  return top.cases.map((raw, index) => {
    const where = `${file} cases[${index}]`
    const c = asRecord(raw, where)
    const inputs = asRecord(c.inputs, `${where}.inputs`)
    const policy = asRecord(inputs.policy, `${where}.inputs.policy`)
    const B = num(inputs.B, `${where}.inputs.B`)
    const R = num(inputs.R, `${where}.inputs.R`)
    const matrix = (v: unknown, field: string) => flatten(v, B, R, `${where}.${field}`)
    const outputs: Record<string, number | Float64Array> = {}
    for (const [key, value] of Object.entries(asRecord(c.outputs, `${where}.outputs`))) {
      const field = `${where}.outputs.${key}`
      if (typeof value === 'number') outputs[key] = value
      else if (Array.isArray(value) && Array.isArray(value[0])) outputs[key] = matrix(value, `outputs.${key}`)
      else outputs[key] = flatten(value, B, 1, field)
    }
    return {
      file,
      name: String(c.name),
      B,
      R,
      numPrompts: num(inputs.num_prompts, `${where}.inputs.num_prompts`),
      K: num(inputs.K, `${where}.inputs.K`),
      beta: num(inputs.beta, `${where}.inputs.beta`),
      gammaRm: num(inputs.gamma_rm, `${where}.inputs.gamma_rm`),
      gammaGt: num(inputs.gamma_gt, `${where}.inputs.gamma_gt`),
      granularity: String(inputs.prime_granularity),
      norm: String(inputs.prime_norm),
      lengths: Array.from(flatten(inputs.lengths, B, 1, `${where}.inputs.lengths`)),
      responseMask: matrix(inputs.response_mask, 'inputs.response_mask'),
      acc: flatten(inputs.acc, B, 1, `${where}.inputs.acc`),
      logpPrm: matrix(inputs.logp_prm, 'inputs.logp_prm'),
      logpRef: matrix(inputs.logp_ref, 'inputs.logp_ref'),
      policy: {
        logp: matrix(policy.log_prob, 'inputs.policy.log_prob'),
        oldLogp: matrix(policy.old_log_prob, 'inputs.policy.old_log_prob'),
        advantages: matrix(policy.advantages, 'inputs.policy.advantages'),
        clipRange: num(policy.cliprange, `${where}.inputs.policy.cliprange`),
      },
      outputs,
    }
  })
}

/** [B] or [B][R] nested numbers → flat Float64Array of B*cols, checking every size and entry. */
function flatten(value: unknown, rows: number, cols: number, field: string): Float64Array {
  if (!Array.isArray(value) || value.length !== rows) throw new Error(`${field}: expected ${rows} rows`)
  const out = new Float64Array(rows * cols)
  value.forEach((row: unknown, b) => {
    const cells = cols === 1 ? [row] : row
    if (!Array.isArray(cells) || cells.length !== cols) throw new Error(`${field}[${b}]: expected ${cols} numbers`)
    cells.forEach((cell: unknown, t) => (out[b * cols + t] = num(cell, `${field}[${b}][${t}]`)))
  })
  return out
}

function num(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${field}: ${String(value)} is not a finite number`)
  return value
}

function asRecord(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${field}: not an object`)
  return value as Record<string, unknown>
}
