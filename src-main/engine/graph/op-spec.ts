// What an operator is to the engine: how to infer its outputs' types at build time, and (for differentiable ops)
// its gradient rule. Op families (ops/*.ts) define these records; ops/registry.ts lists every one of them.
import type { DType } from './dtype'
import type { Dim } from './shape'
import type { Attrs, Node, Tensor } from './graph'

/** The build-time type of a value; `known` carries the value of small int64 shape tensors, symbolically. */
export interface TensorInfo {
  dtype: DType
  shape: Dim[]
  known?: Dim[]
}

/** Inputs as seen by shape inference: optional inputs that were left out are null. */
export type InferInput = (TensorInfo & { name: string }) | null

/**
 * Gradient rule, in the style of onnxruntime's gradient builder: given the node's inputs I, outputs O and the
 * gradients of its outputs GO (all tensors of the same graph), return one gradient (or null) per input. A gradient
 * may have the broadcast shape of the output: the engine reduces it to the input's shape and sums repeated uses.
 */
export type GradRule = (ctx: GradContext) => (Tensor | null)[]

export interface GradContext {
  node: Node
  I: (Tensor | null)[]
  O: Tensor[]
  GO: Tensor[]
  attrs: Attrs
}

export interface OpSpec {
  opType: string
  /** '' is the default ONNX domain. */
  domain: string
  infer(inputs: InferInput[], attrs: Attrs, node: string): TensorInfo[]
  /** Absent: the op is not differentiable; backward through it fails and names it. */
  grad?: GradRule
}
