// Reverse-mode autodiff over a builder graph. Walks the nodes that lie between the parameters and the loss in
// reverse order, asks each op's rule (from ops/registry.ts) for its input gradients, reduces broadcast gradients
// to the input's shape, checks count/shape/dtype, and sums the gradients of tensors used more than once.
import { type Tensor, type Node } from '../graph/graph'
import { isFloat } from '../graph/dtype'
import type { OpSpec } from '../graph/op-spec'
import { formatShape, shapeEquals } from '../graph/shape'
import { sum } from '../ops/elementwise'
import { lookupOp } from '../ops/registry'
import { zerosLike } from '../ops/shape'
import { unbroadcast } from './unbroadcast'

export class GradientError extends Error {
  override name = 'GradientError'
}

export type RuleLookup = (domain: string, opType: string) => OpSpec | undefined

/**
 * Gradients of the scalar `loss` with respect to each of `wrt` (zeros for a tensor the loss does not use).
 * `rules` is the op registry; tests pass another lookup to check that broken rules are caught.
 */
export function gradients(loss: Tensor, wrt: readonly Tensor[], rules: RuleLookup = lookupOp): Tensor[] {
  const graph = loss.graph
  if (!loss.shape.every((d) => d === 1)) {
    throw new GradientError(`backward needs a scalar loss; ${describe(loss)} has shape ${formatShape(loss.shape)}`)
  }
  if (!isFloat(loss.dtype)) throw new GradientError(`backward needs a float loss; ${describe(loss)} is ${loss.dtype}`)
  for (const w of wrt) {
    if (!isFloat(w.dtype)) throw new GradientError(`cannot differentiate with respect to ${w} (not a float tensor)`)
    if (w.graph !== graph) throw new GradientError(`${w} belongs to a different graph than the loss`)
  }

  const dependsOnWrt = forwardReach(graph.nodes, wrt)
  const pending = new Map<Tensor, Tensor[]>([[loss, [graph.constant(onesOf(loss), loss.shape as number[])]]])
  const gradOf = (t: Tensor): Tensor | null => {
    const parts = pending.get(t)
    if (!parts || parts.length === 0) return null
    const total = sum(...parts)
    pending.set(t, [total])
    return total
  }

  const nodes = graph.nodes
  for (let n = nodes.length - 1; n >= 0; n--) {
    const node = nodes[n]!
    if (!node.outputs.some((o) => pending.has(o))) continue
    if (!node.inputs.some((i) => i && dependsOnWrt.has(i))) continue
    const spec = rules(node.spec.domain, node.spec.opType)
    if (!spec) throw new GradientError(`op ${opName(node)} is not in the op registry`)
    if (!spec.grad) throw new GradientError(`op ${opName(node)} has no gradient rule (needed to reach the loss)`)
    const GO = node.outputs.map((o) => gradOf(o) ?? zerosLike(o))
    let grads: (Tensor | null)[]
    try {
      grads = spec.grad({ node, I: node.inputs, O: node.outputs, GO, attrs: node.attrs })
    } catch (err) {
      throw new GradientError(`gradient rule of ${opName(node)} failed: ${(err as Error).message}`, { cause: err })
    }
    if (grads.length !== node.inputs.length) {
      throw new GradientError(`gradient rule of ${opName(node)} returned ${grads.length} gradients for ${node.inputs.length} inputs`)
    }
    grads.forEach((g, i) => {
      const input = node.inputs[i]
      if (!g || !input || !dependsOnWrt.has(input)) return
      if (g.dtype !== input.dtype) {
        throw new GradientError(`gradient rule of ${opName(node)} gave input ${i} dtype ${g.dtype}, expected ${input.dtype}`)
      }
      const reduced = unbroadcast(g, input.shape)
      if (!shapeEquals(reduced.shape, input.shape)) {
        throw new GradientError(
          `gradient rule of ${opName(node)} gave input ${i} shape ${formatShape(g.shape)}, expected ${formatShape(input.shape)}`,
        )
      }
      const list = pending.get(input) ?? []
      list.push(reduced)
      pending.set(input, list)
    })
  }
  return wrt.map((w) => gradOf(w) ?? zerosLike(w))
}

/** Tensors whose value depends on any of `wrt` through float edges (only those can carry a gradient). */
function forwardReach(nodes: readonly Node[], wrt: readonly Tensor[]): Set<Tensor> {
  const reach = new Set<Tensor>(wrt)
  for (const node of nodes) {
    if (!node.inputs.some((i) => i && reach.has(i))) continue
    for (const o of node.outputs) if (isFloat(o.dtype)) reach.add(o)
  }
  return reach
}

function onesOf(t: Tensor) {
  return t.dtype === 'float64' ? new Float64Array([1]) : new Float32Array([1])
}

function opName(node: Node): string {
  return `${node.spec.domain ? node.spec.domain + '.' : ''}${node.spec.opType} (node ${node.name})`
}

function describe(t: Tensor): string {
  return t.producer ? `the output of ${opName(t.producer)}` : `tensor ${t.name}`
}
