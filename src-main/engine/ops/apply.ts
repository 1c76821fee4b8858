// Helpers the op families share: adding a node to the right graph, lifting JS numbers to constants, and the
// shape-inference building blocks (same-type unary ops, broadcasting binary ops).
import { type Attrs, Tensor, required } from '../graph/graph'
import type { DType } from '../graph/dtype'
import type { InferInput, OpSpec, TensorInfo } from '../graph/op-spec'
import { broadcastShapes } from '../graph/shape'

export type TensorLike = Tensor | number

/** The innermost graph among the inputs' graphs: subgraph bodies may read tensors of enclosing graphs. */
export function graphOf(tensors: (Tensor | null)[]) {
  let graph = null
  for (const t of tensors) {
    if (!t) continue
    if (!graph || graph.isAncestorOf(t.graph)) graph = t.graph
    else if (!t.graph.isAncestorOf(graph)) throw new Error(`tensors ${t.name} and others belong to unrelated graphs`)
  }
  if (!graph) throw new Error('an op needs at least one tensor input')
  return graph
}

export function applyOp(spec: OpSpec, inputs: (Tensor | null)[], attrs: Attrs = {}): Tensor[] {
  return graphOf(inputs).apply(spec, inputs, attrs)
}

export function apply1(spec: OpSpec, inputs: (Tensor | null)[], attrs: Attrs = {}): Tensor {
  return applyOp(spec, inputs, attrs)[0] as Tensor
}

/** A number becomes a scalar constant of `like`'s dtype. */
export function lift(x: TensorLike, like: Tensor, dtype: DType = like.dtype): Tensor {
  return x instanceof Tensor ? x : like.graph.scalar(x, dtype)
}

export function sameAsInput(inputs: InferInput[]): TensorInfo[] {
  const x = required(inputs[0], 'X')
  return [{ dtype: x.dtype, shape: x.shape }]
}

export function broadcastInfer(inputs: InferInput[], outDtype?: DType): TensorInfo[] {
  const present = inputs.map((x, i) => required(x, `input ${i}`))
  const dtype = present[0]!.dtype
  for (const x of present) {
    if (x.dtype !== dtype) throw new Error(`inputs must share one dtype, got ${present.map((p) => p.dtype).join(', ')}`)
  }
  return [{ dtype: outDtype ?? dtype, shape: broadcastShapes(present.map((p) => p.shape), 'broadcast') }]
}

export function spec(opType: string, infer: OpSpec['infer'], grad?: OpSpec['grad'], domain = ''): OpSpec {
  return grad ? { opType, domain, infer, grad } : { opType, domain, infer }
}
