// The `exact` verifier: the response (trimmed) must equal the reference (trimmed). For tasks whose answers are
// canonical strings, and as the simplest possible judge to compare the others against.
import type { Verifier } from './verifier'

export const exactVerifier: Verifier = (response, reference) => {
  const equal = response.trim() === reference.trim()
  return { score: equal ? 1 : 0, detail: equal ? 'exact match' : 'differs from the reference' }
}
