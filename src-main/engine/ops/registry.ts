// The one list of every op the engine builds, read by autodiff to find gradient rules. Nothing registers itself:
// an op that is not listed here cannot be differentiated through, and backward says so by name.
import { IDENTITY_SPEC } from '../graph/graph'
import type { OpSpec } from '../graph/op-spec'
import { CONTROL_OPS } from './control'
import { ELEMENTWISE_OPS } from './elementwise'
import { MATMUL_OPS } from './matmul'
import { NN_OPS } from './nn'
import { REDUCE_OPS } from './reduce'
import { SHAPE_OPS } from './shape'

export const ALL_OPS: readonly OpSpec[] = [
  IDENTITY_SPEC,
  ...ELEMENTWISE_OPS,
  ...MATMUL_OPS,
  ...REDUCE_OPS,
  ...SHAPE_OPS,
  ...NN_OPS,
  ...CONTROL_OPS,
]

const key = (domain: string, opType: string) => (domain ? `${domain}::${opType}` : opType)

const BY_KEY = new Map(ALL_OPS.map((op) => [key(op.domain, op.opType), op]))

export function lookupOp(domain: string, opType: string): OpSpec | undefined {
  return BY_KEY.get(key(domain, opType))
}

/** Ops with a gradient rule, and those without (listed in the README). */
export const DIFFERENTIABLE_OPS = ALL_OPS.filter((op) => op.grad).map((op) => key(op.domain, op.opType))
export const NON_DIFFERENTIABLE_OPS = ALL_OPS.filter((op) => !op.grad).map((op) => key(op.domain, op.opType))
