// The math verifier in the common Verifier shape: gradeMath with its options read from plain JSON.

import { booleanOption, numberOption, type Verifier } from '../verifier'
import { gradeMath } from './grade-math'

export const mathVerifier: Verifier = (response, reference, options) => {
  if (typeof response !== 'string' || typeof reference !== 'string') {
    throw new TypeError('math verifier: response and reference must be strings')
  }
  const relTol = numberOption(options, 'relTol', 'math')
  const exactUpstream = booleanOption(options, 'exactUpstream', 'math')
  // The authors' training reward (prime.py) turns any error inside the grader into 0; so does this verifier, with
  // the error as the detail. Bad options (above) are the caller's mistake and still throw.
  try {
    const g = gradeMath(response, reference, { relTol, exactUpstream })
    return { score: g.score, detail: g.detail, extracted: g.extracted }
  } catch (error) {
    return { score: 0, detail: `error: ${error instanceof Error ? error.message : String(error)}` }
  }
}
