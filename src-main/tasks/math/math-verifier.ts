// The math verifier in the common Verifier shape: gradeMath with its options read from plain JSON.

import { booleanOption, numberOption, type Verifier } from '../verifier'
import { gradeMath } from './grade-math'

export const mathVerifier: Verifier = (response, reference, options) => {
  if (typeof response !== 'string' || typeof reference !== 'string') {
    throw new TypeError('math verifier: response and reference must be strings')
  }
  const relTol = numberOption(options, 'relTol', 'math')
  const exactUpstream = booleanOption(options, 'exactUpstream', 'math')
  const g = gradeMath(response, reference, { relTol, exactUpstream })
  return { score: g.score, detail: g.detail, extracted: g.extracted }
}
