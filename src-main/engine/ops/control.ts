// ONNX Loop: runs a body subgraph several times inside one run(), e.g. several optimizer steps per call to save
// host<->device copies. Forward only: the engine does not differentiate through loops (no gradient rule).
import { Graph, type Tensor, attr, required } from '../graph/graph'
import type { TensorInfo } from '../graph/op-spec'
import { applyOp, graphOf, spec } from './apply'

export const Loop = spec('Loop', (inputs, attrs, node): TensorInfo[] => {
  const body = attrs.body
  if (body?.kind !== 'graph') throw new Error('Loop needs a graph attribute "body"')
  const carried = inputs.length - 2
  const trips = inputs[0]?.known?.[0]
  return body.value.outputs.slice(1).map((out, i) => {
    if (i < carried) {
      const init = required(inputs[i + 2], `v_initial ${i}`)
      if (init.dtype !== out.dtype) throw new Error(`carried value ${i}: body returns ${out.dtype}, initial is ${init.dtype}`)
      return { dtype: out.dtype, shape: [...out.shape] }
    }
    return { dtype: out.dtype, shape: [trips ?? `${node}_trips`, ...out.shape] }
  })
})

export const CONTROL_OPS = [Loop]

export interface LoopBody {
  /** The loop's own graph: create constants here with body.graph.scalar(...) etc. */
  graph: Graph
  iteration: Tensor
  carried: Tensor[]
}

/**
 * `for (i = 0; i < trips; i++) carried = body(i, carried)`, collecting optional per-iteration scan outputs
 * (stacked along a new leading axis).
 */
export function loop(
  trips: Tensor | number,
  initial: Tensor[],
  body: (b: LoopBody) => { carried: Tensor[]; scans?: Tensor[] },
): { carried: Tensor[]; scans: Tensor[] } {
  const outer = graphOf(initial)
  const tripCount = typeof trips === 'number' ? outer.constant(new BigInt64Array([BigInt(trips)]), []) : trips
  const g = new Graph(`${outer.name}_loop`, outer)
  const iteration = g.input(`iter_${outer.nodes.length}`, 'int64', [])
  const condIn = g.input(`cond_${outer.nodes.length}`, 'bool', [])
  const carriedIn = initial.map((t, i) => g.input(`carried_${outer.nodes.length}_${i}`, t.dtype, t.shape))
  const result = body({ graph: g, iteration, carried: carriedIn })
  if (result.carried.length !== initial.length) {
    throw new Error(`Loop body returned ${result.carried.length} carried values for ${initial.length} initial ones`)
  }
  g.output(condIn, `${condIn.name}_out`)
  result.carried.forEach((t, i) => g.output(t, `${carriedIn[i]!.name}_out`))
  ;(result.scans ?? []).forEach((t, i) => g.output(t, `scan_${outer.nodes.length}_${i}`))
  const outs = applyOp(Loop, [tripCount, null, ...initial], { body: attr.graph(g) })
  return { carried: outs.slice(0, initial.length), scans: outs.slice(initial.length) }
}
