// The tests of an APPS-style reference: the JSON string {"inputs": [...], "outputs": [...], "fn_name"?: string}.
// Two formats are accepted, as in the datasets the PRIME authors trained on:
//   - stdin/stdout (no fn_name): inputs[i] is the text fed on stdin and outputs[i] the expected stdout
//     (either may also be a list of lines, joined with "\n" as the authors' runner does);
//   - call-based (fn_name): inputs[i] is the argument list — a JSON array, or (verl's format) a string holding
//     one JSON value per line — and outputs[i] the expected return value (a JSON value, or a string holding one).
// A third form holds MBPP-style tests (Austin et al. 2021: `test_list`, `test_setup_code`): {"asserts": [...],
// "setup"?: string}, Python assert statements run after the program; a test passes when it raises nothing.
// Numbers are kept exact (exact-json.ts). Errors name the field.

import { exactJsonEqual, type ExactJson, JsonNumber, parseExactJson, stringifyExactJson } from './exact-json'

export type AppsTests =
  | { mode: 'stdin'; inputs: string[]; outputs: string[] }
  /** args[i]: the call's argument list as JSON text, handed to the sandboxed harness as is. */
  | { mode: 'call'; fnName: string; args: string[]; outputs: ExactJson[] }
  /** asserts[i]: Python statements; setup runs before each (MBPP's test_setup_code). */
  | { mode: 'assert'; asserts: string[]; setup: string | null; outputs: null[] }

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

function kind(v: ExactJson): string {
  if (v === null) return 'null'
  if (v instanceof JsonNumber) return 'number'
  if (Array.isArray(v)) return 'array'
  if (v instanceof Map) return 'object'
  return typeof v
}

function textOrLines(v: ExactJson, field: string): string {
  if (typeof v === 'string') return v
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join('\n')
  throw new TypeError(`code verifier: ${field} must be a string or a list of strings (stdin mode), got ${kind(v)}`)
}

function callArgs(v: ExactJson, field: string): string {
  if (Array.isArray(v)) return stringifyExactJson(v)
  if (typeof v === 'string') {
    const values = v
      .split('\n')
      .map((line, i) => ({ line, i }))
      .filter(({ line }) => line.trim() !== '')
      .map(({ line, i }) => parseExactJson(line, `${field} line ${i + 1}`))
    return stringifyExactJson(values)
  }
  throw new TypeError(`code verifier: ${field} must be an argument list (array) or a string of JSON lines, got ${kind(v)}`)
}

/** The reference of an MBPP-style row: its assert statements (and setup code) as the code verifier reads them. */
export function assertsReference(asserts: readonly string[], setup: string | null): string {
  return JSON.stringify(setup ? { asserts, setup } : { asserts })
}

function parseAsserts(root: Map<string, ExactJson>): AppsTests {
  const asserts = root.get('asserts')
  if (!Array.isArray(asserts) || !asserts.every((a) => typeof a === 'string' && a.trim() !== '')) {
    throw new TypeError('code verifier: reference.asserts must be a list of non-empty strings (Python assert statements)')
  }
  if (asserts.length === 0) throw new RangeError('code verifier: reference has no tests')
  const setup = root.get('setup') ?? null
  if (setup !== null && typeof setup !== 'string') throw new TypeError(`code verifier: reference.setup must be a string, got ${kind(setup)}`)
  return { mode: 'assert', asserts: asserts as string[], setup: setup === '' ? null : setup, outputs: asserts.map(() => null) }
}

export function parseAppsReference(reference: string): AppsTests {
  const root = parseExactJson(reference, 'code verifier reference')
  if (!(root instanceof Map)) throw new TypeError(`code verifier: reference must be a JSON object, got ${kind(root)}`)
  if (root.has('asserts')) return parseAsserts(root)
  const inputs = root.get('inputs')
  const outputs = root.get('outputs')
  if (!Array.isArray(inputs)) throw new TypeError(`code verifier: reference.inputs must be an array, got ${inputs === undefined ? 'nothing' : kind(inputs)}`)
  if (!Array.isArray(outputs)) throw new TypeError(`code verifier: reference.outputs must be an array, got ${outputs === undefined ? 'nothing' : kind(outputs)}`)
  if (inputs.length !== outputs.length) {
    throw new RangeError(`code verifier: reference has ${inputs.length} inputs but ${outputs.length} outputs`)
  }
  if (inputs.length === 0) throw new RangeError('code verifier: reference has no tests')

  const fnName = root.get('fn_name')
  if (fnName === undefined || fnName === null) {
    return {
      mode: 'stdin',
      inputs: inputs.map((v, i) => textOrLines(v, `reference.inputs[${i}]`)),
      outputs: outputs.map((v, i) => textOrLines(v, `reference.outputs[${i}]`)),
    }
  }
  if (typeof fnName !== 'string' || !IDENTIFIER.test(fnName)) {
    throw new TypeError(`code verifier: reference.fn_name must be a Python identifier, got ${JSON.stringify(stringifyExactJson(fnName))}`)
  }
  return {
    mode: 'call',
    fnName,
    args: inputs.map((v, i) => callArgs(v, `reference.inputs[${i}]`)),
    outputs: outputs.map((v, i) => (typeof v === 'string' ? parseExactJson(v, `reference.outputs[${i}]`) : v)),
  }
}

/**
 * Does a return value (JSON text from the harness) answer a call-based test? JSON-equal (tuples are lists), or
 * equal to the first element of an expected list: original APPS wraps every expected value in a one-element
 * list, and the authors' runner accepts `output == expected[0]`.
 */
export function returnValueMatches(resultJson: string, expected: ExactJson): boolean {
  const value = parseExactJson(resultJson, 'return value')
  if (exactJsonEqual(value, expected)) return true
  return Array.isArray(expected) && expected.length > 0 && exactJsonEqual(value, expected[0] as ExactJson)
}
