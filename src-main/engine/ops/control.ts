// ONNX Loop: runs a body subgraph several times inside one run(), e.g. several optimizer steps per call to save
// host<->device copies. Forward only: the engine does not differentiate through loops (no gradient rule).
import { Graph, type Tensor, attr, required } from '../graph/graph'
import type { TensorInfo } from '../graph/op-spec'
import type { Shape } from '../graph/shape'
import { applyOp, graphOf, spec } from './apply'

export const Loop = spec('Loop', (inputs, attrs, node): TensorInfo[] => {
  const body = attrs.body
  if (body?.kind !== 'graph') throw new Error('Loop needs a graph attribute "body"')
  const carried = inputs.length - 2
  // Scan outputs have one row per iteration: the trip count, unless the body can end the loop early.
  const condOut = body.value.outputs[0]?.producer?.inputs[0]
  const runsEveryTrip = !inputs[1] && condOut === body.value.inputs[1]
  const trips = runsEveryTrip ? inputs[0]?.known?.[0] : undefined
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

export interface LoopResult {
  carried: Tensor[]
  scans?: Tensor[]
  /** A bool scalar: false ends the loop after this iteration (default: run every trip). */
  continue?: Tensor
}

export interface LoopOptions {
  /** A bool scalar: false runs no iteration at all (default true). */
  condition?: Tensor
  /**
   * The body's view of each carried value's shape, where it differs from the initial value's: a symbolic dim
   * lets a carried value grow from one iteration to the next (e.g. concatenating a row per iteration).
   */
  carriedShapes?: (Shape | undefined)[]
}

/**
 * `for (i = 0; i < trips && continue; i++) carried = body(i, carried)`, collecting optional per-iteration scan
 * outputs (stacked along a new leading axis; as many rows as iterations ran).
 */
export function loop(trips: Tensor | number, initial: Tensor[], body: (b: LoopBody) => LoopResult, opts: LoopOptions = {}): { carried: Tensor[]; scans: Tensor[] } {
  const outer = graphOf(initial)
  const tripCount = typeof trips === 'number' ? outer.constant(new BigInt64Array([BigInt(trips)]), []) : trips
  const g = new Graph(`${outer.name}_loop`, outer)
  const iteration = g.input(`iter_${outer.nodes.length}`, 'int64', [])
  const condIn = g.input(`cond_${outer.nodes.length}`, 'bool', [])
  const carriedIn = initial.map((t, i) => g.input(`carried_${outer.nodes.length}_${i}`, t.dtype, opts.carriedShapes?.[i] ?? t.shape))
  const result = body({ graph: g, iteration, carried: carriedIn })
  if (result.carried.length !== initial.length) {
    throw new Error(`Loop body returned ${result.carried.length} carried values for ${initial.length} initial ones`)
  }
  if (result.continue && (result.continue.dtype !== 'bool' || result.continue.rank !== 0)) throw new Error('Loop body: continue must be a bool scalar')
  // A value computed in the body is its own output; inputs, outer values and repeats go through an Identity.
  const emit = (t: Tensor, name: string) => (t.graph === g && t.producer && !g.outputs.includes(t) ? g.outputValue(t) : g.output(t, name))
  emit(result.continue ?? condIn, `${condIn.name}_out`)
  result.carried.forEach((t, i) => emit(t, `${carriedIn[i]!.name}_out`))
  ;(result.scans ?? []).forEach((t, i) => emit(t, `scan_${outer.nodes.length}_${i}`))
  const outs = applyOp(Loop, [tripCount, opts.condition ?? null, ...initial], { body: attr.graph(g) })
  return { carried: outs.slice(0, initial.length), scans: outs.slice(initial.length) }
}
