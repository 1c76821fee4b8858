// The code verifier (PRIME "Verify" step, code tasks): run the response's last fenced Python block against the
// APPS-style tests of the reference, in the bubblewrap sandbox, and score it as the PRIME authors do
// (verl/utils/reward_score/prime_code/__init__.py, continuous=True): 1 when every test passes, otherwise the
// fraction of the first min(10, n) tests that pass. Consequence kept from the authors: when the first 10 pass and
// a later test fails, the score is still 10/10 = 1; the detail says so.
//
// Asynchronous, unlike the common Verifier type (verifier.ts), because it waits on a child process; the worker pool
// calls verifiers synchronously, so it needs an async path before this can be registered there.
//
// Tests run in order in one sandbox, each in a fresh process (apps_harness.py); results stream back and the
// sandbox is stopped as soon as the score is decided (a failure once the first 10 have run). Expected outputs stay
// here: the sandboxed program never sees them.

import { type AppsTests, parseAppsReference, returnValueMatches } from './apps-tests'
import { stdoutMatches } from './compare-output'
import { extractPythonCode } from './extract-code'
import { DEFAULT_SANDBOX_LIMITS, runSandboxed, SANDBOX_PYTHON } from './sandbox'
import { readFileSync } from 'node:fs'
import { numberOption, type VerifyOptions, type VerifyResult } from '../verifier'

/** Tests counted for a partial score (the authors' `if test_case_id >= 9: break`). */
export const SCORED_TESTS = 10

const DEFAULTS = {
  /** Per test, as the authors' first full run (`timeout=5`); their per-test reruns allow 10 s. */
  testTimeoutMs: 5000,
  memoryMiB: DEFAULT_SANDBOX_LIMITS.memoryBytes / 2 ** 20,
  maxProcesses: DEFAULT_SANDBOX_LIMITS.maxProcesses,
  /** Per test: stdout beyond this ends the test as "output limit". */
  maxOutputBytes: 4 * 2 ** 20,
  /** Added to n × testTimeoutMs for the whole run: sandbox and interpreter start-up. */
  startupMs: 3000,
}

const HARNESS_PATH = '/sandbox/apps_harness.py'
let harnessSource: string | undefined

/** The harness script, read once from beside this module (the build emits it beside the bundle: electron.vite.config.ts). */
function harness(): string {
  if (harnessSource === undefined) {
    const url = new URL('./apps_harness.py', import.meta.url)
    try {
      harnessSource = readFileSync(url, 'utf8')
    } catch (e) {
      throw new Error(`code verifier: cannot read its sandbox harness ${url.href}: ${e instanceof Error ? e.message : String(e)}`)
    }
  }
  return harnessSource
}

interface TestOutcome {
  passed: boolean
  /** Why it failed: "wrong answer", "timeout", "runtime error", "output limit", "crash". */
  kind?: string
  message?: string
}

interface HarnessRecord {
  test?: unknown
  status?: unknown
  stdout?: unknown
  result?: unknown
  passed?: unknown
  message?: unknown
}

const KIND_OF_STATUS: Readonly<Record<string, string>> = {
  error: 'runtime error',
  timeout: 'timeout',
  output_limit: 'output limit',
  crash: 'crash',
}

function positiveOption(options: VerifyOptions | undefined, field: string, fallback: number): number {
  const v = numberOption(options, field, 'code') ?? fallback
  if (!(v > 0)) throw new RangeError(`code verifier: option "${field}" must be positive, got ${v}`)
  return v
}

function judge(record: HarnessRecord, index: number, tests: AppsTests): TestOutcome {
  const message = typeof record.message === 'string' ? record.message : ''
  if (record.status !== 'ok') {
    return { passed: false, kind: KIND_OF_STATUS[String(record.status)] ?? 'crash', message: message || String(record.status) }
  }
  if (tests.mode === 'assert') return record.passed === true ? { passed: true } : { passed: false, kind: 'wrong answer', message: 'an assert failed' }
  if (tests.mode === 'stdin') {
    const stdout = typeof record.stdout === 'string' ? record.stdout : ''
    return stdoutMatches(stdout, tests.outputs[index] as string) ? { passed: true } : { passed: false, kind: 'wrong answer' }
  }
  try {
    const ok = typeof record.result === 'string' && returnValueMatches(record.result, tests.outputs[index] ?? null)
    return ok ? { passed: true } : { passed: false, kind: 'wrong answer' }
  } catch {
    return { passed: false, kind: 'wrong answer', message: 'the return value was not valid JSON' }
  }
}

/**
 * Score a response against APPS-style tests. Throws on a malformed reference or option, and throws
 * SandboxUnavailableError (never runs the code) when no sandbox is available.
 *
 * Options (all optional): testTimeoutMs (per test, default 5000), totalTimeoutMs (whole run, default
 * n × testTimeoutMs + 3000), memoryMiB (address space per process, default 256), maxProcesses (default 4; the
 * sandbox as a whole holds at most memoryMiB × maxProcesses + 32 MiB, at most 4 GiB), maxOutputBytes (stdout per
 * test, default 4 MiB).
 */
export async function verifyCode(response: string, reference: string, options?: VerifyOptions): Promise<VerifyResult> {
  if (typeof response !== 'string' || typeof reference !== 'string') {
    throw new TypeError('code verifier: response and reference must be strings')
  }
  const testTimeoutMs = positiveOption(options, 'testTimeoutMs', DEFAULTS.testTimeoutMs)
  const memoryMiB = positiveOption(options, 'memoryMiB', DEFAULTS.memoryMiB)
  const maxProcesses = positiveOption(options, 'maxProcesses', DEFAULTS.maxProcesses)
  if (maxProcesses < 3) {
    throw new RangeError(`code verifier: option "maxProcesses" must be at least 3 (bwrap's init, the harness, the program), got ${maxProcesses}`)
  }
  const maxOutputBytes = positiveOption(options, 'maxOutputBytes', DEFAULTS.maxOutputBytes)
  const tests = parseAppsReference(reference)
  const n = tests.outputs.length
  const totalTimeoutMs = positiveOption(options, 'totalTimeoutMs', n * testTimeoutMs + DEFAULTS.startupMs)

  const code = extractPythonCode(response)
  if (code === null) return { score: 0, detail: 'no fenced Python code block in the response' }
  if (code.trim() === '') return { score: 0, detail: 'the Python code block is empty', extracted: code }

  const job = {
    mode: tests.mode,
    code,
    fn_name: tests.mode === 'call' ? tests.fnName : null,
    setup: tests.mode === 'assert' ? tests.setup : null,
    tests: tests.mode === 'call' ? tests.args : tests.mode === 'assert' ? tests.asserts : tests.inputs,
    test_timeout_s: testTimeoutMs / 1000,
    max_output_bytes: Math.floor(maxOutputBytes),
  }
  const scored = Math.min(SCORED_TESTS, n)
  const outcomes: TestOutcome[] = []
  let ready = false
  let compileError: string | undefined
  let protocolError: string | undefined

  const onLine = (line: string): boolean => {
    let record: HarnessRecord & { ready?: unknown; compile_error?: unknown }
    try {
      record = JSON.parse(line) as typeof record
    } catch {
      protocolError = `unreadable harness line ${JSON.stringify(line.slice(0, 80))}`
      return true
    }
    if (!ready) {
      ready = record.ready === true
      if (!ready) protocolError = 'the harness did not report ready'
      return !ready
    }
    if (typeof record.compile_error === 'string') {
      compileError = record.compile_error
      return true
    }
    if (record.test !== outcomes.length) {
      protocolError = `harness reported test ${String(record.test)} where test ${outcomes.length} was due`
      return true
    }
    outcomes.push(judge(record, outcomes.length, tests))
    const failed = outcomes.some((o) => !o.passed)
    return outcomes.length === n || (failed && outcomes.length >= scored)
  }

  const run = await runSandboxed({
    command: [SANDBOX_PYTHON, '-I', HARNESS_PATH],
    files: [{ path: HARNESS_PATH, data: harness() }],
    stdin: JSON.stringify(job),
    limits: {
      memoryBytes: memoryMiB * 2 ** 20,
      maxProcesses,
      cpuSeconds: Math.ceil(totalTimeoutMs / 1000) + 1,
    },
    wallTimeoutMs: totalTimeoutMs,
    // every record carries at most one test's output, JSON-escaped (≤ 6 bytes per byte)
    maxStdoutBytes: (n + 2) * (6 * maxOutputBytes + 4096),
    onStdoutLine: onLine,
  })

  if (!ready) {
    const why = run.ended === 'timeout' ? `did not start within ${totalTimeoutMs} ms` : `ended (exit code ${run.exitCode}) before starting`
    throw new Error(`code verifier: the sandbox ${why}${run.stderr.trim() ? `: ${run.stderr.trim()}` : ''}`)
  }
  if (compileError !== undefined) {
    const syntax = /^(SyntaxError|IndentationError|TabError)\b/.test(compileError)
    return { score: 0, detail: `${syntax ? 'syntax error' : 'compile error'}: ${compileError}`, extracted: code }
  }

  const passedScored = outcomes.slice(0, scored).filter((o) => o.passed).length
  if (outcomes.length === n && outcomes.every((o) => o.passed)) {
    return { score: 1, detail: `passed all ${n} tests`, extracted: code }
  }

  // The first failure: a failed test, or the test the run never reported (killed by the budget, the output cap,
  // or a harness that died).
  const failedAt = outcomes.findIndex((o) => !o.passed)
  const at = failedAt >= 0 ? failedAt : outcomes.length
  const failure: TestOutcome =
    failedAt >= 0
      ? (outcomes[failedAt] as TestOutcome)
      : run.ended === 'timeout'
        ? { passed: false, kind: 'timeout', message: `the run exceeded its ${totalTimeoutMs} ms budget` }
        : run.ended === 'output_limit'
          ? { passed: false, kind: 'output limit', message: 'the sandbox printed past its output cap' }
          : { passed: false, kind: 'crash', message: protocolError ?? `the harness ended early (exit code ${run.exitCode}) ${run.stderr.trim()}`.trim() }
  const where = `test ${at + 1} of ${n}${failure.message ? ` (${failure.message})` : ''}`
  if (at >= scored) {
    return {
      score: 1,
      detail: `passed the first ${scored} tests, then ${failure.kind} at ${where}; scored 1 because the authors' continuous score counts only the first ${scored}`,
      extracted: code,
    }
  }
  return {
    score: passedScored / scored,
    detail: `${failure.kind}: ${passedScored}/${scored} of the first ${scored} tests passed; first failure at ${where}`,
    extracted: code,
  }
}
