// Every verifier by name: the worker pool and the RL loop look verifiers up here (an explicit list; nothing registers
// itself on import).

import { exactVerifier } from './exact-verifier'
import { mathVerifier } from './math/math-verifier'
import { arithChainVerifier } from './synthetic/arith-chain'
import { fractionsVerifier } from './synthetic/fractions'
import { linearEquationVerifier } from './synthetic/linear-equation'
import type { Verifier } from './verifier'

export const VERIFIERS: Readonly<Record<string, Verifier>> = {
  math: mathVerifier,
  exact: exactVerifier,
  'arith-chain': arithChainVerifier,
  'linear-equation': linearEquationVerifier,
  fractions: fractionsVerifier,
}

export function getVerifier(name: string): Verifier {
  const v = Object.hasOwn(VERIFIERS, name) ? VERIFIERS[name] : undefined
  if (!v) throw new Error(`unknown verifier "${name}" (known: ${Object.keys(VERIFIERS).join(', ')})`)
  return v
}
